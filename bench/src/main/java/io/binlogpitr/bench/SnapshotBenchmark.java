package io.binlogpitr.bench;

import io.binlogpitr.agent.source.SourceConnections;
import io.binlogpitr.common.io.FileTrees;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.snapshot.ChunkCompression;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The snapshot benchmark behind {@code bin/pitr-bench-snapshot} (entry point {@code cli.SnapshotBenchCommand}):
 * our snapshot (zstd and gzip) against {@code mydumper} (plain and {@code -c}) at equal threads, on a sysbench
 * dataset, in one run on the same machine. Each round runs the four dumps in an order rotated by one from the
 * round before; two write probes measure, the same way for every tool, how long writes were blocked. A measurement,
 * not a test: {@link #run} returns the table with PASS/MISS against the goals. See docs/benchmarks.md.
 */
public final class SnapshotBenchmark {
    static final String DUMP_USER = "dumper";
    static final String DUMP_PASSWORD = "bench-snapshot-pw";

    private final SnapshotBenchOptions options;
    private final Path work;
    private final boolean deleteWork;
    private final ProgressWriter progress;
    private final SysbenchRunner sysbench;
    private final MydumperRunner mydumper;
    private final AtomicBoolean cleanedUp = new AtomicBoolean();
    private volatile BenchSource source;
    private volatile WriteProbes probe;
    private volatile ReadLockRecorder readLock;

    /**
     * @param work the work directory, existing
     * @param deleteWork whether {@link #cleanup} deletes it
     * @param diagnostics where progress and warnings go (the command's stderr)
     */
    public SnapshotBenchmark(SnapshotBenchOptions options, Path work, boolean deleteWork, PrintStream diagnostics) {
        this.options = options;
        this.work = work;
        this.deleteWork = deleteWork;
        this.progress = new ProgressWriter(diagnostics);
        this.sysbench =
                new SysbenchRunner(options.sysbench(), options.tables(), options.tableSize(), options.threads(), work);
        this.mydumper = new MydumperRunner(options.mydumper(), work);
    }

    /** Starts and fills the source, runs the rounds and returns the table; {@link #cleanup} stops what it started. */
    public SnapshotReport run() throws Exception {
        String loadAtStart = Machine.loadAverage();
        progress.progress("work directory " + work + (deleteWork ? " (deleted at the end)" : " (kept)"));
        String mydumperVersion = mydumper.version();

        progress.progress("starting the embedded MySQL source");
        source = BenchSource.start(work.resolve("mysql"));
        source.prepare();
        long started = System.nanoTime();
        progress.progress(String.format(
                Locale.ROOT,
                "sysbench prepare: %d tables x %,d rows on port %d",
                options.tables(),
                options.tableSize(),
                source.port()));
        sysbench.run(source, "prepare", List.of());
        progress.progress(String.format(Locale.ROOT, "prepare took %.1f s", (System.nanoTime() - started) / 1e9));
        createDumpUser();
        SnapshotDataset data = dataset();
        progress.progress(String.format(
                Locale.ROOT,
                "%,d rows, %.1f MB InnoDB data; our snapshot plans %d chunks, so mydumper gets -r %d",
                data.rows(),
                data.dataBytes() / 1e6,
                data.plannedChunks(),
                data.mydumperRows()));

        readLock = ReadLockRecorder.start(source.connect());
        probe = WriteProbes.start(source);
        probe.begin();
        Thread.sleep(3000);
        WriteProbes.Stalls idle = probe.end(Duration.ofSeconds(10));
        warmUp();

        List<DumpResult> results = rounds(data);

        SnapshotReport report = new SnapshotReport();
        report.header(options, source.version(), mydumperVersion, data, idle, loadAtStart, Machine.loadAverage());
        List<SnapshotReport.Summary> summaries = Stream.of(DumpVariant.values())
                .map(v -> SnapshotReport.Summary.of(v, results))
                .toList();
        report.results(summaries, options.threads(), data.mydumperRows());
        report.rounds(results, options.rounds());
        report.goals(
                summaries.get(DumpVariant.MYDUMPER_COMPRESSED.ordinal()),
                summaries.get(DumpVariant.PITR_ZSTD.ordinal()),
                summaries.get(DumpVariant.PITR_GZIP.ordinal()));
        return report;
    }

    /** One user for every tool, with what mydumper (FTWRL, SHOW ...) and our snapshot (backup lock) need. */
    private void createDumpUser() throws SQLException {
        // mysql_native_password: mydumper 0.10.0 here is built against MariaDB's client library
        source.exec(
                "CREATE USER '" + DUMP_USER + "'@'%' IDENTIFIED WITH mysql_native_password BY '" + DUMP_PASSWORD + "'");
        source.exec("GRANT SELECT, RELOAD, LOCK TABLES, PROCESS, REPLICATION CLIENT, SHOW VIEW, TRIGGER, EVENT"
                + " ON *.* TO '" + DUMP_USER + "'@'%'");
        source.exec("GRANT BACKUP_ADMIN ON *.* TO '" + DUMP_USER + "'@'%'");
    }

    /** Exact rows, InnoDB's data size after ANALYZE TABLE, and the chunks our planner makes of each table. */
    private SnapshotDataset dataset() throws SQLException {
        long rows = 0;
        for (int t = 1; t <= options.tables(); t++) {
            source.exec("ANALYZE TABLE sbtest.sbtest" + t);
            rows += Long.parseLong(source.query("SELECT COUNT(*) FROM sbtest.sbtest" + t));
        }
        long chunkBytes = SnapshotRunner.chunkBytes();
        long dataBytes = 0;
        long chunks = 0;
        try (Connection c = source.connect();
                Statement st = c.createStatement()) {
            st.execute("SET SESSION information_schema_stats_expiry = 0"); // as our planner reads them
            try (ResultSet rs = st.executeQuery("SELECT COALESCE(DATA_LENGTH, 0) FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = 'sbtest' AND TABLE_TYPE = 'BASE TABLE'")) {
                while (rs.next()) {
                    dataBytes += rs.getLong(1);
                    chunks += SnapshotDataset.chunksOf(rs.getLong(1), chunkBytes);
                }
            }
        }
        return SnapshotDataset.of(rows, dataBytes, chunkBytes, chunks);
    }

    /** Reads every table once so that the first dump of round 1 does not pay for a cold cache alone. */
    private void warmUp() throws SQLException {
        progress.progress("warm-up: CHECKSUM TABLE of every sbtest table");
        for (int t = 1; t <= options.tables(); t++) {
            source.query("CHECKSUM TABLE sbtest.sbtest" + t);
        }
    }

    private List<DumpResult> rounds(SnapshotDataset data) throws Exception {
        SnapshotRunner ours = new SnapshotRunner(
                new SourceConnections(source.host(), source.port(), DUMP_USER, DUMP_PASSWORD), options.threads());
        List<DumpResult> results = new ArrayList<>();
        for (int round = 0; round < options.rounds(); round++) {
            List<DumpVariant> order = DumpVariant.order(round);
            for (int position = 0; position < order.size(); position++) {
                DumpVariant v = order.get(position);
                DumpResult r = v.mydumper() ? runMydumper(v, round, position, data) : runOurs(v, round, position, ours);
                progress.progress(String.format(
                        Locale.ROOT,
                        "round %d/%d: %-30s %6.2f s, %,13d bytes; probes: lock %.1f ms, commit %.1f ms; read lock held %.1f ms",
                        round + 1,
                        options.rounds(),
                        v.label(options.threads(), data.mydumperRows()),
                        r.seconds(),
                        r.bytes(),
                        r.blocking().probes().lock().maxMillis(),
                        r.blocking().probes().commit().maxMillis(),
                        r.blocking().readLockMillis()));
                results.add(r);
            }
        }
        return results;
    }

    private DumpResult runMydumper(DumpVariant v, int round, int position, SnapshotDataset data) throws Exception {
        Path out = freshOutput(v);
        Files.createDirectories(out);
        settle();
        readLock.reset();
        probe.begin();
        long start = System.nanoTime();
        mydumper.dump(source, DUMP_USER, DUMP_PASSWORD, options.threads(), data.mydumperRows(), v.compressed(), out);
        long wall = System.nanoTime() - start;
        WriteProbes.Stalls stalls = probe.end(Duration.ofSeconds(60));
        long sync = timedSync();
        int dataFiles;
        try (Stream<Path> files = Files.list(out)) {
            dataFiles = (int)
                    files.filter(f -> MydumperRunner.isDataFile(f.getFileName().toString()))
                            .count();
        }
        return new DumpResult(
                v,
                round,
                position,
                wall,
                sync,
                data.rows(),
                treeBytes(out),
                dataFiles,
                new Blocking(stalls, readLock.heldMillis(), -1));
    }

    private DumpResult runOurs(DumpVariant v, int round, int position, SnapshotRunner ours) throws Exception {
        RepositoryLayout layout = SnapshotRunner.repository(freshOutput(v));
        ChunkCompression compression = v == DumpVariant.PITR_GZIP ? ChunkCompression.GZIP : ChunkCompression.ZSTD;
        settle();
        readLock.reset();
        probe.begin();
        long start = System.nanoTime();
        SnapshotManifest manifest = ours.take(layout, compression);
        long wall = System.nanoTime() - start;
        WriteProbes.Stalls stalls = probe.end(Duration.ofSeconds(60));
        long sync = timedSync();
        long rows = manifest.totals().rows();
        if (rows != options.rows()) {
            progress.line("warning: our snapshot holds " + rows + " rows, the source " + options.rows());
        }
        return new DumpResult(
                v,
                round,
                position,
                wall,
                sync,
                rows,
                treeBytes(SnapshotRunner.directory(layout, manifest)),
                SnapshotRunner.chunks(manifest),
                new Blocking(
                        stalls, readLock.heldMillis(), manifest.consistency().writesBlockedMillis()));
    }

    /** The variant's output directory, emptied: the last round's outputs stay for {@code --keep}. */
    private Path freshOutput(DumpVariant v) throws IOException {
        Path out = work.resolve("out").resolve(v.name().toLowerCase(Locale.ROOT));
        if (Files.exists(out)) {
            FileTrees.delete(out);
        }
        Files.createDirectories(out.getParent());
        return out;
    }

    /** Writes the page cache back ({@code sync}) and pauses, so a dump does not pay for its predecessor's writes. */
    private static void settle() throws IOException, InterruptedException {
        timedSync();
        Thread.sleep(1000);
    }

    /** Runs {@code sync}; returns how long it took, in nanoseconds. */
    private static long timedSync() throws IOException, InterruptedException {
        long start = System.nanoTime();
        int exit = new ProcessBuilder("sync").inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IOException("sync exited with " + exit);
        }
        return System.nanoTime() - start;
    }

    /** The sizes of every regular file under {@code dir}. */
    static long treeBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            long sum = 0;
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    sum += Files.size(f);
                }
            }
            return sum;
        }
    }

    /** Stops mydumper, the probe and mysqld, and deletes the work directory unless kept. Safe to call twice. */
    public void cleanup() {
        if (!cleanedUp.compareAndSet(false, true)) {
            return;
        }
        mydumper.killAll();
        sysbench.killAll();
        WriteProbes p = probe;
        if (p != null) {
            try {
                p.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException e) {
                progress.line("warning: closing the write probes: " + e.getMessage());
            }
        }
        ReadLockRecorder r = readLock;
        if (r != null) {
            try {
                r.close();
            } catch (SQLException e) {
                progress.line("warning: closing the read-lock recorder: " + e.getMessage());
            }
        }
        BenchSource s = source;
        if (s != null) {
            s.close();
        }
        if (deleteWork) {
            try {
                FileTrees.delete(work);
            } catch (IOException e) {
                progress.line("warning: cannot delete " + work + ": " + e.getMessage());
            }
        } else {
            progress.line("kept the work directory " + work);
        }
    }
}
