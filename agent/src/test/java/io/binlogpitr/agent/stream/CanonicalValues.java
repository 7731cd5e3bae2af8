package io.binlogpitr.agent.stream;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.BitSet;
import java.util.HexFormat;

/**
 * The canonical text of a column value, computed two ways that must agree: from a binlog cell (a value
 * of {@link RawEventDecoder}) and from the live table, where {@link #sqlExpression} renders it in SQL
 * and {@link #fromSql} finishes it in Java. Exact: floats keep every bit, strings are hex of their bytes
 * in the column's charset, TIMESTAMPs are microseconds since the epoch, independent of time zones.
 */
final class CanonicalValues {

    static final String NULL = "NULL";
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private CanonicalValues() {}

    /** The SQL expression whose text {@link #fromSql} turns into the canonical form. */
    static String sqlExpression(LiveColumn c) {
        String n = c.quotedName();
        return switch (c.dataType()) {
            case "float" -> "CAST(" + n + " AS DOUBLE)";
            case "bit" -> "CAST(" + n + " AS UNSIGNED)";
            case "enum", "set", "year" -> "CAST(" + n + " AS UNSIGNED)";
            case "date" -> "DATE_FORMAT(" + n + ", '%Y-%m-%d')";
            case "datetime" -> "DATE_FORMAT(" + n + ", '%Y-%m-%d %H:%i:%s.%f')";
            case "timestamp" -> "UNIX_TIMESTAMP(" + n + ")";
            case "time", "tinyint", "smallint", "mediumint", "int", "bigint", "decimal", "double", "json" -> "CAST(" + n
                    + " AS CHAR)";
            default -> "HEX(" + n + ")"; // strings, binary strings, BLOB/TEXT, geometry
        };
    }

    static String fromSql(LiveColumn c, String text) {
        if (text == null) {
            return NULL;
        }
        try {
            return switch (c.dataType()) {
                case "float", "double" -> Double.toString(Double.parseDouble(text));
                case "timestamp" -> new BigDecimal(text)
                        .movePointRight(6)
                        .toBigIntegerExact()
                        .toString();
                case "time" -> Long.toString(timeMicros(text));
                case "json" -> CanonicalJson.fromText(text);
                case "char" -> stripPadding(c, text);
                default -> text;
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot canonicalise " + c.name() + " value " + text, e);
        }
    }

    static String fromBinlog(LiveColumn c, Serializable v) {
        if (v == null) {
            return NULL;
        }
        try {
            return switch (c.dataType()) {
                case "tinyint", "smallint", "mediumint", "int", "bigint" -> integer(c, (Number) v);
                case "decimal" -> ((BigDecimal) v).toPlainString();
                case "float" -> Double.toString(((Float) v).doubleValue());
                case "double" -> Double.toString((Double) v);
                case "bit" -> bits((BitSet) v);
                case "enum", "year" -> v.toString();
                case "set" -> Long.toUnsignedString(((Number) v).longValue());
                case "json" -> CanonicalJson.fromBinary((byte[]) v);
                case "date" -> micros(v) == Long.MIN_VALUE
                        ? "0000-00-00"
                        : LocalDate.ofEpochDay(Math.floorDiv(micros(v), 86_400_000_000L))
                                .toString();
                case "datetime" -> datetime(micros(v));
                case "timestamp", "time" -> Long.toString(micros(v));
                case "char" -> stripPadding(c, hex(v));
                case "binary" -> padBinary(c, hex(v));
                default -> hex(v);
            };
        } catch (IOException | RuntimeException e) {
            return "UNDECODABLE(" + v.getClass().getSimpleName() + ": " + v + ": " + e + ")";
        }
    }

    private static String integer(LiveColumn c, Number n) {
        long v = n.longValue();
        if (!c.unsigned()) {
            return Long.toString(v);
        }
        int bits =
                switch (c.dataType()) {
                    case "tinyint" -> 8;
                    case "smallint" -> 16;
                    case "mediumint" -> 24;
                    case "int" -> 32;
                    default -> 64;
                };
        return bits == 64 ? Long.toUnsignedString(v) : Long.toString(v & ((1L << bits) - 1));
    }

    private static String bits(BitSet b) {
        BigInteger v = BigInteger.ZERO;
        for (int i = b.nextSetBit(0); i >= 0; i = b.nextSetBit(i + 1)) {
            v = v.setBit(i);
        }
        return v.toString();
    }

    /** Other types than Long (the connector's java.util.Date, say) fail here and show up in the diff. */
    private static long micros(Serializable v) {
        if (v instanceof Long l) {
            return l;
        }
        throw new IllegalArgumentException("expected microseconds as a Long");
    }

    private static String datetime(long micros) {
        if (micros == Long.MIN_VALUE) {
            return "0000-00-00 00:00:00.000000";
        }
        long seconds = Math.floorDiv(micros, 1_000_000L);
        int nanos = (int) Math.floorMod(micros, 1_000_000L) * 1000;
        return LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC).format(DATETIME);
    }

    /** Signed microseconds of a TIME literal like {@code -838:59:59.000000}. */
    static long timeMicros(String text) {
        boolean negative = text.startsWith("-");
        String[] hms = (negative ? text.substring(1) : text).split(":");
        String[] secFrac = hms[2].split("\\.");
        long micros =
                (Long.parseLong(hms[0]) * 3600 + Long.parseLong(hms[1]) * 60 + Long.parseLong(secFrac[0])) * 1_000_000L;
        if (secFrac.length > 1) {
            micros += Long.parseLong((secFrac[1] + "000000").substring(0, 6));
        }
        return negative ? -micros : micros;
    }

    private static String hex(Serializable v) {
        if (v instanceof byte[] b) {
            return HEX.formatHex(b);
        }
        throw new IllegalArgumentException("expected bytes");
    }

    /** CHAR values are compared without their trailing pad characters, as MySQL returns them. */
    private static String stripPadding(LiveColumn c, String hex) {
        String pad =
                switch (c.charset()) {
                    case "ucs2", "utf16" -> "0020";
                    case "utf16le" -> "2000";
                    case "utf32" -> "00000020";
                    default -> "20";
                };
        String s = hex;
        while (s.endsWith(pad) && (s.length() - pad.length()) % pad.length() == 0) {
            s = s.substring(0, s.length() - pad.length());
        }
        return s;
    }

    /** The binlog drops the trailing 0x00 bytes of a BINARY(n) value; MySQL returns all n bytes. */
    private static String padBinary(LiveColumn c, String hex) {
        StringBuilder sb = new StringBuilder(hex);
        while (sb.length() < c.octetLength() * 2) {
            sb.append("00");
        }
        return sb.toString();
    }
}
