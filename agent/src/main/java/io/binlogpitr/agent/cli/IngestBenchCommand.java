package io.binlogpitr.agent.cli;

import io.binlogpitr.agent.bench.IngestBenchOptions;
import io.binlogpitr.agent.bench.IngestBenchmark;
import io.binlogpitr.agent.bench.IngestReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code bin/pitr-bench-ingest}: runs {@link IngestBenchmark} and prints its table on stdout; progress, warnings and
 * errors go to stderr. Exits 0 whatever the figures, 1 if something failed to run, 2 on bad usage. The one class of
 * the benchmark that touches {@code System.out}/{@code System.err}. See docs/benchmarks.md.
 */
public final class IngestBenchCommand {
    private static final PrintStream OUT = System.out;
    private static final PrintStream ERR = System.err;
    /** The connector logs through java.util.logging; held here because JUL keeps loggers only weakly. */
    private static final Logger CONNECTOR_LOG = Logger.getLogger("com.github.shyiko");

    private IngestBenchCommand() {}

    public static void main(String[] args) {
        CONNECTOR_LOG.setLevel(Level.WARNING);
        Optional<IngestBenchOptions> parsed;
        try {
            parsed = IngestBenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            ERR.println("error[USAGE]: " + e.getMessage());
            ERR.println(IngestBenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (parsed.isEmpty()) {
            OUT.println(IngestBenchOptions.HELP);
            System.exit(0);
            return;
        }
        System.exit(run(parsed.get()));
    }

    /** Runs the benchmark and prints its table; returns the exit code. Cleans up on every path. */
    private static int run(IngestBenchOptions options) {
        int exit;
        IngestBenchmark bench = null;
        try {
            Path work = options.work() != null ? options.work().toAbsolutePath() : null;
            boolean created = work == null || !Files.exists(work);
            if (work == null) {
                work = Files.createTempDirectory("pitr-bench-ingest-");
            }
            Files.createDirectories(work);
            bench = new IngestBenchmark(options, work, created && !options.keep(), ERR);
            IngestBenchmark b = bench;
            Runtime.getRuntime().addShutdownHook(new Thread(b::cleanup, "pitr-bench-cleanup"));
            IngestReport report = bench.run();
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
