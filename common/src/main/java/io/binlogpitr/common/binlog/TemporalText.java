package io.binlogpitr.common.binlog;

/**
 * DATE, TIME, DATETIME and TIMESTAMP values in the text MySQL prints for them, fraction included to the column's
 * precision. Fields are printed as stored, so the zero date and the invalid dates a permissive sql_mode accepts
 * ({@code 0000-00-00}, {@code 2020-00-15}) come out as MySQL shows them. TIMESTAMP is printed in UTC.
 */
final class TemporalText {
    private final char[] buf = new char[32];
    private int len;

    String date(int year, int month, int day) {
        len = 0;
        ymd(year, month, day);
        return new String(buf, 0, len);
    }

    String datetime(int year, int month, int day, int hour, int minute, int second, int micros, int fsp) {
        len = 0;
        ymd(year, month, day);
        buf[len++] = ' ';
        hms(hour, minute, second);
        fraction(micros, fsp);
        return new String(buf, 0, len);
    }

    String time(boolean negative, int hours, int minute, int second, int micros, int fsp) {
        len = 0;
        if (negative) {
            buf[len++] = '-';
        }
        if (hours >= 100) {
            digits(hours, hours >= 1000 ? 4 : 3);
        } else {
            digits(hours, 2);
        }
        buf[len++] = ':';
        digits(minute, 2);
        buf[len++] = ':';
        digits(second, 2);
        fraction(micros, fsp);
        return new String(buf, 0, len);
    }

    /** A TIMESTAMP in UTC; 0 seconds is MySQL's zero timestamp {@code 0000-00-00 00:00:00}. */
    String timestamp(long epochSeconds, int micros, int fsp) {
        if (epochSeconds == 0 && micros == 0) {
            return datetime(0, 0, 0, 0, 0, 0, 0, fsp);
        }
        long days = Math.floorDiv(epochSeconds, 86_400);
        int secs = (int) Math.floorMod(epochSeconds, 86_400);
        // civil date from days since 1970-01-01 (H. Hinnant's algorithm)
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        return datetime(year, month, day, secs / 3600, secs / 60 % 60, secs % 60, micros, fsp);
    }

    private void ymd(int year, int month, int day) {
        digits(year, 4);
        buf[len++] = '-';
        digits(month, 2);
        buf[len++] = '-';
        digits(day, 2);
    }

    private void hms(int hour, int minute, int second) {
        digits(hour, 2);
        buf[len++] = ':';
        digits(minute, 2);
        buf[len++] = ':';
        digits(second, 2);
    }

    /** The first {@code fsp} digits of the six-digit microseconds. */
    private void fraction(int micros, int fsp) {
        if (fsp > 0) {
            buf[len++] = '.';
            int v = micros;
            for (int i = 6; i > fsp; i--) {
                v /= 10;
            }
            digits(v, fsp);
        }
    }

    private void digits(int value, int width) {
        int v = value;
        for (int i = len + width - 1; i >= len; i--) {
            buf[i] = (char) ('0' + v % 10);
            v /= 10;
        }
        len += width;
    }
}
