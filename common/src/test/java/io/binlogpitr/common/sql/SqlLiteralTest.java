package io.binlogpitr.common.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SqlLiteralTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // kind, charset, value, literal
                row(ValueKind.INTEGER, null, null, "NULL"),
                row(ValueKind.INTEGER, null, new BigInteger("18446744073709551615"), "18446744073709551615"),
                row(ValueKind.INTEGER, null, Long.MIN_VALUE, "-9223372036854775808"),
                row(ValueKind.INTEGER, null, "-128", "-128"),
                row(ValueKind.DECIMAL, null, new BigDecimal("1E-9"), "0.000000001"),
                row(ValueKind.DECIMAL, null, "-12.50", "-12.50"),
                row(
                        ValueKind.DECIMAL,
                        null,
                        new BigDecimal("99999999999999999999999999999999999.999999999999999999999999999999"),
                        "99999999999999999999999999999999999.999999999999999999999999999999"),
                // FLOAT: the exact value of the binary float; its 6-digit text would say 16777200
                row(ValueKind.FLOAT, null, 16777216f, "16777216E0"),
                row(ValueKind.FLOAT, null, 0.1f, "100000001490116119384765625E-27"),
                row(ValueKind.FLOAT, null, Float.MAX_VALUE, "34028234663852885981170418348451692544E1"),
                row(ValueKind.FLOAT, null, -0f, "-0E0"),
                row(ValueKind.FLOAT, null, 0f, "0E0"),
                // DOUBLE: 17 significant digits, always with an exponent (an approximate literal)
                row(ValueKind.DOUBLE, null, 0.1, "10000000000000001E-17"),
                row(ValueKind.DOUBLE, null, 1e7, "1E7"),
                row(ValueKind.DOUBLE, null, Double.MIN_VALUE, "49406564584124654E-340"),
                row(ValueKind.DOUBLE, null, -Double.MAX_VALUE, "-17976931348623157E292"),
                row(ValueKind.DOUBLE, null, -0d, "-0E0"),
                row(ValueKind.BIT, null, new byte[] {0x01}, "X'01'"),
                row(ValueKind.BIT, null, new byte[] {0x1F, (byte) 0xFF}, "X'1FFF'"),
                // text as the column's bytes with its introducer: gbk 你, latin1 é, utf16 A, and empty vs NULL
                row(ValueKind.TEXT, "gbk", new byte[] {(byte) 0xC4, (byte) 0xE3}, "_gbk X'C4E3'"),
                row(ValueKind.TEXT, "latin1", new byte[] {(byte) 0xE9}, "_latin1 X'E9'"),
                row(ValueKind.TEXT, "utf16", new byte[] {0x00, 0x41}, "_utf16 X'0041'"),
                row(ValueKind.TEXT, "utf8mb4", new byte[0], "_utf8mb4''"),
                // printable ASCII goes as a quoted string (quotes doubled, never a backslash)
                row(ValueKind.TEXT, "utf8mb4", utf8("it's ok"), "_utf8mb4'it''s ok'"),
                row(ValueKind.TEXT, "latin1", utf8("plain"), "_latin1'plain'"),
                row(ValueKind.TEXT, "utf8mb4", utf8("back\\slash"), "_utf8mb4 X'" + hex("back\\slash") + "'"),
                row(ValueKind.TEXT, "utf8mb4", utf8("tab\t"), "_utf8mb4 X'" + hex("tab\t") + "'"),
                row(ValueKind.TEXT, "utf16", new byte[] {0x41, 0x42}, "_utf16 X'4142'"),
                row(ValueKind.TEXT, "utf8mb4", null, "NULL"),
                // BINARY(n) keeps its trailing zero bytes
                row(ValueKind.BINARY, null, new byte[] {0x61, 0x00, 0x00}, "X'610000'"),
                row(ValueKind.BINARY, null, new byte[0], "X''"),
                // GEOMETRY as the internal form: SRID 4326 (little endian) + WKB POINT(1 2)
                row(
                        ValueKind.GEOMETRY,
                        null,
                        HexFormat.of().parseHex("E6100000" + "0101000000000000000000F03F0000000000000040"),
                        "X'E61000000101000000000000000000F03F0000000000000040'"),
                row(ValueKind.TEMPORAL, null, "2038-01-19 03:14:07.999999", "'2038-01-19 03:14:07.999999'"),
                row(ValueKind.TEMPORAL, null, "-838:59:59.000000", "'-838:59:59.000000'"),
                row(ValueKind.TEMPORAL, null, "0000-00-00", "'0000-00-00'"),
                row(ValueKind.YEAR, null, "0", "0"),
                row(ValueKind.YEAR, null, 2155L, "2155"),
                row(ValueKind.JSON, null, utf8("{\"a\": 1}"), "CAST(_utf8mb4'{\"a\": 1}' AS JSON)"),
                row(ValueKind.JSON, null, utf8("{\"é\": 1}"), "CAST(_utf8mb4 X'" + hex("{\"é\": 1}") + "' AS JSON)"),
                row(ValueKind.JSON, null, utf8("10000000.0"), "CAST(1E7 AS JSON)"),
                row(
                        ValueKind.JSON,
                        null,
                        utf8("{\"a\": [1.5, 2]}"),
                        "JSON_SET(CAST(_utf8mb4'{\"a\": [1.5, 2]}' AS JSON),_utf8mb4'$.\"a\"[0]',15E-1)"));
    }

    @ParameterizedTest(name = "{0} {2} -> {3}")
    @MethodSource("cases")
    void rendersAnExactLiteral(ValueKind kind, String charset, Object value, String literal) {
        assertThat(SqlLiteral.render(new SqlColumn("c", kind, charset), value)).isEqualTo(literal);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                row(ValueKind.INTEGER, null, "1; DROP TABLE t", "not a integer value"),
                row(ValueKind.DECIMAL, null, "1e5", "not a decimal value"),
                row(ValueKind.TEMPORAL, null, "2020-01-01'); DROP", "not a temporal value"),
                row(ValueKind.DOUBLE, null, Double.NaN, "cannot store"),
                row(ValueKind.FLOAT, null, Float.POSITIVE_INFINITY, "cannot store"),
                row(ValueKind.TEXT, "utf8mb4", "a string", "takes a byte[], not a String"),
                row(ValueKind.FLOAT, null, 1.0d, "takes a Float, not a Double"),
                row(ValueKind.JSON, null, utf8("{\"a\": }"), "unexpected byte"));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("refused")
    void refusesWhatItCannotRenderExactly(ValueKind kind, String charset, Object value, String message) {
        assertThatThrownBy(() -> SqlLiteral.render(new SqlColumn("c", kind, charset), value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @org.junit.jupiter.api.Test
    void floatAndDoubleLiteralsParseBackToTheSameBits() {
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 10_000; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            double d = Double.longBitsToDouble(random.nextLong());
            if (Float.isFinite(f)) {
                String literal = SqlLiteral.render(new SqlColumn("f", ValueKind.FLOAT, null), f);
                assertThat((float) new BigDecimal(literal).doubleValue())
                        .as(literal)
                        .isEqualTo(f);
            }
            if (Double.isFinite(d) && d != 0) {
                String literal = SqlLiteral.render(new SqlColumn("d", ValueKind.DOUBLE, null), d);
                assertThat(Double.parseDouble(literal)).as(literal).isEqualTo(d);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void quotesIdentifiers() {
        assertThat(SqlLiteral.identifier("a`b")).isEqualTo("`a``b`");
    }

    private static Arguments row(ValueKind kind, String charset, Object value, String expected) {
        return Arguments.of(kind, charset, value, expected);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(String s) {
        return HexFormat.of().withUpperCase().formatHex(utf8(s));
    }

    /** The hand-written shape checks accept exactly what their regular expressions would. */
    @org.junit.jupiter.api.Test
    void shapeChecksMatchTheirRegularExpressions() {
        java.util.Map<SqlLiteral.Shape, java.util.regex.Pattern> regex = java.util.Map.of(
                SqlLiteral.Shape.INTEGER, java.util.regex.Pattern.compile("-?[0-9]+"),
                SqlLiteral.Shape.DECIMAL, java.util.regex.Pattern.compile("-?[0-9]+(\\.[0-9]+)?"),
                SqlLiteral.Shape.TEMPORAL, java.util.regex.Pattern.compile("-?[0-9][0-9:. -]*"));
        String alphabet = "0123456789-.: a'x";
        java.util.Random random = new java.util.Random(7);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int len = random.nextInt(7); len > 0; len--) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            for (var e : regex.entrySet()) {
                org.assertj.core.api.Assertions.assertThat(SqlLiteral.matches(e.getKey(), text))
                        .as("%s '%s'", e.getKey(), text)
                        .isEqualTo(e.getValue().matcher(text).matches());
            }
        }
    }

    @org.junit.jupiter.api.Test
    void typedJsonScalarsOfEveryTypeAreSetByAnExpressionOfThatType() {
        SqlColumn j = new SqlColumn("j", ValueKind.JSON, null);
        JsonDocument doc = new JsonDocument(
                "[5, 2.50, \"t\", \"b\", \"c\", \"d\", \"m\"]".getBytes(StandardCharsets.UTF_8),
                java.util.List.of(
                        new JsonDocument.Scalar("$[0]", JsonDocument.Type.DECIMAL, "5"),
                        new JsonDocument.Scalar("$[1]", JsonDocument.Type.DECIMAL, "2.50"),
                        new JsonDocument.Scalar("$[2]", JsonDocument.Type.TIMESTAMP, "2020-01-02 03:04:05.678901"),
                        new JsonDocument.Scalar("$[3]", JsonDocument.Type.OPAQUE, "base64:type252:AP8="),
                        new JsonDocument.Scalar("$[4]", JsonDocument.Type.OPAQUE, "base64:type16:AAU="),
                        new JsonDocument.Scalar("$[5]", JsonDocument.Type.OPAQUE, "base64:type254:BAAA"),
                        new JsonDocument.Scalar("$[6]", JsonDocument.Type.OPAQUE, "base64:type250:AQ==")));
        String sql = SqlLiteral.render(j, doc);
        assertThat(sql)
                .contains("_utf8mb4'$[0]',CAST(5 AS DECIMAL(1,0))")
                .contains("_utf8mb4'$[1]',2.50")
                .contains(
                        "(SELECT v FROM JSON_TABLE('[\"2020-01-02 03:04:05.678901\"]', '$[*]' COLUMNS (v TIMESTAMP(6)")
                .contains("(SELECT v FROM JSON_TABLE(JSON_ARRAY(X'00FF'), '$[*]' COLUMNS (v LONGBLOB")
                .contains("(SELECT v FROM JSON_TABLE('[5]', '$[*]' COLUMNS (v BIT(16)")
                .contains("(SELECT v FROM JSON_TABLE(JSON_ARRAY(X'040000'), '$[*]' COLUMNS (v BINARY(3)")
                .contains("CONCAT(X'01', (SELECT v FROM JSON_TABLE('[\"\"]', '$[*]' COLUMNS (v BLOB")
                .contains("ERROR ON EMPTY ERROR ON ERROR");
    }

    @org.junit.jupiter.api.Test
    void typedJsonScalarsNoExpressionCanMakeAreNamed() {
        assertThat(SqlLiteral.unrenderable(
                        new JsonDocument.Scalar("$[0]", JsonDocument.Type.TIMESTAMP, "2038-01-19 17:00:00.000000")))
                .contains("outside what a TIMESTAMP holds");
        assertThat(SqlLiteral.unrenderable(
                        new JsonDocument.Scalar("$", JsonDocument.Type.OPAQUE, "base64:type249:AQ==")))
                .contains("MySQL column type 249");
        assertThat(SqlLiteral.unrenderable(new JsonDocument.Scalar("$", JsonDocument.Type.OPAQUE, "nonsense")))
                .contains("not an opaque");
        assertThat(SqlLiteral.unrenderable(
                        new JsonDocument.Scalar("$", JsonDocument.Type.TIMESTAMP, "2020-01-02 03:04:05.678901")))
                .isNull();
        assertThatThrownBy(() -> SqlLiteral.render(
                        new SqlColumn("j", ValueKind.JSON, null),
                        new JsonDocument(
                                "1".getBytes(StandardCharsets.UTF_8),
                                java.util.List.of(new JsonDocument.Scalar("$", JsonDocument.Type.DECIMAL, "1x")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column j");
    }
}
