package io.binlogpitr.bench;

import io.binlogpitr.agent.LagRecorder;
import io.binlogpitr.agent.config.AgentConfig;
import io.binlogpitr.agent.config.AgentConfigReader;
import io.binlogpitr.agent.source.SourceConnections;
import io.binlogpitr.agent.stream.NullSinkReader;
import io.binlogpitr.agent.stream.StreamStats;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.io.FileTrees;
import io.binlogpitr.common.journal.JournalScanner;
import io.binlogpitr.common.journal.JournalSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The ingest benchmark behind {@code bin/pitr-bench-ingest} (entry point {@code cli.IngestBenchCommand}): how fast
 * the agent journals a source's binlog, against two baselines measured in the same run on the same machine — the
 * rate the source produced the events at, and the connector alone parsing them into a null sink (the ceiling) — and
 * the lag from source commit to durable journal under a live write load. A measurement, not a test: {@link #run}
 * returns the table with PASS/MISS against the goals. Progress goes to the diagnostic stream it is given. See
 * docs/benchmarks.md.
 */
public final class IngestBenchmark {
    private final IngestBenchOptions options;
    private final Path work;
    private final boolean deleteWork;
    private final ProgressWriter progress;
    private final SysbenchRunner sysbench;
    private final AgentRunner agent;
    private final AtomicBoolean cleanedUp = new AtomicBoolean();
    private volatile BenchSource source;

    /**
     * @param work the work directory, existing
     * @param deleteWork whether {@link #cleanup} deletes it
     * @param diagnostics where progress and warnings go (the command's stderr)
     */
    public IngestBenchmark(IngestBenchOptions options, Path work, boolean deleteWork, PrintStream diagnostics) {
        this.options = options;
        this.work = work;
        this.deleteWork = deleteWork;
        this.progress = new ProgressWriter(diagnostics);
        this.sysbench = new SysbenchRunner(
                options.sysbench(), SysbenchRunner.TABLES, options.tableSize(), options.threads(), work);
        this.agent = new AgentRunner(progress);
    }

    /** Runs every phase in order and returns the table; {@link #cleanup} stops what it started. */
    public IngestReport run() throws Exception {
        String loadAtStart = Machine.loadAverage();
        progress.progress("work directory " + work + (deleteWork ? " (deleted at the end)" : " (kept)"));

        // 1. the source
        progress.progress("starting the embedded MySQL source");
        source = BenchSource.start(work.resolve("mysql"));
        source.prepare();
        String uuid = source.serverUuid();
        GtidSet start = source.gtidExecuted();
        progress.progress("source on port " + source.port() + ", server_uuid " + uuid + ", start point " + start);

        // 2. fill: prepare, then a run of exactly enough transactions for the target row events
        SourceRun fill = fill();

        // 3. ceiling: the connector alone into a null sink, from the start point to the last GTID
        NullSinkReader.Result ceiling = ceiling(start, uuid, fill);

        // 4. the agent catching up from an empty repository (start: earliest; gtid_purged is empty here)
        Path config = AgentRunner.writeConfig(work, source);
        long expected = fill.executed().subtract(fill.purged()).size();
        progress.progress("agent catch-up: " + expected + " transactions into an empty repository");
        AgentConfig agentConfig = AgentConfigReader.read(config);
        CatchUp catchUp = catchUp(agentConfig, expected);

        // 5. lag under a live load: agent restarted on the same repository, caught up, then sysbench for S seconds
        agent.start(agentConfig);
        agent.awaitConnected(Duration.ofSeconds(60));
        Thread.sleep(1000);
        long rate = Math.max(1, Math.round(fill.transactionsPerSecond() * 0.7));
        LagRun paced = lagRun(rate);
        LagRun full = lagRun(0);
        agent.stop();

        // 6. the table
        IngestReport report = new IngestReport();
        report.header(options, source.version(), loadAtStart, Machine.loadAverage());
        report.data(ceiling, fill);
        report.throughput(fill, ceiling, catchUp);
        report.journal(catchUp, fill);
        report.lag(agentConfig.journal().describe(), rate, paced, full);
        report.goals(ceiling, catchUp, paced, full);
        return report;
    }

    /** sysbench prepare, a binlog flush, then a timed run of enough transactions for {@code --events} row events. */
    private SourceRun fill() throws Exception {
        long prepStart = System.nanoTime();
        sysbench.run(source, "prepare", List.of());
        double prepareSeconds = seconds(System.nanoTime() - prepStart);
        GtidSet afterPrepare = source.gtidExecuted();
        source.exec("FLUSH BINARY LOGS");
        Map<String, Long> binlogsBeforeRun = source.binaryLogs();
        long txnsToRun = (long) Math.ceil(options.events() / (double) SysbenchRunner.ROW_EVENTS_PER_TXN * 1.01);
        progress.progress(String.format(
                Locale.ROOT,
                "prepare took %.1f s; running %,d oltp_write_only transactions (%d threads) for >= %,d row events",
                prepareSeconds,
                txnsToRun,
                options.threads(),
                options.events()));
        long runStart = System.nanoTime();
        sysbench.run(source, "run", List.of("--time=0", "--events=" + txnsToRun));
        double runSeconds = seconds(System.nanoTime() - runStart);
        source.exec("FLUSH BINARY LOGS");
        Map<String, Long> binlogsAfterRun = source.binaryLogs();
        GtidSet executed = source.gtidExecuted();
        GtidSet purged = source.gtidPurged();
        long runTxns = executed.subtract(afterPrepare).size();
        long runBinlogFileBytes = BenchSource.runBinlogBytes(binlogsBeforeRun, binlogsAfterRun);
        long allBinlogFileBytes =
                binlogsAfterRun.values().stream().mapToLong(Long::longValue).sum();
        SourceRun run = new SourceRun(
                runSeconds, runTxns, runBinlogFileBytes, allBinlogFileBytes, afterPrepare, executed, purged);
        progress.progress(String.format(
                Locale.ROOT,
                "sysbench run: %,d transactions in %.1f s (%.0f tps), %,d binlog file bytes",
                runTxns,
                runSeconds,
                run.transactionsPerSecond(),
                runBinlogFileBytes));
        return run;
    }

    /** The connector alone into a null sink, from {@code start} to the run's last GTID; phase 1 is the timed run. */
    private NullSinkReader.Result ceiling(GtidSet start, String uuid, SourceRun fill) throws Exception {
        long splitGno = BenchSource.lastGno(fill.afterPrepare(), uuid);
        long lastGno = BenchSource.lastGno(fill.executed(), uuid);
        try (Connection warm = new SourceConnections(
                        source.host(), source.port(), BenchSource.PITR_USER, BenchSource.PITR_PASSWORD)
                .open()) {
            // a JDBC login fills caching_sha2_password's cache, which a replication login without TLS needs
            progress.progress("null-sink reader: connector alone, from " + start + " to " + uuid + ":" + lastGno);
        }
        NullSinkReader.Result ceiling = NullSinkReader.read(
                source.host(),
                source.port(),
                BenchSource.PITR_USER,
                BenchSource.PITR_PASSWORD,
                9001,
                start.toString(),
                uuid,
                lastGno,
                splitGno,
                Duration.ofMinutes(30));
        NullSinkReader.Counts produced = ceiling.phases()[1];
        NullSinkReader.Counts all = ceiling.total();
        progress.progress(String.format(
                Locale.ROOT,
                "null sink: %,d events (%,d row events, %,d transactions) in %.2f s",
                all.events(),
                all.rowEvents(),
                all.transactions(),
                seconds(ceiling.nanos())));
        if (produced.rowEvents() < options.events()) {
            progress.progress("note: the run produced " + produced.rowEvents() + " row events, fewer than --events "
                    + options.events() + " (sysbench transactions that deadlocked were retried without binlog)");
        }
        return ceiling;
    }

    /** A new agent on an empty repository until {@code expected} transactions are durable; stops it after. */
    private CatchUp catchUp(AgentConfig agentConfig, long expected) throws Exception {
        long catchStart = System.nanoTime();
        agent.start(agentConfig);
        long catchNanos = agent.awaitDurable(expected, Duration.ofMinutes(30), "catch-up") - catchStart;
        long startupNanos = agent.connectedAt() == 0 ? -1 : agent.connectedAt() - catchStart;
        StreamStats s = agent.stats();
        long agentEvents = s.events();
        long agentEventBytes = s.eventBytes();
        long agentTxns = s.transactions();
        agent.stop();
        progress.progress(String.format(
                Locale.ROOT,
                "agent caught up: %,d transactions, %,d events in %.2f s",
                agentTxns,
                agentEvents,
                seconds(catchNanos)));
        JournalSummary journal = JournalScanner.scan(agentConfig.repository().resolve("journal"));
        long journalAllocated = allocatedBytes(agentConfig.repository().resolve("journal"));
        return new CatchUp(
                catchNanos, startupNanos, agentEvents, agentEventBytes, agentTxns, journal, journalAllocated);
    }

    /** sysbench for {@code --lag-seconds} at {@code rate} tps (0: full speed) while the running agent streams. */
    private LagRun lagRun(long rate) throws Exception {
        LagRecorder lag = agent.lag();
        GtidSet before = source.gtidExecuted();
        lag.reset();
        progress.progress("lag run: sysbench " + (rate > 0 ? "--rate=" + rate : "full speed") + " for "
                + options.lagSeconds() + " s with the agent streaming");
        List<String> extra = new ArrayList<>(List.of("--time=" + options.lagSeconds()));
        if (rate > 0) {
            extra.add("--rate=" + rate);
        }
        long started = System.nanoTime();
        sysbench.run(source, "run", extra);
        double secs = seconds(System.nanoTime() - started);
        long txns = source.gtidExecuted().subtract(before).size();
        agent.awaitDurable(txns, Duration.ofMinutes(5), "lag run");
        return new LagRun(
                lag.percentileMicros(50),
                lag.percentileMicros(99),
                lag.percentileMicros(100),
                lag.sampleCount(),
                txns,
                secs);
    }

    /** Stops sysbench, the agent and mysqld, and deletes the work directory unless kept. Safe to call twice. */
    public void cleanup() {
        if (!cleanedUp.compareAndSet(false, true)) {
            return;
        }
        sysbench.killAll();
        try {
            agent.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            progress.line("warning: stopping the agent: " + e);
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

    private static long allocatedBytes(Path dir) {
        try {
            Process p = new ProcessBuilder("du", "-sB1", dir.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return Long.parseLong(out.trim().split("\\s+")[0]);
        } catch (IOException | InterruptedException | NumberFormatException e) {
            return -1;
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
