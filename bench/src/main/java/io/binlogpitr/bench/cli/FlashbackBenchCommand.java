package io.binlogpitr.bench.cli;

import io.binlogpitr.bench.FlashbackBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code bin/pitr-bench-flashback}: runs {@link FlashbackBenchmark} and prints its table on stdout, progress on
 * stderr. Options: {@code --rows N} (default 1,000,000 inserts; the mistakes then change as many rows again),
 * {@code --chunk R} rows per mistaken transaction (default 10,000), {@code --compressed} (the source writes every
 * transaction compressed, {@code binlog_transaction_compression=ON}), {@code --work DIR}, {@code --keep}. Exits 0
 * whatever the figures, 1 if something failed to run, 2 on bad usage.
 */
public final class FlashbackBenchCommand {
    private FlashbackBenchCommand() {}

    public static void main(String[] args) {
        long rows = 1_000_000;
        int chunk = 10_000;
        Path work = null;
        boolean keep = false;
        boolean compressed = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--rows" -> rows = Long.parseLong(args[++i]);
                    case "--chunk" -> chunk = Integer.parseInt(args[++i]);
                    case "--work" -> work = Path.of(args[++i]);
                    case "--keep" -> keep = true;
                    case "--compressed" -> compressed = true;
                    case "--help", "-h" -> {
                        System.out.println(
                                "usage: bin/pitr-bench-flashback [--rows N] [--chunk R] [--compressed] [--work DIR] [--keep]");
                        System.exit(0);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (rows < 1 || chunk < 1) {
                throw new IllegalArgumentException("--rows and --chunk must be positive");
            }
        } catch (RuntimeException e) {
            System.err.println("error[USAGE]: " + e.getMessage());
            System.err.println(
                    "HINT: bin/pitr-bench-flashback [--rows N] [--chunk R] [--compressed] [--work DIR] [--keep]");
            System.exit(2);
        }
        Path home =
                Path.of(System.getProperty("pitr.home", ".")).toAbsolutePath().normalize();
        int code = 0;
        FlashbackBenchmark bench = null;
        try {
            Path dir = work != null ? work : Files.createTempDirectory("pitr-bench-flashback-");
            bench = new FlashbackBenchmark(home, dir, rows, chunk, compressed, System.err);
            bench.run().print(System.out);
        } catch (Exception e) {
            System.err.println("error[INTERNAL]: the flashback benchmark failed: " + e);
            code = 1;
        } finally {
            if (bench != null && !keep) {
                try {
                    bench.cleanup();
                } catch (Exception e) {
                    System.err.println("could not delete the work directory: " + e.getMessage());
                }
            }
        }
        System.exit(code);
    }
}
