package io.binlogpitr.agent.cli;

import io.binlogpitr.agent.bench.SnapshotBenchOptions;
import io.binlogpitr.agent.bench.SnapshotBenchmark;
import io.binlogpitr.agent.bench.SnapshotReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code bin/pitr-bench-snapshot}: runs {@link SnapshotBenchmark} and prints its table on stdout; progress, warnings
 * and errors go to stderr. Exits 0 whatever the figures, 1 if something failed to run, 2 on bad usage. The one class
 * of this benchmark that touches {@code System.out}/{@code System.err}. See docs/benchmarks.md.
 */
public final class SnapshotBenchCommand {
    private static final PrintStream OUT = System.out;
    private static final PrintStream ERR = System.err;

    private SnapshotBenchCommand() {}

    public static void main(String[] args) {
        Optional<SnapshotBenchOptions> parsed;
        try {
            parsed = SnapshotBenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            ERR.println("error[USAGE]: " + e.getMessage());
            ERR.println(SnapshotBenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (parsed.isEmpty()) {
            OUT.println(SnapshotBenchOptions.HELP);
            System.exit(0);
            return;
        }
        System.exit(run(parsed.get()));
    }

    /** Runs the benchmark and prints its table; returns the exit code. Cleans up on every path. */
    private static int run(SnapshotBenchOptions options) {
        int exit;
        SnapshotBenchmark bench = null;
        try {
            Path work = options.work() != null ? options.work().toAbsolutePath() : null;
            boolean created = work == null || !Files.exists(work);
            if (work == null) {
                work = Files.createTempDirectory("pitr-bench-snapshot-");
            }
            Files.createDirectories(work);
            bench = new SnapshotBenchmark(options, work, created && !options.keep(), ERR);
            SnapshotBenchmark b = bench;
            Runtime.getRuntime().addShutdownHook(new Thread(b::cleanup, "pitr-bench-cleanup"));
            SnapshotReport report = bench.run();
            report.print(OUT);
            exit = 0;
        } catch (Exception e) {
            ERR.println("error: the benchmark failed: " + e);
            e.printStackTrace(ERR);
            exit = 1;
        } finally {
            if (bench != null) {
                bench.cleanup();
            }
        }
        return exit;
    }
}
