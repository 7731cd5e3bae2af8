package io.binlogpitr.bench.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What every {@code bin/pitr-bench-*} command does around its benchmark: parse the options (usage error: exit 2,
 * {@code --help}: exit 0), make the work directory, run the benchmark, print its table on stdout, clean up on every
 * path (a shutdown hook included). Exits 0 whatever the figures, 1 if something failed to run. The one class of the
 * benchmarks that touches {@code System.out}/{@code System.err}.
 */
final class BenchLauncher {
    private static final PrintStream OUT = System.out;
    private static final PrintStream ERR = System.err;

    private BenchLauncher() {}

    /** Parses arguments; empty for {@code --help}; IllegalArgumentException for bad usage. */
    interface Parser<O> {
        Optional<O> parse(String[] args);
    }

    /** A benchmark that is ready to run: returns how to print its report, and can always be cleaned up. */
    interface Bench {
        Consumer<PrintStream> run() throws Exception;

        void cleanup();
    }

    /** Makes the benchmark in {@code work}; {@code deleteWork} when the directory is the benchmark's to remove. */
    interface Factory<O> {
        Bench create(O options, Path work, boolean deleteWork, PrintStream err) throws Exception;
    }

    /** The work directory and keep flag of a benchmark's options. */
    record Where(Path work, boolean keep) {}

    static <O> void main(
            String[] args,
            String name,
            Parser<O> parser,
            String usage,
            String help,
            java.util.function.Function<O, Where> where,
            Factory<O> factory) {
        Optional<O> parsed;
        try {
            parsed = parser.parse(args);
        } catch (IllegalArgumentException e) {
            ERR.println("error[USAGE]: " + e.getMessage());
            ERR.println(usage);
            System.exit(2);
            return;
        }
        if (parsed.isEmpty()) {
            OUT.println(help);
            System.exit(0);
            return;
        }
        System.exit(run(name, parsed.get(), where.apply(parsed.get()), factory));
    }

    private static <O> int run(String name, O options, Where where, Factory<O> factory) {
        int exit;
        Bench bench = null;
        try {
            Path work = where.work() != null ? where.work().toAbsolutePath() : null;
            boolean created = work == null || !Files.exists(work);
            if (work == null) {
                work = Files.createTempDirectory("pitr-bench-" + name + "-");
            }
            Files.createDirectories(work);
            bench = factory.create(options, work, created && !where.keep(), ERR);
            Bench b = bench;
            Runtime.getRuntime().addShutdownHook(new Thread(b::cleanup, "pitr-bench-cleanup"));
            bench.run().accept(OUT);
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
