package io.binlogpitr.agent.cli;

import io.binlogpitr.agent.bench.RestoreBenchOptions;
import io.binlogpitr.agent.bench.RestoreBenchmark;
import io.binlogpitr.agent.bench.RestoreReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code bin/pitr-bench-restore}: runs {@link RestoreBenchmark} and prints its table on stdout; progress, warnings
 * and errors go to stderr. Exits 0 whatever the figures, 1 if something failed to run, 2 on bad usage. The one class
 * of this benchmark that touches {@code System.out}/{@code System.err}. See docs/benchmarks.md.
 */
public final class RestoreBenchCommand {
    private static final PrintStream OUT = System.out;
    private static final PrintStream ERR = System.err;

    private RestoreBenchCommand() {}

    public static void main(String[] args) {
        Optional<RestoreBenchOptions> parsed;
        try {
            parsed = RestoreBenchOptions.parse(
                    args,
                    Path.of(System.getProperty("pitr.home", "."))
                            .toAbsolutePath()
                            .normalize());
        } catch (IllegalArgumentException e) {
            ERR.println("error[USAGE]: " + e.getMessage());
            ERR.println(RestoreBenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (parsed.isEmpty()) {
            OUT.println(RestoreBenchOptions.HELP);
            System.exit(0);
            return;
        }
        System.exit(run(parsed.get()));
    }

    /** Runs the benchmark and prints its table; returns the exit code. Cleans up on every path. */
    private static int run(RestoreBenchOptions options) {
        int exit;
        RestoreBenchmark bench = null;
        try {
            Path work = options.work() != null ? options.work().toAbsolutePath() : null;
            boolean created = work == null || !Files.exists(work);
            if (work == null) {
                work = Files.createTempDirectory("pitr-bench-restore-");
            }
            Files.createDirectories(work);
            bench = new RestoreBenchmark(options, work, created && !options.keep(), ERR);
            RestoreBenchmark b = bench;
            Runtime.getRuntime().addShutdownHook(new Thread(b::cleanup, "pitr-bench-cleanup"));
            RestoreReport report = bench.run();
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
