package io.binlogpitr.common.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Renders one column value as a MySQL literal that stores exactly that value, whatever the session's
 * character set or time zone (TIMESTAMP text is read as the session's zone, so callers that move
 * TIMESTAMPs set {@code time_zone='+00:00'} on both ends). Pure: no I/O, no state.
 *
 * <ul>
 *   <li>strings go as hex with their character set's introducer ({@code _gbk X'..'}), never through a
 *       Java {@code String}, so every byte stays as it was;
 *   <li>FLOAT goes as the exact decimal expansion of its binary value, DOUBLE as the 17 significant digits
 *       that identify it, both with an exponent so MySQL parses them as approximate values (never through
 *       DECIMAL); -0 keeps its sign;
 *   <li>GEOMETRY goes as its internal form (SRID + WKB), which keeps the SRID and the axis order;
 *   <li>JSON goes as {@code CAST(_utf8mb4 X'..' AS JSON)} of its text, its doubles then set exactly with
 *       {@code JSON_SET} (MySQL's JSON parser misreads some 17-digit doubles; see {@link JsonDoubles}).
 * </ul>
 */
public final class SqlLiteral {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    /** What each text kind accepts: {@code -?[0-9]+}, {@code -?[0-9]+(\.[0-9]+)?}, {@code -?[0-9][0-9:. -]*}. */
    enum Shape {
        INTEGER,
        DECIMAL,
        TEMPORAL
    }

    private static final MathContext DOUBLE_DIGITS = new MathContext(17, RoundingMode.HALF_EVEN);

    private SqlLiteral() {}

    /** The literal for {@code value} (null for SQL NULL) in {@code column}. */
    public static String render(SqlColumn column, Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, column, value);
        return sb.toString();
    }

    /**
     * Appends the literal for {@code value} (null for SQL NULL) in {@code column}; the accepted Java type
     * per kind is named on {@link ValueKind}.
     *
     * @throws IllegalArgumentException if the value has the wrong type or cannot be stored (NaN, bad text)
     */
    public static void append(StringBuilder sb, SqlColumn column, Object value) {
        if (value == null) {
            sb.append("NULL");
            return;
        }
        switch (column.kind()) {
            case INTEGER, YEAR -> sb.append(integer(column, value));
            case DECIMAL -> sb.append(decimal(column, value));
            case FLOAT -> appendFloat(sb, as(Float.class, column, value));
            case DOUBLE -> appendDouble(sb, as(Double.class, column, value));
            case BIT, BINARY, GEOMETRY -> hex(sb, as(byte[].class, column, value));
            case TEXT -> text(sb, column.charset(), as(byte[].class, column, value));
            case TEMPORAL -> sb.append('\'')
                    .append(checked(Shape.TEMPORAL, column, as(String.class, column, value)))
                    .append('\'');
            case JSON -> {
                if (value instanceof JsonDocument d) {
                    typedJson(sb, column, d);
                } else {
                    json(sb, as(byte[].class, column, value));
                }
            }
        }
    }

    /**
     * {@code text} as a utf8mb4 string literal that reads alike under every sql_mode: printable ASCII without a
     * backslash quoted, anything else as hex ({@code NO_BACKSLASH_ESCAPES} changes what a backslash means).
     */
    public static String string(String text) {
        StringBuilder sb = new StringBuilder();
        text(sb, "utf8mb4", text.getBytes(StandardCharsets.UTF_8));
        return sb.toString();
    }

    /** {@code name} quoted as a MySQL identifier. */
    public static String identifier(String name) {
        return '`' + name.replace("`", "``") + '`';
    }

    private static String integer(SqlColumn column, Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return value.toString();
        }
        if (value instanceof BigInteger b) {
            return b.toString();
        }
        return checked(Shape.INTEGER, column, as(String.class, column, value));
    }

    private static String decimal(SqlColumn column, Object value) {
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return checked(Shape.DECIMAL, column, as(String.class, column, value));
    }

    private static void appendFloat(StringBuilder sb, float f) {
        if (!Float.isFinite(f)) {
            throw new IllegalArgumentException("MySQL cannot store the float " + f);
        }
        // exact: a float is a double, and an exact decimal parses to that double with no rounding
        appendApproximate(sb, new BigDecimal(f), Float.floatToRawIntBits(f) < 0);
    }

    private static void appendDouble(StringBuilder sb, double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("MySQL cannot store the double " + d);
        }
        // 17 significant digits of the exact value identify the double under correct rounding (dtoa)
        appendApproximate(sb, new BigDecimal(d).round(DOUBLE_DIGITS), Double.doubleToRawLongBits(d) < 0);
    }

    /** {@code unscaled E exponent}: the E makes MySQL read a DOUBLE, not a DECIMAL. */
    private static void appendApproximate(StringBuilder sb, BigDecimal value, boolean negative) {
        if (value.signum() == 0) {
            sb.append(negative ? "-0E0" : "0E0");
            return;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        sb.append(stripped.unscaledValue()).append('E').append(-stripped.scale());
    }

    private static void json(StringBuilder sb, byte[] text) {
        List<JsonDoubles.Found> doubles = JsonDoubles.find(text);
        if (doubles.size() == 1 && doubles.get(0).path().equals("$")) {
            sb.append("CAST(");
            appendDouble(sb, doubles.get(0).value());
            sb.append(" AS JSON)");
            return;
        }
        if (!doubles.isEmpty()) {
            sb.append("JSON_SET(");
        }
        sb.append("CAST(");
        text(sb, "utf8mb4", text);
        sb.append(" AS JSON)");
        if (!doubles.isEmpty()) {
            for (JsonDoubles.Found d : doubles) {
                sb.append(',');
                text(sb, "utf8mb4", d.path().getBytes(StandardCharsets.UTF_8));
                sb.append(',');
                appendDouble(sb, d.value());
            }
            sb.append(')');
        }
    }

    /** The text, then each typed scalar set in place: {@code JSON_SET(<text>, path, CAST(.. AS type), ...)}. */
    private static void typedJson(StringBuilder sb, SqlColumn column, JsonDocument d) {
        if (d.typed().isEmpty()) {
            json(sb, d.text());
            return;
        }
        sb.append("JSON_SET(");
        json(sb, d.text());
        for (JsonDocument.Scalar s : d.typed()) {
            String unrenderable = unrenderable(s);
            if (unrenderable != null) {
                throw new IllegalArgumentException(unrenderable + " of JSON column " + column.name());
            }
            sb.append(',');
            text(sb, "utf8mb4", s.path().getBytes(StandardCharsets.UTF_8));
            sb.append(',');
            typedScalar(sb, s);
        }
        sb.append(')');
    }

    /**
     * Why {@code s} cannot be written as an expression that gives back exactly that JSON scalar, or null if it can:
     * its text has not the type's shape, or it is an opaque value of a MySQL column type no SQL expression yields
     * with those bytes.
     */
    public static String unrenderable(JsonDocument.Scalar s) {
        String value = s.value();
        boolean shaped =
                switch (s.type()) {
                    case DECIMAL -> matches(Shape.DECIMAL, value) && decimalDigits(value) <= 65;
                    case SIGNED, UNSIGNED -> matches(Shape.INTEGER, value);
                    case DATE, TIME, DATETIME, TIMESTAMP -> matches(Shape.TEMPORAL, value);
                    case OPAQUE -> true;
                };
        if (!shaped) {
            return "not a " + s.type().name().toLowerCase(Locale.ROOT) + " value at " + s.path() + ": '" + value + "'";
        }
        if (s.type() == JsonDocument.Type.TIMESTAMP && !timestampInRange(value)) {
            return "the TIMESTAMP " + value + " at " + s.path() + " is outside what a TIMESTAMP holds in UTC"
                    + " (1970-01-01 00:00:01 to 2038-01-19 03:14:07.999999): it was made in another time zone";
        }
        if (s.type() != JsonDocument.Type.OPAQUE) {
            return null;
        }
        Opaque o = Opaque.parse(value);
        if (o == null) {
            return "not an opaque JSON value at " + s.path() + ": '" + value + "'";
        }
        int n = o.bytes.length;
        boolean ok =
                switch (o.fieldType) {
                    case VARCHAR, BLOB, MEDIUM_BLOB, LONG_BLOB -> true;
                    case STRING -> n >= 1 && n <= 255;
                    case BIT -> n >= 1 && n <= 8;
                    default -> false;
                };
        return ok
                ? null
                : "the opaque JSON value at " + s.path() + " (MySQL column type " + o.fieldType + ", " + n
                        + " bytes) cannot be made again by any SQL expression";
    }

    private static final int VARCHAR = 15;
    private static final int BIT = 16;
    private static final int MEDIUM_BLOB = 250;
    private static final int LONG_BLOB = 251;
    private static final int BLOB = 252;
    private static final int STRING = 254;

    /** An opaque JSON scalar: MySQL's column type byte and the bytes. */
    private record Opaque(int fieldType, byte[] bytes) {
        /** {@code base64:type<n>:<base64>} (MIME line breaks, as MySQL prints long values, allowed), or null. */
        static Opaque parse(String text) {
            String prefix = "base64:type";
            int colon = text.indexOf(':', prefix.length());
            if (!text.startsWith(prefix) || colon < 0) {
                return null;
            }
            try {
                int type = Integer.parseInt(text.substring(prefix.length(), colon));
                String data = text.substring(colon + 1).replace("\\n", "\n");
                return new Opaque(type, java.util.Base64.getMimeDecoder().decode(data));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /** The text as MySQL prints a JSON TIMESTAMP ({@code yyyy-mm-dd hh:mm:ss.ffffff}) within the UTC range. */
    private static boolean timestampInRange(String v) {
        return v.equals("0000-00-00 00:00:00.000000")
                || (v.length() == 26
                        && v.compareTo("1970-01-01 00:00:01.000000") >= 0
                        && v.compareTo("2038-01-19 03:14:07.999999") <= 0);
    }

    private static int decimalDigits(String value) {
        int digits = 0;
        for (int i = 0; i < value.length(); i++) {
            digits += isDigit(value.charAt(i)) ? 1 : 0;
        }
        return digits;
    }

    /** A JSON_TABLE column of {@code type} over {@code source}: the scalar subquery MySQL turns into that type. */
    private static void tableColumn(StringBuilder sb, String source, String type) {
        sb.append("(SELECT v FROM JSON_TABLE(")
                .append(source)
                .append(", '$[*]' COLUMNS (v ")
                .append(type)
                .append(" PATH '$' ERROR ON EMPTY ERROR ON ERROR)) jt)");
    }

    private static void typedScalar(StringBuilder sb, JsonDocument.Scalar s) {
        String v = s.value();
        switch (s.type()) {
            case DECIMAL -> {
                int point = v.indexOf('.');
                if (point >= 0) {
                    sb.append(v); // a decimal literal keeps its scale
                } else {
                    // without a point the literal would be an integer
                    sb.append("CAST(").append(v).append(" AS DECIMAL(").append(Math.max(1, decimalDigits(v)));
                    sb.append(",0))");
                }
            }
            case SIGNED, UNSIGNED -> sb.append("CAST(")
                    .append(v)
                    .append(" AS ")
                    .append(s.type())
                    .append(')');
            case DATE -> sb.append("CAST('").append(v).append("' AS DATE)");
            case TIME -> sb.append("CAST('").append(v).append("' AS TIME(6))");
            case DATETIME -> sb.append("CAST('").append(v).append("' AS DATETIME(6))");
                // SQL has no TIMESTAMP literal or cast; a JSON_TABLE column of that type is one
            case TIMESTAMP -> tableColumn(sb, "'[\"" + v + "\"]'", "TIMESTAMP(6)");
            case OPAQUE -> opaque(sb, Opaque.parse(v));
        }
    }

    /**
     * An expression whose JSON form is the opaque value: MySQL takes the column type from the expression's type, so
     * a hex literal for VARCHAR, a JSON_TABLE column of the type for BLOB, BINARY and BIT, and the bytes
     * concatenated with an empty BLOB or MEDIUMBLOB column (whose maximum length makes the result a MEDIUMBLOB or
     * LONGBLOB) for those.
     */
    private static void opaque(StringBuilder sb, Opaque o) {
        StringBuilder hex = new StringBuilder();
        hex(hex, o.bytes);
        switch (o.fieldType) {
            case VARCHAR -> sb.append(hex);
            case MEDIUM_BLOB, LONG_BLOB -> {
                sb.append("CONCAT(").append(hex).append(", ");
                tableColumn(sb, "'[\"\"]'", o.fieldType == MEDIUM_BLOB ? "BLOB" : "MEDIUMBLOB");
                sb.append(')');
            }
            case BLOB -> tableColumn(sb, "JSON_ARRAY(" + hex + ")", "LONGBLOB");
            case STRING -> tableColumn(sb, "JSON_ARRAY(" + hex + ")", "BINARY(" + o.bytes.length + ")");
            case BIT -> tableColumn(sb, "'[" + new BigInteger(1, o.bytes) + "]'", "BIT(" + (8 * o.bytes.length) + ")");
            default -> throw new IllegalArgumentException("opaque JSON value of MySQL column type " + o.fieldType);
        }
    }

    private static void hex(StringBuilder sb, byte[] bytes) {
        sb.append("X'");
        HEX.formatHex(sb, bytes);
        sb.append('\'');
    }

    /**
     * Character data in the column's character set: printable ASCII as a quoted string (half the size of hex, and
     * the same bytes in every ASCII-compatible character set a client can use; no backslash, so any sql_mode reads
     * it alike), anything else as hex.
     */
    private static void text(StringBuilder sb, String charset, byte[] bytes) {
        sb.append('_').append(charset);
        if (bytes.length == 0) {
            sb.append("''");
        } else if (asciiCompatible(charset) && printableAscii(bytes)) {
            sb.append('\'');
            for (byte b : bytes) {
                if (b == '\'') {
                    sb.append('\'');
                }
                sb.append((char) b);
            }
            sb.append('\'');
        } else {
            sb.append(' ');
            hex(sb, bytes);
        }
    }

    /** Per value, so no allocation: character set names are lower case ({@link SqlColumn} checks it). */
    private static boolean asciiCompatible(String charset) {
        return !(charset.startsWith("ucs2") || charset.startsWith("utf16") || charset.startsWith("utf32"));
    }

    private static boolean printableAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7E || b == '\\') {
                return false;
            }
        }
        return true;
    }

    /** {@code text} if it has the kind's shape (a hand-written scan: this runs for every value a load sends). */
    private static String checked(Shape shape, SqlColumn column, String text) {
        if (!matches(shape, text)) {
            throw new IllegalArgumentException("not a " + column.kind().name().toLowerCase(Locale.ROOT)
                    + " value for column " + column.name() + ": '" + text + "'");
        }
        return text;
    }

    static boolean matches(Shape shape, String text) {
        int n = text.length();
        int i = n > 0 && text.charAt(0) == '-' ? 1 : 0;
        int digits = i;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
        }
        if (i == digits) {
            return false; // at least one digit first
        }
        switch (shape) {
            case INTEGER -> {
                return i == n;
            }
            case DECIMAL -> {
                if (i == n) {
                    return true;
                }
                if (text.charAt(i) != '.' || i + 1 == n) {
                    return false;
                }
                for (i++; i < n; i++) {
                    if (!isDigit(text.charAt(i))) {
                        return false;
                    }
                }
                return true;
            }
            default -> {
                for (; i < n; i++) {
                    char c = text.charAt(i);
                    if (!isDigit(c) && c != ':' && c != '.' && c != ' ' && c != '-') {
                        return false;
                    }
                }
                return true;
            }
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static <T> T as(Class<T> type, SqlColumn column, Object value) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("column " + column.name() + " (" + column.kind() + ") takes a "
                    + type.getSimpleName() + ", not a " + value.getClass().getSimpleName());
        }
        return type.cast(value);
    }
}
