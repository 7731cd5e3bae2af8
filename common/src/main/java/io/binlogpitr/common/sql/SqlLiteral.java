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
            sb.append(',');
            text(sb, "utf8mb4", s.path().getBytes(StandardCharsets.UTF_8));
            sb.append(',');
            Shape shape = s.type() == JsonDocument.Type.DECIMAL
                    ? Shape.DECIMAL
                    : s.type() == JsonDocument.Type.SIGNED || s.type() == JsonDocument.Type.UNSIGNED
                            ? Shape.INTEGER
                            : Shape.TEMPORAL;
            if (!matches(shape, s.value())) {
                throw new IllegalArgumentException("not a " + s.type().name().toLowerCase(Locale.ROOT) + " value at "
                        + s.path() + " of JSON column " + column.name() + ": '" + s.value() + "'");
            }
            switch (s.type()) {
                case DECIMAL -> sb.append(s.value());
                case SIGNED, UNSIGNED -> sb.append("CAST(")
                        .append(s.value())
                        .append(" AS ")
                        .append(s.type());
                case DATE -> sb.append("CAST('").append(s.value()).append("' AS DATE");
                case TIME -> sb.append("CAST('").append(s.value()).append("' AS TIME(6)");
                case DATETIME -> sb.append("CAST('").append(s.value()).append("' AS DATETIME(6)");
            }
            if (s.type() != JsonDocument.Type.DECIMAL) {
                sb.append(')');
            }
        }
        sb.append(')');
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
