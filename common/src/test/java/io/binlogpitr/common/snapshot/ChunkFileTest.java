package io.binlogpitr.common.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.sql.SqlColumn;
import io.binlogpitr.common.sql.ValueKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChunkFileTest {
    private static final ChunkHeader HEADER = new ChunkHeader(
            "shop",
            "orders",
            List.of(
                    new SqlColumn("id", ValueKind.INTEGER, null),
                    new SqlColumn("note", ValueKind.TEXT, "gbk"),
                    new SqlColumn("blob", ValueKind.BINARY, null)));

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ChunkCompression.class)
    void rowsComeBackAsWrittenWithNullAndEmptyApart(ChunkCompression compression) throws Exception {
        Path file = dir.resolve("c" + compression.suffix());
        List<byte[][]> rows = rows(2000);
        ChunkInfo info;
        try (ChunkWriter writer = ChunkWriter.create(file, compression, HEADER)) {
            for (byte[][] row : rows) {
                writer.writeRow(row);
            }
            info = writer.finish();
        }

        assertThat(info.rows()).isEqualTo(2000);
        assertThat(info.bytes()).isEqualTo(Files.size(file));
        assertThat(ChunkReader.verify(file, info.crc32c())).isEqualTo(info);
        try (ChunkReader reader = ChunkReader.open(file)) {
            assertThat(reader.header()).isEqualTo(HEADER);
            for (byte[][] expected : rows) {
                assertThat(reader.next()).isDeepEqualTo(expected);
            }
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void zstdIsSmallerThanTheContent() throws Exception {
        Path file = dir.resolve("c.zst");
        ChunkInfo info;
        try (ChunkWriter writer = ChunkWriter.create(file, ChunkCompression.ZSTD, HEADER)) {
            for (byte[][] row : rows(5000)) {
                writer.writeRow(row);
            }
            info = writer.finish();
        }
        assertThat(info.bytes()).isLessThan(info.uncompressedBytes() / 2);
    }

    @Test
    void aWrongRecordedChecksumIsRefused() throws Exception {
        Path file = write(ChunkCompression.NONE);
        long crc = ChunkReader.verify(file, -1).crc32c();

        assertCorrupt(() -> ChunkReader.verify(file, crc ^ 1), "differs from the recorded");
    }

    @ParameterizedTest
    @EnumSource(ChunkCompression.class)
    void aTruncatedOrFlippedFileIsRefused(ChunkCompression compression) throws Exception {
        Path file = write(compression);
        byte[] bytes = Files.readAllBytes(file);

        Files.write(file, Arrays.copyOf(bytes, bytes.length - 7));
        assertCorrupt(() -> ChunkReader.verify(file, -1), "is damaged");

        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x04;
        Files.write(file, flipped);
        assertCorrupt(() -> ChunkReader.verify(file, -1), "is damaged");
    }

    @Test
    void aWriterClosedWithoutFinishingLeavesNoFile() throws Exception {
        Path file = dir.resolve("partial.zst");
        try (ChunkWriter writer = ChunkWriter.create(file, ChunkCompression.ZSTD, HEADER)) {
            writer.writeRow(rows(1).get(0));
        }
        assertThat(file).doesNotExist();
    }

    private Path write(ChunkCompression compression) throws Exception {
        Path file = dir.resolve("w" + compression.suffix());
        try (ChunkWriter writer = ChunkWriter.create(file, compression, HEADER)) {
            for (byte[][] row : rows(300)) {
                writer.writeRow(row);
            }
            writer.finish();
        }
        return file;
    }

    private static void assertCorrupt(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        PitrException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SNAPSHOT_CORRUPT))
                .hasMessageContaining(message);
    }

    private static List<byte[][]> rows(int n) {
        List<byte[][]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] note =
                    i % 3 == 0 ? null : i % 3 == 1 ? new byte[0] : ("note " + i).getBytes(StandardCharsets.US_ASCII);
            byte[] blob = new byte[i % 200];
            Arrays.fill(blob, (byte) i);
            rows.add(new byte[][] {Integer.toString(i).getBytes(StandardCharsets.US_ASCII), note, blob});
        }
        return rows;
    }
}
