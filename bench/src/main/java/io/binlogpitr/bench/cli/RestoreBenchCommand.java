package io.binlogpitr.bench.cli;

import io.binlogpitr.bench.RestoreBenchOptions;
import io.binlogpitr.bench.RestoreBenchmark;
import java.nio.file.Path;

/**
 * {@code bin/pitr-bench-restore}: runs {@link RestoreBenchmark} and prints its table on stdout; progress, warnings
 * and errors go to stderr. Exits 0 whatever the figures, 1 if something failed to run, 2 on bad usage. The one class
 * of this benchmark that touches {@code System.out}/{@code System.err}. See docs/benchmarks.md.
 */
public final class RestoreBenchCommand {
    private RestoreBenchCommand() {}

    public static void main(String[] args) {
        BenchLauncher.main(
                args,
                "restore",
                a -> RestoreBenchOptions.parse(
                        args,
                        Path.of(System.getProperty("pitr.home", "."))
                                .toAbsolutePath()
                                .normalize()),
                RestoreBenchOptions.USAGE,
                RestoreBenchOptions.HELP,
                o -> new BenchLauncher.Where(o.work(), o.keep()),
                (options, work, deleteWork, err) -> {
                    RestoreBenchmark bench = new RestoreBenchmark(options, work, deleteWork, err);
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
