package io.binlogpitr.testing.workload;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;

/**
 * Random DATE, TIME, DATETIME, TIMESTAMP and YEAR literals. TIMESTAMP literals stay a day inside the
 * valid range so that they are valid in any session time zone.
 */
final class RandomTemporals {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd");
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final long MAX_TIME_SECONDS = 838L * 3600 + 59 * 60 + 59;

    private RandomTemporals() {}

    static String date(Random random, boolean edge) {
        if (edge) {
            String[] edges = {
                "1000-01-01", "9999-12-31", "1582-10-10", "1582-10-20", "1970-01-01", "2000-02-29", "1969-12-31"
            };
            return edges[random.nextInt(edges.length)];
        }
        return LocalDate.ofEpochDay(randomDay(random)).format(DATE);
    }

    static String time(Random random, int fsp, boolean edge) {
        if (edge) {
            String[] edges = {
                "838:59:59",
                "-838:59:59",
                "00:00:00",
                "-00:00:01",
                withFraction("-00:00:00", 1, fsp),
                withFraction("-01:00:00", 999_999, fsp),
                "24:00:00"
            };
            return edges[random.nextInt(edges.length)];
        }
        long seconds = (long) (random.nextDouble() * MAX_TIME_SECONDS);
        String sign = random.nextBoolean() ? "-" : "";
        String hms = String.format("%s%02d:%02d:%02d", sign, seconds / 3600, seconds / 60 % 60, seconds % 60);
        return withFraction(hms, random, fsp);
    }

    static String datetime(Random random, int fsp, boolean edge) {
        if (edge) {
            String[] edges = {
                "1000-01-01 00:00:00",
                "9999-12-31 23:59:59" + maxFrac(fsp),
                "1582-10-14 12:00:00",
                "1970-01-01 00:00:00",
                "2038-01-19 03:14:08"
            };
            return edges[random.nextInt(edges.length)];
        }
        LocalDateTime t = LocalDate.ofEpochDay(randomDay(random)).atStartOfDay().plusSeconds(random.nextInt(86_400));
        return withFraction(t.format(DATETIME), random, fsp);
    }

    static String timestamp(Random random, int fsp, boolean edge) {
        if (edge) {
            String[] edges = {"1970-01-02 00:00:00", "2038-01-18 03:14:07" + maxFrac(fsp), "2000-01-01 00:00:00"};
            return edges[random.nextInt(edges.length)];
        }
        long from = LocalDate.of(1970, 1, 2).toEpochDay() * 86_400;
        long to = LocalDate.of(2038, 1, 18).toEpochDay() * 86_400;
        long s = from + (long) (random.nextDouble() * (to - from));
        return withFraction(
                LocalDateTime.ofEpochSecond(s, 0, java.time.ZoneOffset.UTC).format(DATETIME), random, fsp);
    }

    static Object year(Random random, boolean edge) {
        if (edge) {
            long[] edges = {0, 1901, 2155, 2000};
            return edges[random.nextInt(edges.length)];
        }
        return (long) (1901 + random.nextInt(255));
    }

    private static long randomDay(Random random) {
        long from = LocalDate.of(1000, 1, 1).toEpochDay();
        long to = LocalDate.of(9999, 12, 31).toEpochDay();
        return from + (long) (random.nextDouble() * (to - from + 1));
    }

    private static String withFraction(String s, Random random, int fsp) {
        return withFraction(s, random.nextInt(1_000_000), fsp);
    }

    private static String withFraction(String s, int micros, int fsp) {
        return fsp == 0 ? s : s + "." + frac(micros, fsp);
    }

    private static String maxFrac(int fsp) {
        return fsp == 0 ? "" : "." + "9".repeat(fsp);
    }

    /** The first {@code fsp} digits of a six-digit microsecond count. */
    private static String frac(int micros, int fsp) {
        return fsp == 0 ? "" : String.format("%06d", micros).substring(0, fsp);
    }
}
