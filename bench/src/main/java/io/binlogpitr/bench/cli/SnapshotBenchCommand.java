package io.binlogpitr.bench.cli;

import io.binlogpitr.bench.SnapshotBenchOptions;
import io.binlogpitr.bench.SnapshotBenchmark;

/**
 * {@code bin/pitr-bench-snapshot}: runs {@link SnapshotBenchmark} and prints its table on stdout; progress, warnings
 * and errors go to stderr. Exits 0 whatever the figures, 1 if something failed to run, 2 on bad usage. The one class
 * of this benchmark that touches {@code System.out}/{@code System.err}. See docs/benchmarks.md.
 */
public final class SnapshotBenchCommand {
    private SnapshotBenchCommand() {}

    public static void main(String[] args) {
        BenchLauncher.main(
                args,
                "snapshot",
                a -> SnapshotBenchOptions.parse(a),
                SnapshotBenchOptions.USAGE,
                SnapshotBenchOptions.HELP,
                o -> new BenchLauncher.Where(o.work(), o.keep()),
                (options, work, deleteWork, err) -> {
                    SnapshotBenchmark bench = new SnapshotBenchmark(options, work, deleteWork, err);
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
