package io.binlogpitr.agent.stream;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Exact decoding of the cells that mysql-binlog-connector-java 0.30.1 gets wrong, in the representation
 * the connector uses with {@code DATE_AND_TIME_AS_LONG_MICRO} and {@code
 * INVALID_DATE_AND_TIME_AS_MIN_VALUE}: TIME as signed microseconds (the connector ignores the sign),
 * DATE/DATETIME as microseconds since 1970-01-01 on the proleptic Gregorian calendar (the connector
 * switches to the Julian calendar before 1582-10-15), YEAR 0000 as 0 (the connector says 1900).
 * Layouts follow MySQL's {@code my_time.cc} ({@code my_time_packed_from_binary}, {@code
 * my_datetime_packed_from_binary}).
 */
final class ExactTemporalCells {

    static final long INVALID = Long.MIN_VALUE;
    private static final long TIMEF_INT_OFS = 0x800000L;
    private static final long TIMEF_OFS = 0x800000000000L;
    private static final long DATETIMEF_INT_OFS = 0x8000000000L;

    private ExactTemporalCells() {}

    /** True if this class decodes cells of the type. */
    static boolean handles(ColumnType type) {
        return type == ColumnType.TIME_V2
                || type == ColumnType.DATE
                || type == ColumnType.DATETIME_V2
                || type == ColumnType.YEAR;
    }

    static Serializable decode(ColumnType type, int meta, ByteArrayInputStream in) throws IOException {
        return switch (type) {
            case TIME_V2 -> timeMicros(meta, in);
            case DATE -> dateMicros(in);
            case DATETIME_V2 -> datetimeMicros(meta, in);
            case YEAR -> year(in);
            default -> throw new IllegalArgumentException("not an exact temporal type: " + type);
        };
    }

    /** Signed microseconds of a TIME(fsp) value. */
    static long timeMicros(int fsp, ByteArrayInputStream in) throws IOException {
        long packed;
        switch (fsp) {
            case 0 -> packed = (bigEndian(in, 3) - TIMEF_INT_OFS) << 24;
            case 1, 2 -> {
                long intPart = bigEndian(in, 3) - TIMEF_INT_OFS;
                long frac = bigEndian(in, 1);
                if (intPart < 0 && frac != 0) {
                    intPart++;
                    frac -= 0x100;
                }
                packed = (intPart << 24) + frac * 10_000;
            }
            case 3, 4 -> {
                long intPart = bigEndian(in, 3) - TIMEF_INT_OFS;
                long frac = bigEndian(in, 2);
                if (intPart < 0 && frac != 0) {
                    intPart++;
                    frac -= 0x10000;
                }
                packed = (intPart << 24) + frac * 100;
            }
            case 5, 6 -> packed = bigEndian(in, 6) - TIMEF_OFS;
            default -> throw new IOException("TIME precision out of range: " + fsp);
        }
        long abs = Math.abs(packed);
        long hms = abs >> 24;
        long seconds = ((hms >> 12) & 0x3FF) * 3600 + ((hms >> 6) & 0x3F) * 60 + (hms & 0x3F);
        long micros = seconds * 1_000_000 + (abs & 0xFFFFFF);
        return packed < 0 ? -micros : micros;
    }

    static long dateMicros(ByteArrayInputStream in) throws IOException {
        int v = in.readInteger(3);
        int day = v & 0x1F;
        int month = (v >>> 5) & 0x0F;
        int year = v >>> 9;
        if (year == 0 || month == 0 || day == 0) {
            return INVALID;
        }
        return LocalDate.of(year, month, day).toEpochDay() * 86_400_000_000L;
    }

    static long datetimeMicros(int fsp, ByteArrayInputStream in) throws IOException {
        long intPart = bigEndian(in, 5) - DATETIMEF_INT_OFS;
        long frac =
                switch (fsp) {
                    case 0 -> 0;
                    case 1, 2 -> bigEndian(in, 1) * 10_000;
                    case 3, 4 -> bigEndian(in, 2) * 100;
                    case 5, 6 -> bigEndian(in, 3);
                    default -> throw new IOException("DATETIME precision out of range: " + fsp);
                };
        long ymd = intPart >> 17;
        long ym = ymd >> 5;
        int day = (int) (ymd & 0x1F);
        int month = (int) (ym % 13);
        int year = (int) (ym / 13);
        long hms = intPart & 0x1FFFF;
        if (year == 0 || month == 0 || day == 0) {
            return INVALID;
        }
        LocalDateTime t =
                LocalDateTime.of(year, month, day, (int) (hms >> 12), (int) ((hms >> 6) & 0x3F), (int) (hms & 0x3F));
        return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000 + frac;
    }

    static int year(ByteArrayInputStream in) throws IOException {
        int v = in.readInteger(1);
        return v == 0 ? 0 : 1900 + v;
    }

    private static long bigEndian(ByteArrayInputStream in, int length) throws IOException {
        byte[] b = in.read(length);
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xFF);
        }
        return v;
    }
}
