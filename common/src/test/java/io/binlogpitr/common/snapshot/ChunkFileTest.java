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

    private static final ChunkHeader JSON_HEADER = new ChunkHeader(
            "shop",
            "docs",
            List.of(new SqlColumn("id", ValueKind.INTEGER, null), new SqlColumn("j", ValueKind.JSON, null)));

    @Test
    void typedJsonScalarsComeBackWithTheirRow() throws Exception {
        Path file = dir.resolve("json.chunk.zst");
        List<io.binlogpitr.common.sql.JsonDocument.Scalar> typed = List.of(
                new io.binlogpitr.common.sql.JsonDocument.Scalar(
                        "$.\"\uD83D\uDE00\"[0]", io.binlogpitr.common.sql.JsonDocument.Type.DECIMAL, "2.000000000"),
                new io.binlogpitr.common.sql.JsonDocument.Scalar(
                        "$[1]", io.binlogpitr.common.sql.JsonDocument.Type.OPAQUE, "base64:type15:AQ=="));
        @SuppressWarnings("unchecked")
        List<io.binlogpitr.common.sql.JsonDocument.Scalar>[] withTyped = new List[] {null, typed};
        ChunkInfo info;
        try (ChunkWriter writer = ChunkWriter.create(file, ChunkCompression.ZSTD, JSON_HEADER)) {
            writer.writeRow(new byte[][] {bytes("1"), bytes("{}")});
            writer.writeRow(new byte[][] {bytes("2"), bytes("[2.000000000, \"base64:type15:AQ==\"]")}, withTyped);
            writer.writeRow(new byte[][] {bytes("3"), null});
            info = writer.finish();
        }
        assertThat(ChunkReader.verify(file, info.crc32c()).rows()).isEqualTo(3);
        try (ChunkReader reader = ChunkReader.open(file)) {
            assertThat(reader.version()).isEqualTo(2);
            assertThat(reader.next()[0]).isEqualTo(bytes("1"));
            assertThat(reader.typed(1)).isEmpty();
            assertThat(reader.next()[0]).isEqualTo(bytes("2"));
            assertThat(reader.typed(1)).isEqualTo(typed);
            assertThat(reader.typed(0)).isEmpty();
            assertThat(reader.next()[1]).isNull();
            assertThat(reader.typed(1)).isEmpty();
            assertThat(reader.next()).isNull();
        }
    }

    /** A chunk as this build's predecessors wrote it (format 1: no typed scalars after a row) is still read. */
    @Test
    void aVersionOneChunkIsStillRead() throws Exception {
        java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(content);
        out.write("PITRCHNK".getBytes(StandardCharsets.US_ASCII));
        out.writeByte(1);
        out.writeUTF("shop");
        out.writeUTF("docs");
        out.writeByte(2);
        for (SqlColumn c : JSON_HEADER.columns()) {
            out.writeUTF(c.name());
            out.writeUTF(c.kind().name());
            out.writeUTF("");
        }
        out.writeByte(1);
        out.writeByte(2);
        out.write(bytes("7"));
        out.writeByte(3);
        out.write(bytes("[]"));
        out.writeByte(0);
        out.writeLong(1);
        out.flush();
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(content.toByteArray());
        out.writeInt((int) crc.getValue());
        Path file = dir.resolve("v1.chunk");
        Files.write(file, content.toByteArray());
        try (ChunkReader reader = ChunkReader.open(file)) {
            assertThat(reader.version()).isEqualTo(1);
            assertThat(reader.header()).isEqualTo(JSON_HEADER);
            assertThat(reader.next()).isDeepEqualTo(new byte[][] {bytes("7"), bytes("[]")});
            assertThat(reader.typed(1)).isEmpty();
            assertThat(reader.next()).isNull();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
