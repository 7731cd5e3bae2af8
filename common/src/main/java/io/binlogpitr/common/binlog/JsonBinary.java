package io.binlogpitr.common.binlog;

import io.binlogpitr.common.sql.JsonDocument;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * MySQL's binary JSON ({@code json_binary.cc}) to the text MySQL prints for it: {@code {"a": 1, "b": [1, 2]}}, keys
 * in stored order, strings escaped as MySQL does, doubles with enough digits to read back the same double, opaque
 * DECIMAL as its digits and DATE/TIME/DATETIME/TIMESTAMP as quoted text with six fraction digits. Scalars whose
 * type the text loses are listed for a {@link JsonDocument}.
 *
 * <p>Layout: a type byte, then the value. Objects and arrays: element count and byte size (2 bytes each when
 * small, 4 when large), key entries (offset, u16 length), value entries (type byte, offset or an inlined literal /
 * 16-bit integer, also 32-bit when large); offsets count from the start of the container. Strings: a
 * variable-length size (7 bits a byte) and utf8mb4 bytes. Opaque: a column type byte, a variable-length size,
 * data.
 */
final class JsonBinary {
    private static final long MAX_U32 = 0xFFFF_FFFFL;
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final ByteSink out = new ByteSink();
    private final ByteSink path = new ByteSink();
    private final TemporalText temporal = new TemporalText();
    /** MySQL refuses documents nested deeper than 100; a damaged offset could point a container at itself. */
    private static final int MAX_DEPTH = 100;

    private List<JsonDocument.Scalar> typed;
    private int depth;
    private byte[] event;
    private int end;

    /**
     * The JSON value of {@code length} bytes at {@code event[at]}: {@code byte[]} text, or a {@link JsonDocument}
     * if it holds typed scalars. An empty value is MySQL's JSON null.
     */
    Object decode(byte[] ev, int at, int length) {
        this.event = ev;
        this.end = at + length;
        out.reset();
        path.reset();
        path.put('$');
        typed = null;
        depth = 0;
        if (length == 0) {
            out.ascii("null");
        } else {
            value(u8(at), at + 1, false);
        }
        byte[] text = out.toArray();
        return typed == null ? text : new JsonDocument(text, typed);
    }

    private void value(int type, int at, boolean inlined) {
        switch (type) {
            case 0x00 -> container(at, false, true);
            case 0x01 -> container(at, true, true);
            case 0x02 -> container(at, false, false);
            case 0x03 -> container(at, true, false);
            case 0x04 -> literal(u8(at));
            case 0x05 -> integer((short) u16(at), false);
            case 0x06 -> integer(u16(at), true);
            case 0x07 -> integer((int) u32(at), false);
            case 0x08 -> integer(u32(at), true);
            case 0x09 -> integer(u64(at), false);
            case 0x0a -> integer(u64(at), true);
            case 0x0b -> JsonNumbers.appendDouble(out, Double.longBitsToDouble(u64(at)));
            case 0x0c -> {
                long[] size = varLength(at);
                string((int) size[1], (int) size[0]);
            }
            case 0x0f -> opaque(at);
            default -> throw corrupt("unknown JSON value type " + type);
        }
    }

    private void container(int at, boolean large, boolean object) {
        int w = large ? 4 : 2;
        long count = large ? u32(at) : u16(at);
        long size = large ? u32(at + w) : u16(at + w);
        if (size > end - at || count > size) {
            throw corrupt("JSON " + (object ? "object" : "array") + " of " + size + " bytes does not fit");
        }
        int n = (int) count;
        int keyEntry = w + 2;
        int valueEntry = 1 + w;
        int keys = at + 2 * w;
        int values = keys + (object ? n * keyEntry : 0);
        if (++depth > MAX_DEPTH) {
            throw corrupt("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        int pathMark = path.length();
        out.put(object ? '{' : '[');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.put(',');
                out.put(' ');
            }
            if (object) {
                int keyAt = keys + i * keyEntry;
                int keyOffset = (int) (large ? u32(keyAt) : u16(keyAt));
                int keyLength = u16(keyAt + w);
                if (keyOffset > size) {
                    throw corrupt("JSON key offset " + keyOffset + " is outside its object");
                }
                int keyStart = out.length();
                string(at + keyOffset, keyLength);
                path.put('.');
                path.put(out.array(), keyStart, out.length() - keyStart);
                out.put(':');
                out.put(' ');
            } else {
                path.put('[');
                path.ascii(i);
                path.put(']');
            }
            int entry = values + i * valueEntry;
            int type = u8(entry);
            if (inlined(type, large)) {
                value(type, entry + 1, true);
            } else {
                long offset = large ? u32(entry + 1) : u16(entry + 1);
                if (offset > size) {
                    throw corrupt("JSON value offset " + offset + " is outside its container");
                }
                value(type, at + (int) offset, false);
            }
            path.setLength(pathMark);
        }
        out.put(object ? '}' : ']');
        depth--;
    }

    private static boolean inlined(int type, boolean large) {
        return type == 0x04 || type == 0x05 || type == 0x06 || (large && (type == 0x07 || type == 0x08));
    }

    private void literal(int v) {
        switch (v) {
            case 0 -> out.ascii("null");
            case 1 -> out.ascii("true");
            case 2 -> out.ascii("false");
            default -> throw corrupt("unknown JSON literal " + v);
        }
    }

    /** A JSON integer; the text reads a number above 2^32 - 1 as unsigned and any other as signed. */
    private void integer(long v, boolean unsigned) {
        String text = unsigned ? Long.toUnsignedString(v) : Long.toString(v);
        out.ascii(text);
        boolean textUnsigned = unsigned ? Long.compareUnsigned(v, MAX_U32) > 0 : v > MAX_U32;
        if (textUnsigned != unsigned) {
            typed(unsigned ? JsonDocument.Type.UNSIGNED : JsonDocument.Type.SIGNED, text);
        }
    }

    private void typed(JsonDocument.Type type, String value) {
        if (typed == null) {
            typed = new ArrayList<>();
        }
        typed.add(new JsonDocument.Scalar(path.utf8(0, path.length()), type, value));
    }

    /** A quoted string, escaped as MySQL prints it. */
    private void string(int at, int length) {
        need(at, length);
        out.put('"');
        for (int i = at; i < at + length; i++) {
            int c = event[i] & 0xFF;
            switch (c) {
                case '"' -> escape('"');
                case '\\' -> escape('\\');
                case '\b' -> escape('b');
                case '\f' -> escape('f');
                case '\n' -> escape('n');
                case '\r' -> escape('r');
                case '\t' -> escape('t');
                default -> {
                    if (c < 0x20) {
                        out.ascii("\\u00");
                        out.put(HEX[c >> 4]);
                        out.put(HEX[c & 15]);
                    } else {
                        out.put(c);
                    }
                }
            }
        }
        out.put('"');
    }

    private void escape(char c) {
        out.put('\\');
        out.put(c);
    }

    private void opaque(int at) {
        int fieldType = u8(at);
        long[] size = varLength(at + 1);
        int data = (int) size[1];
        int length = (int) size[0];
        need(data, length);
        switch (fieldType) {
            case ColumnTypes.NEWDECIMAL -> decimal(data, length);
            case ColumnTypes.DATE, ColumnTypes.TIME, ColumnTypes.DATETIME, ColumnTypes.TIMESTAMP -> {
                if (length < 8) {
                    throw corrupt("JSON temporal value of " + length + " bytes, 8 expected");
                }
                temporal(fieldType, Bytes.u64(event, data));
            }
            default -> {
                byte[] raw = new byte[length];
                System.arraycopy(event, data, raw, 0, length);
                String text =
                        "base64:type" + fieldType + ":" + Base64.getEncoder().encodeToString(raw);
                out.put('"');
                out.ascii(text);
                out.put('"');
                typed(JsonDocument.Type.OPAQUE, text); // the text reads back as a STRING
            }
        }
    }

    private void decimal(int at, int length) {
        if (length < 2) {
            throw corrupt("JSON decimal of " + length + " bytes");
        }
        int precision = event[at] & 0xFF;
        int scale = event[at + 1] & 0xFF;
        if (precision < 1 || precision > 65 || scale > precision || DecimalBinary.size(precision, scale) > length - 2) {
            throw corrupt(
                    "JSON decimal with precision " + precision + " and scale " + scale + " in " + length + " bytes");
        }
        BigDecimal d = DecimalBinary.read(event, at + 2, precision, scale);
        if (d == null) {
            throw corrupt("JSON decimal digits out of range");
        }
        String text = d.toPlainString();
        out.ascii(text);
        typed(JsonDocument.Type.DECIMAL, padded(text, precision - scale));
    }

    /**
     * Decimal text with leading zeros up to {@code intg} integer digits: a decimal literal keeps the digits it is
     * written with, and the binary JSON stores them (precision and scale of the value).
     */
    static String padded(String plain, int intg) {
        boolean negative = plain.startsWith("-");
        int point = plain.indexOf('.');
        int digits = (point < 0 ? plain.length() : point) - (negative ? 1 : 0);
        if (digits >= intg) {
            return plain;
        }
        StringBuilder sb = new StringBuilder(plain.length() + intg - digits);
        if (negative) {
            sb.append('-');
        }
        for (int i = digits; i < intg; i++) {
            sb.append('0');
        }
        return sb.append(plain, negative ? 1 : 0, plain.length()).toString();
    }

    /** MySQL's packed temporal longlong: integer part {@code << 24} plus microseconds, negated when negative. */
    private void temporal(int fieldType, long packed) {
        boolean negative = packed < 0;
        long v = negative ? -packed : packed;
        int micros = (int) (v & 0xFF_FFFF);
        long whole = v >>> 24;
        String text;
        JsonDocument.Type type;
        if (fieldType == ColumnTypes.TIME) {
            int hms = (int) whole;
            text = temporal.time(negative, (hms >> 12) & 0x3FF, (hms >> 6) & 0x3F, hms & 0x3F, micros, 6);
            type = JsonDocument.Type.TIME;
        } else {
            long ymd = whole >> 17;
            long ym = ymd >> 5;
            int hms = (int) (whole & 0x1FFFF);
            int year = (int) (ym / 13);
            int month = (int) (ym % 13);
            int day = (int) (ymd & 31);
            if (fieldType == ColumnTypes.DATE) {
                text = temporal.date(year, month, day);
                type = JsonDocument.Type.DATE;
            } else {
                text = temporal.datetime(year, month, day, hms >> 12, (hms >> 6) & 0x3F, hms & 0x3F, micros, 6);
                // SQL has no TIMESTAMP literal: SqlLiteral makes one through a JSON_TABLE column of that type
                type = fieldType == ColumnTypes.TIMESTAMP ? JsonDocument.Type.TIMESTAMP : JsonDocument.Type.DATETIME;
            }
        }
        out.put('"');
        out.ascii(text);
        out.put('"');
        typed(type, text);
    }

    /** {length, position after it}. */
    private long[] varLength(int at) {
        long length = 0;
        for (int i = 0; i < 5; i++) {
            int b = u8(at + i);
            length |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (length > end - (at + i + 1)) {
                    throw corrupt("JSON length " + length + " runs past the value");
                }
                return new long[] {length, at + i + 1};
            }
        }
        throw corrupt("JSON variable-length size longer than 5 bytes");
    }

    private void need(int at, int n) {
        if (at < 0 || n < 0 || at > end - n) {
            throw corrupt("JSON value needs " + n + " bytes at " + at + ", the value ends at " + end);
        }
    }

    private int u8(int at) {
        need(at, 1);
        return event[at] & 0xFF;
    }

    private int u16(int at) {
        need(at, 2);
        return Bytes.u16(event, at);
    }

    private long u32(int at) {
        need(at, 4);
        return Bytes.u32(event, at);
    }

    private long u64(int at) {
        need(at, 8);
        return Bytes.u64(event, at);
    }

    private RuntimeException corrupt(String what) {
        return EventCursor.corrupt(event, what);
    }
}
