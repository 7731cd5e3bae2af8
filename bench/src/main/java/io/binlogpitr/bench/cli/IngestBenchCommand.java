package io.binlogpitr.bench.cli;

import io.binlogpitr.bench.IngestBenchOptions;
import io.binlogpitr.bench.IngestBenchmark;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code bin/pitr-bench-ingest}: runs {@link IngestBenchmark} and prints its table on stdout; progress, warnings and
 * errors go to stderr. Exits 0 whatever the figures, 1 if something failed to run, 2 on bad usage. The one class of
 * the benchmark that touches {@code System.out}/{@code System.err}. See docs/benchmarks.md.
 */
public final class IngestBenchCommand {
    /** The connector logs through java.util.logging; held here because JUL keeps loggers only weakly. */
    private static final Logger CONNECTOR_LOG = Logger.getLogger("com.github.shyiko");

    private IngestBenchCommand() {}

    public static void main(String[] args) {
        CONNECTOR_LOG.setLevel(Level.WARNING);
        BenchLauncher.main(
                args,
                "ingest",
                a -> IngestBenchOptions.parse(a),
                IngestBenchOptions.USAGE,
                IngestBenchOptions.HELP,
                o -> new BenchLauncher.Where(o.work(), o.keep()),
                (options, work, deleteWork, err) -> {
                    IngestBenchmark bench = new IngestBenchmark(options, work, deleteWork, err);
                    return new BenchLauncher.Bench() {
                        @Override
                        public java.util.function.Consumer<java.io.PrintStream> run() throws Exception {
                            return bench.run()::print;
                        }

                        @Override
                        public void cleanup() {
                            bench.cleanup();
                        }
                    };
                });
    }
}
