package io.binlogpitr.bench;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The options of {@code bin/pitr-bench-restore}, parsed and checked; see docs/benchmarks.md.
 *
 * @param home the project directory whose {@code bin/pitr-agent} and {@code bin/pitr-restore} are run (the launcher
 *     passes it as {@code -Dpitr.home})
 * @param localInfile the targets' {@code local_infile} (both targets; only our load can use it: LOAD DATA LOCAL)
 */
public record RestoreBenchOptions(
        int tables,
        int tableSize,
        int threads,
        int seconds,
        boolean keep,
        Path work,
        String sysbench,
        String mydumper,
        String myloader,
        Path home,
        boolean localInfile) {

    /** The usage line printed after a usage error. */
    public static final String USAGE = "usage: pitr-bench-restore [--tables N] [--table-size R] [--threads T]"
            + " [--seconds S] [--local-infile on|off] [--keep] [--work DIR]";

    /** The text printed for {@code --help}. */
    public static final String HELP = "pitr-bench-restore [--tables N] [--table-size R] [--threads T] [--seconds S]"
            + " [--local-infile on|off] [--keep] [--work DIR]\n"
            + "  --tables N       sysbench tables (default 4)\n"
            + "  --table-size R   rows per sysbench table (default 200000)\n"
            + "  --threads T      sysbench threads, myloader -t, replica_parallel_workers, pitr-restore --threads (default 4)\n"
            + "  --seconds S      length of the sysbench oltp_write_only run replayed after the snapshot (default 60)\n"
            + "  --local-infile X the targets' local_infile, on or off: on lets our load use LOAD DATA LOCAL (default on)\n"
            + "  --keep           keep the work directory (the three MySQL instances, repository, dump, logs)\n"
            + "  --work DIR       work directory (default: a new one under $TMPDIR)";

    /**
     * Parses the command line; empty when {@code --help} was asked (the options after it are not read).
     *
     * @param home the project directory (from {@code -Dpitr.home})
     * @throws IllegalArgumentException on an unknown option, a missing value or a value that is not a positive number
     */
    public static Optional<RestoreBenchOptions> parse(String[] args, Path home) {
        int tables = 4;
        int tableSize = 200_000;
        int threads = 4;
        int seconds = 60;
        boolean keep = false;
        Path work = null;
        boolean localInfile = true;
        String sysbench = "sysbench";
        String mydumper = "mydumper";
        String myloader = "myloader";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--tables" -> tables = positive(a, value(args, ++i, a));
                case "--table-size" -> tableSize = positive(a, value(args, ++i, a));
                case "--threads" -> threads = positive(a, value(args, ++i, a));
                case "--seconds" -> seconds = positive(a, value(args, ++i, a));
                case "--keep" -> keep = true;
                case "--local-infile" -> localInfile = onOff(a, value(args, ++i, a));
                case "--work" -> work = Path.of(value(args, ++i, a));
                case "--sysbench" -> sysbench = value(args, ++i, a);
                case "--mydumper" -> mydumper = value(args, ++i, a);
                case "--myloader" -> myloader = value(args, ++i, a);
                case "-h", "--help" -> {
                    return Optional.empty();
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return Optional.of(new RestoreBenchOptions(
                tables, tableSize, threads, seconds, keep, work, sysbench, mydumper, myloader, home, localInfile));
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

    private static boolean onOff(String option, String text) {
        return switch (text) {
            case "on", "ON" -> true;
            case "off", "OFF" -> false;
            default -> throw new IllegalArgumentException(option + " must be on or off, was '" + text + "'");
        };
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
