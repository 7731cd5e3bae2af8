package io.binlogpitr.common.binlog;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** MySQL's binary JSON, for building test values (keys in the order given). */
final class JsonCodec {
    /** JSON null in lists and maps. */
    static final Object NULL = new Object();

    record U16(int value) {}

    record U64(long value) {}

    record Opaque(int fieldType, byte[] data) {}

    private final boolean large;

    private JsonCodec(boolean large) {
        this.large = large;
    }

    /** A document: the type byte and the value. */
    static byte[] encode(Object value, boolean large) {
        JsonCodec c = new JsonCodec(large);
        Encoded e = c.value(value);
        return RowEvents.concat(new byte[] {(byte) e.type}, e.bytes);
    }

    /** A sample with an object, an array, a string, a double and an opaque DECIMAL. */
    static byte[] doc() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", (short) 1);
        m.put("b", List.of(true, NULL, "x\"y"));
        m.put("c", 1.5);
        m.put("d", decimal(new BigDecimal("9.90"), 3, 2));
        return encode(m, false);
    }

    static Opaque decimal(BigDecimal v, int precision, int scale) {
        return new Opaque(
                ColumnTypes.NEWDECIMAL,
                RowEvents.concat(
                        new byte[] {(byte) precision, (byte) scale}, DecimalCodec.encode(v, precision, scale)));
    }

    record Encoded(int type, byte[] bytes, boolean inlined) {}

    private Encoded value(Object v) {
        if (v == NULL || v instanceof Boolean) {
            int lit = v == NULL ? 0 : (Boolean) v ? 1 : 2;
            return new Encoded(0x04, le(lit, large ? 4 : 2), true);
        }
        if (v instanceof Short s) {
            return new Encoded(0x05, le(s, large ? 4 : 2), true);
        }
        if (v instanceof U16 u) {
            return new Encoded(0x06, le(u.value(), large ? 4 : 2), true);
        }
        if (v instanceof Integer i) {
            return new Encoded(0x07, le(i, 4), large);
        }
        if (v instanceof Long l) {
            return new Encoded(0x09, le(l, 8), false);
        }
        if (v instanceof U64 u) {
            return new Encoded(0x0a, le(u.value(), 8), false);
        }
        if (v instanceof Double d) {
            return new Encoded(0x0b, le(Double.doubleToRawLongBits(d), 8), false);
        }
        if (v instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return new Encoded(0x0c, RowEvents.concat(varLength(b.length), b), false);
        }
        if (v instanceof Opaque o) {
            return new Encoded(
                    0x0f,
                    RowEvents.concat(new byte[] {(byte) o.fieldType()}, varLength(o.data().length), o.data()),
                    false);
        }
        if (v instanceof Map<?, ?> m) {
            return container(List.copyOf(m.keySet()), List.copyOf(m.values()));
        }
        if (v instanceof List<?> l) {
            return container(null, l);
        }
        throw new IllegalArgumentException(String.valueOf(v));
    }

    private Encoded container(List<?> keys, List<?> values) {
        int w = large ? 4 : 2;
        int n = values.size();
        int header = 2 * w + (keys == null ? 0 : n * (w + 2)) + n * (1 + w);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        if (keys != null) {
            for (Object k : keys) {
                byte[] kb = ((String) k).getBytes(StandardCharsets.UTF_8);
                entries.writeBytes(le(header + data.size(), w));
                entries.writeBytes(le(kb.length, 2));
                data.writeBytes(kb);
            }
        }
        for (Object v : values) {
            Encoded e = value(v);
            entries.write(e.type);
            if (e.inlined) {
                entries.writeBytes(e.bytes);
            } else {
                entries.writeBytes(le(header + data.size(), w));
                data.writeBytes(e.bytes);
            }
        }
        int size = header + data.size();
        byte[] all = RowEvents.concat(le(n, w), le(size, w), entries.toByteArray(), data.toByteArray());
        int type = keys == null ? (large ? 0x03 : 0x02) : (large ? 0x01 : 0x00);
        return new Encoded(type, all, false);
    }

    private static byte[] varLength(int n) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int v = n;
        do {
            int low = v & 0x7F;
            v >>>= 7;
            b.write(v != 0 ? low | 0x80 : low);
        } while (v != 0);
        return b.toByteArray();
    }

    static byte[] le(long v, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }
}
