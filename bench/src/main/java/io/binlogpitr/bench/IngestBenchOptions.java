package io.binlogpitr.bench;

import java.nio.file.Path;
import java.util.Optional;

/** The options of {@code bin/pitr-bench-ingest}, parsed and checked; see docs/benchmarks.md. */
public record IngestBenchOptions(
        long events, int lagSeconds, int threads, int tableSize, boolean keep, Path work, String sysbench) {

    /** The usage line printed after a usage error. */
    public static final String USAGE =
            "usage: pitr-bench-ingest [--events N] [--lag-seconds S] [--threads T] [--table-size R]"
                    + " [--keep] [--work DIR]";

    /** The text printed for {@code --help}. */
    public static final String HELP = "pitr-bench-ingest [--events N] [--lag-seconds S] [--threads T] [--table-size R]"
            + " [--keep] [--work DIR]\n"
            + "  --events N       row events (WRITE/UPDATE/DELETE_ROWS) the sysbench run produces"
            + " (default 1000000)\n"
            + "  --lag-seconds S  length of each live-load lag run (default 30)\n"
            + "  --threads T      sysbench threads (default 4)\n"
            + "  --table-size R   rows per sysbench table, 4 tables (default 10000)\n"
            + "  --keep           keep the work directory (MySQL instance, journal, logs)\n"
            + "  --work DIR       work directory (default: a new one under $TMPDIR)";

    /**
     * Parses the command line; empty when {@code --help} was asked (the options after it are not read).
     *
     * @throws IllegalArgumentException on an unknown option, a missing value or a value that is not a positive number
     */
    public static Optional<IngestBenchOptions> parse(String[] args) {
        long events = 1_000_000;
        int lag = 30;
        int threads = 4;
        int tableSize = 10_000;
        boolean keep = false;
        Path work = null;
        String sysbench = "sysbench";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--events" -> events = positive(a, value(args, ++i, a));
                case "--lag-seconds" -> lag = (int) positive(a, value(args, ++i, a));
                case "--threads" -> threads = (int) positive(a, value(args, ++i, a));
                case "--table-size" -> tableSize = (int) positive(a, value(args, ++i, a));
                case "--keep" -> keep = true;
                case "--work" -> work = Path.of(value(args, ++i, a));
                case "--sysbench" -> sysbench = value(args, ++i, a);
                case "-h", "--help" -> {
                    return Optional.empty();
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return Optional.of(new IngestBenchOptions(events, lag, threads, tableSize, keep, work, sysbench));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static long positive(String option, String text) {
        try {
            long v = Long.parseLong(text.replace("_", ""));
            if (v <= 0) {
                throw new IllegalArgumentException(option + " must be positive, was " + text);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number, was '" + text + "'");
        }
    }
}
