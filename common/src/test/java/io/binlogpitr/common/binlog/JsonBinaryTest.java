package io.binlogpitr.common.binlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.sql.JsonDocument;
import io.binlogpitr.common.sql.SqlColumn;
import io.binlogpitr.common.sql.SqlLiteral;
import io.binlogpitr.common.sql.ValueKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Binary JSON samples built as MySQL stores them, printed as MySQL prints them. */
class JsonBinaryTest {
    private static final SqlColumn COLUMN = new SqlColumn("j", ValueKind.JSON, null);

    private static Object decode(byte[] doc) {
        byte[] event = RowEvents.concat(new byte[19], doc, new byte[4]);
        Bytes.put32(event, 9, event.length);
        event[4] = (byte) EventTypes.WRITE_ROWS;
        return new JsonBinary().decode(event, 19, doc.length);
    }

    private static String text(Object decoded) {
        byte[] t = decoded instanceof JsonDocument d ? d.text() : (byte[]) decoded;
        return new String(t, StandardCharsets.UTF_8);
    }

    @Test
    void objectsArraysStringsAndLiteralsSmallAndLarge() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", (short) -2);
        m.put("b", List.of(true, false, JsonCodec.NULL, "x\"y\\z\n\u0001é😀/"));
        m.put("c", Map.of());
        m.put("d", List.of(List.of(List.of())));
        m.put("k\"", 1.5);
        m.put("i", 70000);
        for (boolean large : new boolean[] {false, true}) {
            Object v = decode(JsonCodec.encode(m, large));
            assertThat(v).isInstanceOf(byte[].class);
            assertThat(text(v))
                    .isEqualTo("{\"a\": -2, \"b\": [true, false, null, \"x\\\"y\\\\z\\n\\u0001é😀/\"], \"c\": {},"
                            + " \"d\": [[[]]], \"k\\\"\": 1.5, \"i\": 70000}");
        }
        assertThat(text(decode(new byte[0]))).as("an empty value is JSON null").isEqualTo("null");
        assertThat(text(decode(JsonCodec.encode("top", false)))).isEqualTo("\"top\"");
        assertThat(text(decode(JsonCodec.encode(-0.0, false)))).isEqualTo("-0.0");
    }

    @Test
    void typedScalarsAreListedWithTheirPaths() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dec", JsonCodec.decimal(new BigDecimal("9.90"), 10, 2));
        m.put("small", JsonCodec.decimal(new BigDecimal("-0.5"), 1, 1));
        m.put("u", new JsonCodec.U16(7));
        m.put("big", 5_000_000_000L);
        m.put("umax", new JsonCodec.U64(-1));
        m.put(
                "dt",
                new JsonCodec.Opaque(
                        ColumnTypes.DATETIME, JsonCodec.le(packedDatetime(2020, 1, 2, 3, 4, 5, 500_000), 8)));
        m.put(
                "t",
                List.of(new JsonCodec.Opaque(
                        ColumnTypes.TIME, JsonCodec.le(-((1L << 12 | 2 << 6 | 3) << 24 | 250_000), 8))));
        m.put("d", new JsonCodec.Opaque(ColumnTypes.DATE, JsonCodec.le(packedDatetime(2021, 12, 31, 0, 0, 0, 0), 8)));
        m.put("blob", new JsonCodec.Opaque(ColumnTypes.BLOB, new byte[] {(byte) 0xFF}));
        m.put(
                "ts",
                new JsonCodec.Opaque(ColumnTypes.TIMESTAMP, JsonCodec.le(packedDatetime(2022, 6, 7, 8, 9, 10, 0), 8)));
        Object v = decode(JsonCodec.encode(m, false));
        assertThat(text(v))
                .isEqualTo(
                        "{\"dec\": 9.90, \"small\": -0.5, \"u\": 7, \"big\": 5000000000, \"umax\": 18446744073709551615,"
                                + " \"dt\": \"2020-01-02 03:04:05.500000\", \"t\": [\"-01:02:03.250000\"], \"d\": \"2021-12-31\","
                                + " \"blob\": \"base64:type252:/w==\", \"ts\": \"2022-06-07 08:09:10.000000\"}");
        assertThat(v).isInstanceOf(JsonDocument.class);
        assertThat(((JsonDocument) v).typed())
                .containsExactly(
                        new JsonDocument.Scalar("$.\"dec\"", JsonDocument.Type.DECIMAL, "00000009.90"),
                        new JsonDocument.Scalar("$.\"small\"", JsonDocument.Type.DECIMAL, "-0.5"),
                        new JsonDocument.Scalar("$.\"u\"", JsonDocument.Type.UNSIGNED, "7"),
                        new JsonDocument.Scalar("$.\"big\"", JsonDocument.Type.SIGNED, "5000000000"),
                        new JsonDocument.Scalar("$.\"dt\"", JsonDocument.Type.DATETIME, "2020-01-02 03:04:05.500000"),
                        new JsonDocument.Scalar("$.\"t\"[0]", JsonDocument.Type.TIME, "-01:02:03.250000"),
                        new JsonDocument.Scalar("$.\"d\"", JsonDocument.Type.DATE, "2021-12-31"),
                        new JsonDocument.Scalar("$.\"blob\"", JsonDocument.Type.OPAQUE, "base64:type252:/w=="),
                        new JsonDocument.Scalar("$.\"ts\"", JsonDocument.Type.TIMESTAMP, "2022-06-07 08:09:10.000000"));
        assertThat(SqlLiteral.render(
                        COLUMN,
                        new JsonDocument(
                                "{\"a\": 1.5, \"u\": 7}".getBytes(StandardCharsets.UTF_8),
                                List.of(new JsonDocument.Scalar("$.\"u\"", JsonDocument.Type.UNSIGNED, "7")))))
                .isEqualTo("JSON_SET(JSON_SET(CAST(_utf8mb4'{\"a\": 1.5, \"u\": 7}' AS JSON),_utf8mb4'$.\"a\"',15E-1),"
                        + "_utf8mb4'$.\"u\"',CAST(7 AS UNSIGNED))");
    }

    private static long packedDatetime(int y, int mo, int d, int h, int mi, int s, int micros) {
        long ymd = ((long) (y * 13 + mo) << 5) | d;
        long hms = (long) h << 12 | mi << 6 | s;
        return ((ymd << 17 | hms) << 24) + micros;
    }

    @Test
    void doublesReadBackExactly() {
        Random random = new Random(3);
        ByteSink out = new ByteSink();
        double[] edges = {Double.MIN_VALUE, Double.MAX_VALUE, 1e15, 1e16, 1.5e-7, 0.1, 100, -4.5599456132507677e-5};
        for (int i = 0; i < 100_000; i++) {
            double d = i < edges.length ? edges[i] : Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(d)) {
                continue;
            }
            out.reset();
            JsonNumbers.appendDouble(out, d);
            String s = out.utf8(0, out.length());
            assertThat(Double.parseDouble(s)).as(s).isEqualTo(d);
            assertThat(s).as("stays a double in JSON").containsAnyOf(".", "e");
        }
        out.reset();
        JsonNumbers.appendDouble(out, 1e300);
        assertThat(out.utf8(0, out.length())).isEqualTo("1e300");
        out.reset();
        JsonNumbers.appendDouble(out, 100);
        assertThat(out.utf8(0, out.length())).isEqualTo("100.0");
    }

    @Test
    void damagedDocumentsAreJournalCorrupt() {
        byte[] doc = JsonCodec.doc();
        for (int cut = 1; cut < doc.length; cut++) {
            byte[] shortened = java.util.Arrays.copyOf(doc, cut);
            assertThatThrownBy(() -> decode(shortened))
                    .isInstanceOf(PitrException.class)
                    .extracting(e -> ((PitrException) e).code())
                    .isEqualTo(ErrorCode.JOURNAL_CORRUPT);
        }
        Random random = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            byte[] damaged = doc.clone();
            damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            try {
                decode(damaged);
            } catch (PitrException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.JOURNAL_CORRUPT);
            }
        }
    }
}
