package io.binlogpitr.bench;

import java.nio.file.Path;
import java.util.Optional;

/** The options of {@code bin/pitr-bench-snapshot}, parsed and checked; see docs/benchmarks.md. */
public record SnapshotBenchOptions(
        int tables, int tableSize, int threads, int rounds, boolean keep, Path work, String sysbench, String mydumper) {

    /** The usage line printed after a usage error. */
    public static final String USAGE = "usage: pitr-bench-snapshot [--tables N] [--table-size R] [--threads T]"
            + " [--rounds N] [--keep] [--work DIR]";

    /** The text printed for {@code --help}. */
    public static final String HELP = "pitr-bench-snapshot [--tables N] [--table-size R] [--threads T] [--rounds N]"
            + " [--keep] [--work DIR]\n"
            + "  --tables N       sysbench tables (default 4)\n"
            + "  --table-size R   rows per sysbench table (default 250000)\n"
            + "  --threads T      dump threads of mydumper and of our snapshot (default 2)\n"
            + "  --rounds N       rounds of the four dumps, order rotated each round; medians are reported"
            + " (default 3)\n"
            + "  --keep           keep the work directory (MySQL instance, last outputs, logs)\n"
            + "  --work DIR       work directory (default: a new one under $TMPDIR)";

    /**
     * Parses the command line; empty when {@code --help} was asked (the options after it are not read).
     *
     * @throws IllegalArgumentException on an unknown option, a missing value or a value that is not a positive number
     */
    public static Optional<SnapshotBenchOptions> parse(String[] args) {
        int tables = 4;
        int tableSize = 250_000;
        int threads = 2;
        int rounds = 3;
        boolean keep = false;
        Path work = null;
        String sysbench = "sysbench";
        String mydumper = "mydumper";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--tables" -> tables = positive(a, value(args, ++i, a));
                case "--table-size" -> tableSize = positive(a, value(args, ++i, a));
                case "--threads" -> threads = positive(a, value(args, ++i, a));
                case "--rounds" -> rounds = positive(a, value(args, ++i, a));
                case "--keep" -> keep = true;
                case "--work" -> work = Path.of(value(args, ++i, a));
                case "--sysbench" -> sysbench = value(args, ++i, a);
                case "--mydumper" -> mydumper = value(args, ++i, a);
                case "-h", "--help" -> {
                    return Optional.empty();
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return Optional.of(
                new SnapshotBenchOptions(tables, tableSize, threads, rounds, keep, work, sysbench, mydumper));
    }

    /** Rows sysbench prepare creates: tables × table size. */
    public long rows() {
        return (long) tables * tableSize;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String option, String text) {
        try {
            int v = Integer.parseInt(text.replace("_", ""));
            if (v <= 0) {
                throw new IllegalArgumentException(option + " must be positive, was " + text);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number up to 2147483647, was '" + text + "'");
        }
    }
}
