package io.binlogpitr.common.snapshot;

import io.binlogpitr.common.sql.JsonDocument;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The layout of a chunk's uncompressed content (docs/design/snapshot-format.md):
 *
 * <pre>
 * magic "PITRCHNK", u8 version (2; 1 is still read)
 * header: utf schema, utf table, varint n, n × (utf name, utf kind, utf charset or "")
 * rows:   u8 1, then per column varint (0 = NULL, else length + 1) and the value's bytes;
 *         version 2: then per JSON column varint t and t typed scalars, each
 *         varint length + path (utf8), u8 type code, varint length + value (utf8)
 * end:    u8 0, i64 row count, i32 CRC32C of everything before it
 * </pre>
 */
final class ChunkFormat {
    static final byte[] MAGIC = "PITRCHNK".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 2;
    /** The first version: JSON as text only (its typed scalars were not kept). */
    static final int VERSION_TEXT_JSON = 1;

    static final int ROW = 1;
    static final int END = 0;
    /** No value is longer than MySQL's largest max_allowed_packet. */
    static final int MAX_VALUE_BYTES = 1 << 30;

    /** The type codes of typed JSON scalars in a version 2 chunk; fixed, never renumbered. */
    private static final JsonDocument.Type[] TYPE_CODES = {
        null, // 0 is no type
        JsonDocument.Type.DECIMAL,
        JsonDocument.Type.DATE,
        JsonDocument.Type.TIME,
        JsonDocument.Type.DATETIME,
        JsonDocument.Type.SIGNED,
        JsonDocument.Type.UNSIGNED,
        JsonDocument.Type.TIMESTAMP,
        JsonDocument.Type.OPAQUE
    };

    private ChunkFormat() {}

    static void writeTyped(DataOutput out, List<JsonDocument.Scalar> typed) throws IOException {
        writeVarint(out, typed.size());
        for (JsonDocument.Scalar s : typed) {
            writeBytes(out, s.path().getBytes(StandardCharsets.UTF_8));
            out.writeByte(code(s.type()));
            writeBytes(out, s.value().getBytes(StandardCharsets.UTF_8));
        }
    }

    static List<JsonDocument.Scalar> readTyped(DataInput in) throws IOException {
        long n = readVarint(in);
        if (n == 0) {
            return List.of();
        }
        if (n > MAX_VALUE_BYTES) {
            throw new IOException("typed JSON scalar count " + n);
        }
        List<JsonDocument.Scalar> typed = new ArrayList<>((int) Math.min(n, 1024));
        for (long i = 0; i < n; i++) {
            String path = new String(readBytes(in), StandardCharsets.UTF_8);
            int code = in.readUnsignedByte();
            if (code < 1 || code >= TYPE_CODES.length) {
                throw new IOException("unknown typed JSON scalar code " + code);
            }
            typed.add(
                    new JsonDocument.Scalar(path, TYPE_CODES[code], new String(readBytes(in), StandardCharsets.UTF_8)));
        }
        return typed;
    }

    private static int code(JsonDocument.Type type) {
        for (int i = 1; i < TYPE_CODES.length; i++) {
            if (TYPE_CODES[i] == type) {
                return i;
            }
        }
        throw new IllegalArgumentException("no chunk code for JSON scalar type " + type);
    }

    private static void writeBytes(DataOutput out, byte[] b) throws IOException {
        writeVarint(out, b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInput in) throws IOException {
        long n = readVarint(in);
        if (n > MAX_VALUE_BYTES) {
            throw new IOException("length " + n + " exceeds " + MAX_VALUE_BYTES);
        }
        byte[] b = new byte[(int) n];
        in.readFully(b);
        return b;
    }

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
