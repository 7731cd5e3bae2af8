package io.binlogpitr.common.journal;

import io.binlogpitr.common.io.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The journal's hot paths on this machine's disk, with ~1 KB transactions of 11 events (like sysbench write-only's
 * row events): append + commit under the default 200 ms group sync (transactions/s), append + commit + fsync per
 * transaction (the {@code EVERY_TRANSACTION} policy), and a group sync of 3,000 such transactions. Was
 * JournalThroughputTest in the unit suite, which printed these and asserted nothing. Run by {@code bin/pitr-bench-micro}.
 */
public class JournalBenchmark {
    /** 64 transaction shapes, seeded: the same bytes every run. */
    static List<List<byte[]>> shapes() {
        Random r = new Random(1);
        List<List<byte[]>> shapes = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            List<byte[]> t = new ArrayList<>();
            t.add(Events.event(33, 79, r.nextLong()));
            for (int k = 0; k < 9; k++) {
                t.add(Events.event(30, 70 + r.nextInt(60), r.nextLong()));
            }
            t.add(Events.event(16, 31, r.nextLong()));
            shapes.add(t);
        }
        return shapes;
    }

    /** One open writer per trial, in a fresh directory under java.io.tmpdir. */
    @State(Scope.Thread)
    public static class Writer {
        final List<List<byte[]>> shapes = shapes();
        JournalWriter writer;
        Path dir;
        long gno;
        long position = 4;

        void open(JournalSettings settings) {
            try {
                dir = Files.createTempDirectory("pitr-jmh-journal");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            writer = JournalWriter.open(dir, settings);
        }

        long append() {
            gno++;
            position = Events.write(writer, Events.start(Events.UUID_A, gno, position), shapes.get((int) (gno & 63)));
            return position;
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            writer.close();
            FileTrees.delete(dir);
        }
    }

    public static class GroupSync extends Writer {
        @Setup(Level.Trial)
        public void start() {
            open(JournalSettings.defaults());
        }
    }

    public static class EveryTransaction extends Writer {
        @Setup(Level.Trial)
        public void start() {
            open(JournalSettings.defaults().withSync(SyncPolicy.EVERY_TRANSACTION));
        }
    }

    public static class ManualSync extends Writer {
        @Setup(Level.Trial)
        public void start() {
            open(JournalSettings.defaults().withSync(SyncPolicy.interval(Duration.ofMinutes(1))));
        }
    }

    /** A closed journal of 200,000 such transactions (~213 MB), written once per trial. */
    @State(Scope.Benchmark)
    public static class Written {
        Path dir;

        @Setup(Level.Trial)
        public void write() {
            ManualSync w = new ManualSync();
            w.start();
            for (int i = 0; i < 200_000; i++) {
                w.append();
            }
            w.writer.sync();
            w.writer.close();
            dir = w.dir;
        }

        @TearDown(Level.Trial)
        public void delete() throws IOException {
            FileTrees.delete(dir);
        }
    }

    /** Opening the writer on it: the resume scan an agent does at every start (and the tail's verification). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long reopen200kTransactions(Written journal) {
        try (JournalWriter w = JournalWriter.open(journal.dir, JournalSettings.defaults())) {
            return w.gtidSet().size();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long appendGroupSync(GroupSync w) {
        return w.append();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long appendEveryTransactionSync(EveryTransaction w) {
        return w.append();
    }

    /** Writes 3,000 transactions (~3 MB, 200 ms of traffic at 15 MB/s), then one sync: the score includes both. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long groupOf3000ThenSync(ManualSync w) {
        long p = 0;
        for (int i = 0; i < 3000; i++) {
            p = w.append();
        }
        w.writer.sync();
        return p;
    }
}
