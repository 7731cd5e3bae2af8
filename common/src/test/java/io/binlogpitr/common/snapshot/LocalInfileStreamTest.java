package io.binlogpitr.common.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.sql.SqlColumn;
import io.binlogpitr.common.sql.ValueKind;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LOAD DATA text of a chunk, byte for byte (the round trip through a server is SnapshotChunkRoundTripIT's). */
class LocalInfileStreamTest {
    private static final ChunkHeader HEADER = new ChunkHeader(
            "shop",
            "t",
            List.of(
                    new SqlColumn("i", ValueKind.INTEGER, null),
                    new SqlColumn("s", ValueKind.TEXT, "gbk"),
                    new SqlColumn("b", ValueKind.BINARY, null),
                    new SqlColumn("f", ValueKind.FLOAT, null),
                    new SqlColumn("d", ValueKind.DOUBLE, null),
                    new SqlColumn("y", ValueKind.YEAR, null)));

    @TempDir
    Path dir;

    @Test
    void escapesOnlyBackslashTabAndNewlineAndWritesNullAsBackslashN() throws Exception {
        Path file = write(
                row("1", ascii("plain"), new byte[] {0, '\\', '\t', '\n', '\r', 'N', (byte) 0xC4}, 16777216f, -0d, "0"),
                row("-2", new byte[] {(byte) 0x95, '\\'}, new byte[0], 0.1f, 0.1d, "2155"),
                new byte[][] {null, null, null, null, null, null});

        byte[] expected = concat(
                ascii("1\tplain\t"),
                new byte[] {0, '\\', '\\', '\\', 't', '\\', 'n', '\r', 'N', (byte) 0xC4},
                ascii("\t16777216E0\t-0E0\t0000\n-2\t"),
                new byte[] {(byte) 0x95, '\\', '\\'},
                ascii("\t\t100000001490116119384765625E-27\t10000000000000001E-17\t2155\n"),
                ascii("\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n"));
        try (ChunkReader reader = ChunkReader.open(file)) {
            LocalInfileStream stream = new LocalInfileStream(reader);
            assertThat(stream.readAllBytes()).isEqualTo(expected);
            assertThat(stream.rows()).isEqualTo(3);
            assertThat(stream.failure()).isNull();
        }
    }

    @Test
    void aDamagedChunkEndsTheStreamAtARowBoundaryAndKeepsTheFailure() throws Exception {
        byte[][][] rows = new byte[5000][][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = row(String.valueOf(i), ascii("row " + i), new byte[] {(byte) i}, i, i, "1999");
        }
        Path file = write(ChunkCompression.NONE, rows);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 2] ^= 0x01; // in the trailer's CRC: every row reads, the end fails
        Files.write(file, bytes);
        try (ChunkReader reader = ChunkReader.open(file)) {
            LocalInfileStream stream = new LocalInfileStream(reader);
            byte[] sent = stream.readAllBytes();
            assertThat(sent.length == 0 || sent[sent.length - 1] == '\n').isTrue();
            assertThat(stream.failure()).isInstanceOfSatisfying(PitrException.class, e -> assertThat(e.code())
                    .isEqualTo(ErrorCode.SNAPSHOT_CORRUPT));
        }
    }

    @Test
    void jsonIsNotCarried() throws Exception {
        Path file = dir.resolve("json.chunk");
        try (ChunkWriter writer = ChunkWriter.create(
                file,
                ChunkCompression.NONE,
                new ChunkHeader("shop", "t", List.of(new SqlColumn("j", ValueKind.JSON, null))))) {
            writer.finish();
        }
        try (ChunkReader reader = ChunkReader.open(file)) {
            assertThat(LocalInfileLoad.carries(reader.header())).isFalse();
            assertThatThrownBy(() -> new LocalInfileStream(reader)).hasMessageContaining("JSON");
        }
    }

    private Path write(byte[][]... rows) throws Exception {
        return write(ChunkCompression.ZSTD, rows);
    }

    private Path write(ChunkCompression compression, byte[][]... rows) throws Exception {
        Path file = dir.resolve("c.chunk" + compression.suffix());
        try (ChunkWriter writer = ChunkWriter.create(file, compression, HEADER)) {
            for (byte[][] row : rows) {
                writer.writeRow(row);
            }
            writer.finish();
        }
        return file;
    }

    private static byte[][] row(String i, byte[] s, byte[] b, float f, double d, String y) {
        return new byte[][] {
            ascii(i),
            s,
            b,
            ByteBuffer.allocate(4).putFloat(f).array(),
            ByteBuffer.allocate(8).putDouble(d).array(),
            ascii(y)
        };
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
