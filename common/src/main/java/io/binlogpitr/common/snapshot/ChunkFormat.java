package io.binlogpitr.common.snapshot;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The layout of a chunk's uncompressed content (docs/design/snapshot-format.md):
 *
 * <pre>
 * magic "PITRCHNK", u8 version
 * header: utf schema, utf table, varint n, n × (utf name, utf kind, utf charset or "")
 * rows:   u8 1, then per column varint (0 = NULL, else length + 1) and the value's bytes
 * end:    u8 0, i64 row count, i32 CRC32C of everything before it
 * </pre>
 */
final class ChunkFormat {
    static final byte[] MAGIC = "PITRCHNK".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int ROW = 1;
    static final int END = 0;
    /** No value is longer than MySQL's largest max_allowed_packet. */
    static final int MAX_VALUE_BYTES = 1 << 30;

    private ChunkFormat() {}

    static void writeVarint(DataOutput out, long value) throws IOException {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    static long readVarint(DataInput in) throws IOException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IOException("varint longer than 10 bytes");
    }
}
