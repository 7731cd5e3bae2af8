package io.binlogpitr.agent.bench;

import io.binlogpitr.agent.AgentDaemon;
import io.binlogpitr.agent.LagRecorder;
import io.binlogpitr.agent.source.SourceConnections;
import io.binlogpitr.agent.stream.NullSinkReader;
import io.binlogpitr.agent.stream.StreamStats;
import io.binlogpitr.common.config.AgentConfig;
import io.binlogpitr.common.config.AgentConfigReader;
import io.binlogpitr.common.embedded.EmbeddedMysql;
import io.binlogpitr.common.embedded.MysqlSettings;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalScanner;
import io.binlogpitr.common.journal.JournalSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * {@code bin/pitr-bench-ingest}: how fast the agent journals a source's binlog, against two baselines measured in
 * the same run on the same machine — the rate the source produced the events at, and the connector alone parsing
 * them into a null sink (the ceiling) — and the lag from source commit to durable journal under a live write load.
 * A measurement, not a test: it prints figures and PASS/MISS against the goals, and exits 0 whatever they are (1
 * only if something failed to run, 2 on bad usage). See docs/benchmarks.md.
 */
public final class IngestBenchmark {
    /** Row events per oltp_write_only transaction: index update, non-index update, delete, insert. */
    static final int ROW_EVENTS_PER_TXN = 4;

    static final double GOAL_EVENTS_PER_SECOND = 150_000;
    static final double GOAL_P99_SECONDS = 1.0;
    static final double GOAL_SIZE_RATIO = 1.1;

    private static final String PITR_USER = "pitr";
    private static final String PITR_PASSWORD = "bench-ingest-pw";
    private static final PrintStream OUT = System.out;
    private static final PrintStream ERR = System.err;
    /** The connector logs through java.util.logging; held here because JUL keeps loggers only weakly. */
    private static final java.util.logging.Logger CONNECTOR_LOG =
            java.util.logging.Logger.getLogger("com.github.shyiko");

    private final Options options;
    private final Path work;
    private final boolean deleteWork;
    private final Set<Process> children = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean cleanedUp = new AtomicBoolean();
    private volatile EmbeddedMysql mysql;
    private volatile AgentDaemon daemon;
    private volatile Thread daemonThread;
    /** System.nanoTime() when the last {@link #awaitDurable} first saw the agent connected, or 0. */
    private long connectedAt;

    private Connection sql;

    record Options(long events, int lagSeconds, int threads, int tableSize, boolean keep, Path work, String sysbench) {}

    IngestBenchmark(Options options, Path work, boolean deleteWork) {
        this.options = options;
        this.work = work;
        this.deleteWork = deleteWork;
    }

    public static void main(String[] args) {
        CONNECTOR_LOG.setLevel(java.util.logging.Level.WARNING);
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            ERR.println("error[USAGE]: " + e.getMessage());
            ERR.println("usage: pitr-bench-ingest [--events N] [--lag-seconds S] [--threads T] [--table-size R]"
                    + " [--keep] [--work DIR]");
            System.exit(2);
            return;
        }
        if (options == null) {
            System.exit(0);
            return;
        }
        int exit;
        IngestBenchmark bench = null;
        try {
            Path work = options.work() != null ? options.work().toAbsolutePath() : null;
            boolean created = work == null || !Files.exists(work);
            if (work == null) {
                work = Files.createTempDirectory("pitr-bench-ingest-");
            }
            Files.createDirectories(work);
            bench = new IngestBenchmark(options, work, created && !options.keep());
            IngestBenchmark b = bench;
            Runtime.getRuntime().addShutdownHook(new Thread(b::cleanup, "pitr-bench-cleanup"));
            bench.run();
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
        System.exit(exit);
    }

    static Options parse(String[] args) {
        long events = 1_000_000;
        int lag = 30;
        int threads = 4;
        int tableSize = 10_000;
        boolean keep = false;
        Path work = null;
        String sysbench = "sysbench";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--events" -> events = positive(a, value(args, ++i, a));
                case "--lag-seconds" -> lag = (int) positive(a, value(args, ++i, a));
                case "--threads" -> threads = (int) positive(a, value(args, ++i, a));
                case "--table-size" -> tableSize = (int) positive(a, value(args, ++i, a));
                case "--keep" -> keep = true;
                case "--work" -> work = Path.of(value(args, ++i, a));
                case "--sysbench" -> sysbench = value(args, ++i, a);
                case "-h", "--help" -> {
                    OUT.println("pitr-bench-ingest [--events N] [--lag-seconds S] [--threads T] [--table-size R]"
                            + " [--keep] [--work DIR]\n"
                            + "  --events N       row events (WRITE/UPDATE/DELETE_ROWS) the sysbench run produces"
                            + " (default 1000000)\n"
                            + "  --lag-seconds S  length of each live-load lag run (default 30)\n"
                            + "  --threads T      sysbench threads (default 4)\n"
                            + "  --table-size R   rows per sysbench table, 4 tables (default 10000)\n"
                            + "  --keep           keep the work directory (MySQL instance, journal, logs)\n"
                            + "  --work DIR       work directory (default: a new one under $TMPDIR)");
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return new Options(events, lag, threads, tableSize, keep, work, sysbench);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static long positive(String option, String text) {
        try {
            long v = Long.parseLong(text.replace("_", ""));
            if (v <= 0) {
                throw new IllegalArgumentException(option + " must be positive, was " + text);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number, was '" + text + "'");
        }
    }

    // ------------------------------------------------------------------------------------------------ the run

    void run() throws Exception {
        String loadAtStart = loadAverage();
        progress("work directory " + work + (deleteWork ? " (deleted at the end)" : " (kept)"));

        // 1. the source
        progress("starting the embedded MySQL source");
        mysql = EmbeddedMysql.start(MysqlSettings.pitrSource().withInstanceDir(work.resolve("mysql")));
        sql = DriverManager.getConnection(
                "jdbc:mysql://" + mysql.host() + ":" + mysql.port() + "/?useSSL=false&allowPublicKeyRetrieval=true",
                "root",
                "");
        exec("CREATE USER '" + PITR_USER + "'@'%' IDENTIFIED BY '" + PITR_PASSWORD + "'");
        exec("GRANT REPLICATION SLAVE, REPLICATION CLIENT, SELECT ON *.* TO '" + PITR_USER + "'@'%'");
        exec("CREATE DATABASE sbtest");
        String uuid = query("SELECT @@GLOBAL.server_uuid");
        GtidSet start = gtidExecuted();
        progress("source on port " + mysql.port() + ", server_uuid " + uuid + ", start point " + start);

        // 2. fill: prepare, then a run of exactly enough transactions for the target row events
        long prepStart = System.nanoTime();
        sysbench("prepare", List.of());
        double prepareSeconds = seconds(System.nanoTime() - prepStart);
        GtidSet afterPrepare = gtidExecuted();
        long splitGno = lastGno(afterPrepare, uuid);
        exec("FLUSH BINARY LOGS");
        Map<String, Long> binlogsBeforeRun = binaryLogs();
        long txnsToRun = (long) Math.ceil(options.events() / (double) ROW_EVENTS_PER_TXN * 1.01);
        progress(String.format(
                Locale.ROOT,
                "prepare took %.1f s; running %,d oltp_write_only transactions (%d threads) for >= %,d row events",
                prepareSeconds,
                txnsToRun,
                options.threads(),
                options.events()));
        long runStart = System.nanoTime();
        sysbench("run", List.of("--time=0", "--events=" + txnsToRun));
        double runSeconds = seconds(System.nanoTime() - runStart);
        exec("FLUSH BINARY LOGS");
        Map<String, Long> binlogsAfterRun = binaryLogs();
        GtidSet executed = gtidExecuted();
        GtidSet purged = GtidSet.parse(query("SELECT @@GLOBAL.gtid_purged").replaceAll("\\s", ""));
        long runTxns = executed.subtract(afterPrepare).size();
        long runBinlogFileBytes = runBinlogBytes(binlogsBeforeRun, binlogsAfterRun);
        long allBinlogFileBytes =
                binlogsAfterRun.values().stream().mapToLong(Long::longValue).sum();
        long lastGno = lastGno(executed, uuid);
        double sourceTps = runTxns / runSeconds;
        progress(String.format(
                Locale.ROOT,
                "sysbench run: %,d transactions in %.1f s (%.0f tps), %,d binlog file bytes",
                runTxns,
                runSeconds,
                sourceTps,
                runBinlogFileBytes));

        // 3. ceiling: the connector alone into a null sink, from the start point to the last GTID
        try (Connection warm = new SourceConnections(mysql.host(), mysql.port(), PITR_USER, PITR_PASSWORD).open()) {
            // a JDBC login fills caching_sha2_password's cache, which a replication login without TLS needs
            progress("null-sink reader: connector alone, from " + start + " to " + uuid + ":" + lastGno);
        }
        NullSinkReader.Result ceiling = NullSinkReader.read(
                mysql.host(),
                mysql.port(),
                PITR_USER,
                PITR_PASSWORD,
                9001,
                start.toString(),
                uuid,
                lastGno,
                splitGno,
                Duration.ofMinutes(30));
        NullSinkReader.Counts produced = ceiling.phases()[1];
        NullSinkReader.Counts all = ceiling.total();
        progress(String.format(
                Locale.ROOT,
                "null sink: %,d events (%,d row events, %,d transactions) in %.2f s",
                all.events(),
                all.rowEvents(),
                all.transactions(),
                seconds(ceiling.nanos())));
        if (produced.rowEvents() < options.events()) {
            progress("note: the run produced " + produced.rowEvents() + " row events, fewer than --events "
                    + options.events() + " (sysbench transactions that deadlocked were retried without binlog)");
        }

        // 4. the agent catching up from an empty repository (start: earliest; gtid_purged is empty here)
        Path config = writeAgentConfig();
        long expected = executed.subtract(purged).size();
        progress("agent catch-up: " + expected + " transactions into an empty repository");
        AgentConfig agentConfig = AgentConfigReader.read(config);
        long catchStart = System.nanoTime();
        startDaemon(agentConfig);
        long catchNanos = awaitDurable(expected, Duration.ofMinutes(30), "catch-up") - catchStart;
        long startupNanos = connectedAt == 0 ? -1 : connectedAt - catchStart;
        StreamStats s = daemon.stats();
        long agentEvents = s.events();
        long agentEventBytes = s.eventBytes();
        long agentTxns = s.transactions();
        stopDaemon();
        progress(String.format(
                Locale.ROOT,
                "agent caught up: %,d transactions, %,d events in %.2f s",
                agentTxns,
                agentEvents,
                seconds(catchNanos)));
        JournalSummary journal = JournalScanner.scan(agentConfig.repository().resolve("journal"));
        boolean complete = journal.covered().containsAll(executed) && journal.healthy();
        long journalAllocated = allocatedBytes(agentConfig.repository().resolve("journal"));

        // 5. lag under a live load: agent restarted on the same repository, caught up, then sysbench for S seconds
        startDaemon(agentConfig);
        awaitConnected(Duration.ofSeconds(60));
        Thread.sleep(1000);
        long rate = Math.max(1, Math.round(sourceTps * 0.7));
        LagRun paced = lagRun(rate);
        LagRun full = lagRun(0);
        stopDaemon();

        // 6. the table
        Report r = new Report();
        r.line(String.format(
                Locale.ROOT,
                "binlog-pitr ingest benchmark: %d cores, MySQL %s (embedded, sync_binlog=1), sysbench"
                        + " oltp_write_only, %d tables x %,d rows, %d threads",
                Runtime.getRuntime().availableProcessors(),
                query("SELECT VERSION()"),
                4,
                options.tableSize(),
                options.threads()));
        r.line("load average (1/5/15 min) at start: " + loadAtStart + ", at end: " + loadAverage()
                + " (anything above ~1 besides this run means other processes shared the cores)");
        r.line(String.format(
                Locale.ROOT,
                "data: %,d transactions, %,d binlog events (all types, heartbeats excluded), %,d row events"
                        + " (WRITE/UPDATE/DELETE_ROWS), %.1f MB of events (sysbench prepare included)",
                all.transactions(),
                all.events(),
                all.rowEvents(),
                all.bytes() / 1e6));
        r.line(String.format(
                Locale.ROOT,
                "the timed sysbench run alone: %,d transactions, %,d events, %,d row events, %.1f MB of events"
                        + " (%.1f MB of binlog files)",
                produced.transactions(),
                produced.events(),
                produced.rowEvents(),
                produced.bytes() / 1e6,
                runBinlogFileBytes / 1e6));
        r.line("");
        r.row("throughput", "events/s", "row ev/s", "txn/s", "MB/s", "seconds");
        double runSec = runSeconds;
        r.row(
                "source: sysbench run (baseline)",
                rate(produced.events(), runSec),
                rate(produced.rowEvents(), runSec),
                rate(produced.transactions(), runSec),
                mbps(produced.bytes(), runSec),
                fmt(runSec));
        double ceilSec = seconds(ceiling.nanos());
        r.row(
                "connector -> null sink (ceiling)",
                rate(all.events(), ceilSec),
                rate(all.rowEvents(), ceilSec),
                rate(all.transactions(), ceilSec),
                mbps(all.bytes(), ceilSec),
                fmt(ceilSec));
        double agentSec = seconds(catchNanos);
        // the agent replays from the oldest binlog; the start point's few set-up transactions have no row events
        r.row(
                "agent catch-up -> durable journal",
                rate(agentEvents, agentSec),
                rate(all.rowEvents(), agentSec),
                rate(agentTxns, agentSec),
                mbps(agentEventBytes, agentSec),
                fmt(agentSec));
        r.line(String.format(
                Locale.ROOT,
                "agent catch-up time includes %.2f s of start-up (pre-flight, journal open) before replication connected;"
                        + " journal written at %.1f MB/s",
                startupNanos / 1e9,
                journal.diskBytes() / 1e6 / agentSec));
        r.line("");
        double ratioPayload = journal.diskBytes() / (double) journal.payloadBytes();
        double ratioFiles = journal.diskBytes() / (double) allBinlogFileBytes;
        r.line(String.format(
                Locale.ROOT,
                "journal: %,d transactions, %,d bytes of binlog events held, %,d bytes on disk (%,d allocated);"
                        + " binlog files %,d bytes",
                journal.transactions(),
                journal.payloadBytes(),
                journal.diskBytes(),
                journalAllocated,
                allBinlogFileBytes));
        r.line(String.format(
                Locale.ROOT,
                "journal / binlog bytes it holds: %.3f   (journal / binlog file sizes: %.3f)   covers the"
                        + " source's gtid_executed, healthy: %s",
                ratioPayload,
                ratioFiles,
                complete ? "yes" : "NO: " + journal.problems()));
        r.line("");
        r.row(
                "lag commit -> durable (sync " + agentConfig.journal().describe() + ")",
                "p50 ms",
                "p99 ms",
                "max ms",
                "txn/s",
                "samples");
        r.row(
                String.format(Locale.ROOT, "sysbench --rate=%d (70%% of max)", rate),
                ms(paced.p50),
                ms(paced.p99),
                ms(paced.max),
                rate(paced.txns, paced.seconds),
                String.valueOf(paced.samples));
        r.row(
                "sysbench full speed",
                ms(full.p50),
                ms(full.p99),
                ms(full.max),
                rate(full.txns, full.seconds),
                String.valueOf(full.samples));
        r.line("");
        double agentEps = agentEvents / agentSec;
        double agentRowEps = all.rowEvents() / agentSec;
        r.row("goal", "target", "measured", "result", "", "");
        r.row(
                "catch-up, binlog events/s",
                ">= 150,000",
                rate(agentEvents, agentSec),
                passMiss(agentEps >= GOAL_EVENTS_PER_SECOND),
                "",
                "");
        r.row(
                "catch-up, row events/s",
                ">= 150,000",
                rate(all.rowEvents(), agentSec),
                passMiss(agentRowEps >= GOAL_EVENTS_PER_SECOND),
                "",
                "");
        r.row(
                "p99 lag at 70% rate",
                "< 1000 ms", ms(paced.p99), passMiss(paced.p99 >= 0 && paced.p99 < GOAL_P99_SECONDS * 1e6), "", "");
        r.row(
                "p99 lag at full speed",
                "< 1000 ms",
                ms(full.p99),
                passMiss(full.p99 >= 0 && full.p99 < GOAL_P99_SECONDS * 1e6),
                "",
                "");
        r.row(
                "journal / binlog bytes",
                "<= 1.100",
                String.format(Locale.ROOT, "%.3f", ratioPayload),
                passMiss(ratioPayload <= GOAL_SIZE_RATIO),
                "",
                "");
        r.print(OUT);
    }

    // ------------------------------------------------------------------------------------------------ lag

    record LagRun(long p50, long p99, long max, long samples, long txns, double seconds) {}

    private LagRun lagRun(long rate) throws Exception {
        LagRecorder lag = daemon.lag();
        GtidSet before = gtidExecuted();
        lag.reset();
        progress("lag run: sysbench " + (rate > 0 ? "--rate=" + rate : "full speed") + " for " + options.lagSeconds()
                + " s with the agent streaming");
        List<String> extra = new ArrayList<>(List.of("--time=" + options.lagSeconds()));
        if (rate > 0) {
            extra.add("--rate=" + rate);
        }
        long started = System.nanoTime();
        sysbench("run", extra);
        double secs = seconds(System.nanoTime() - started);
        long txns = gtidExecuted().subtract(before).size();
        awaitDurable(txns, Duration.ofMinutes(5), "lag run");
        return new LagRun(
                lag.percentileMicros(50),
                lag.percentileMicros(99),
                lag.percentileMicros(100),
                lag.sampleCount(),
                txns,
                secs);
    }

    // ------------------------------------------------------------------------------------------------ agent

    private Path writeAgentConfig() throws IOException {
        Path pw = work.resolve("source.pw");
        Files.writeString(pw, PITR_PASSWORD + "\n");
        Path config = work.resolve("agent.yml");
        Files.writeString(
                config,
                "source: {host: " + mysql.host() + ", port: " + mysql.port() + ", user: " + PITR_USER
                        + ", passwordFile: " + pw + ", serverId: 9002}\n"
                        + "repository: " + work.resolve("repo") + "\n"
                        + "start: earliest\n"
                        + "snapshots: {every: 0}\n");
        return config;
    }

    private void startDaemon(AgentConfig config) {
        AgentDaemon d = new AgentDaemon(config);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(
                () -> {
                    try {
                        d.run();
                    } catch (Throwable e) {
                        failure.set(e);
                        ERR.println("agent failed: " + e);
                    }
                },
                "pitr-agent");
        daemon = d;
        daemonThread = t;
        t.start();
    }

    /** Waits until the running daemon has made {@code transactions} durable; returns System.nanoTime() then. */
    private long awaitDurable(long transactions, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        connectedAt = 0;
        while (true) {
            long done = daemon.lag().recorded();
            long now = System.nanoTime();
            if (connectedAt == 0 && daemon.stats().connected()) {
                connectedAt = now;
            }
            if (done >= transactions) {
                return now;
            }
            if (daemon.finished()) {
                throw new IllegalStateException("the agent stopped during the " + what + " (see its log above)");
            }
            if (now > deadline) {
                throw new IllegalStateException(what + ": the agent made " + done + " of " + transactions
                        + " transactions durable in " + timeout);
            }
            if (now > nextReport) {
                progress(String.format(
                        Locale.ROOT,
                        "  %s: %,d / %,d transactions durable, %,d events received",
                        what,
                        done,
                        transactions,
                        daemon.stats().events()));
                nextReport = now + TimeUnit.SECONDS.toNanos(5);
            }
            Thread.sleep(2);
        }
    }

    private void awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!daemon.stats().connected()) {
            if (daemon.finished() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the agent did not connect to the source within " + timeout);
            }
            Thread.sleep(10);
        }
    }

    private void stopDaemon() throws InterruptedException {
        AgentDaemon d = daemon;
        if (d != null) {
            if (!d.stop(Duration.ofSeconds(30))) {
                ERR.println("warning: the agent did not stop within 30 s");
            }
            Thread t = daemonThread;
            if (t != null) {
                t.join(5000);
            }
        }
        daemon = null;
        daemonThread = null;
    }

    // ------------------------------------------------------------------------------------------------ source

    private void sysbench(String command, List<String> extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                options.sysbench(),
                "oltp_write_only",
                "--db-driver=mysql",
                "--mysql-host=" + mysql.host(),
                "--mysql-port=" + mysql.port(),
                "--mysql-user=root",
                "--mysql-db=sbtest",
                "--tables=4",
                "--table-size=" + options.tableSize(),
                "--threads=" + options.threads()));
        cmd.addAll(extra);
        cmd.add(command);
        Path log = work.resolve("sysbench.log");
        Files.writeString(
                log,
                "$ " + String.join(" ", cmd) + "\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        children.add(p);
        try {
            int exit = p.waitFor();
            if (exit != 0) {
                List<String> lines = Files.readAllLines(log);
                throw new IOException("sysbench " + command + " exited with " + exit + ":\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            children.remove(p);
        }
    }

    private void exec(String statement) throws SQLException {
        try (Statement st = sql.createStatement()) {
            st.execute(statement);
        }
    }

    private String query(String q) throws SQLException {
        try (Statement st = sql.createStatement();
                ResultSet rs = st.executeQuery(q)) {
            rs.next();
            String v = rs.getString(1);
            return v == null ? "" : v;
        }
    }

    private GtidSet gtidExecuted() throws SQLException {
        return GtidSet.parse(query("SELECT @@GLOBAL.gtid_executed").replaceAll("\\s", ""));
    }

    private Map<String, Long> binaryLogs() throws SQLException {
        Map<String, Long> logs = new LinkedHashMap<>();
        try (Statement st = sql.createStatement();
                ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                logs.put(rs.getString(1), rs.getLong(2));
            }
        }
        return logs;
    }

    /** Sizes of the binlog files written during the run: new since the first flush, excluding the newest. */
    private static long runBinlogBytes(Map<String, Long> before, Map<String, Long> after) {
        List<String> names = new ArrayList<>(after.keySet());
        String newest = names.get(names.size() - 1);
        String runFirst = new ArrayList<>(before.keySet()).get(before.size() - 1);
        long sum = 0;
        for (String name : names) {
            if (name.compareTo(runFirst) >= 0 && !name.equals(newest)) {
                sum += after.get(name);
            }
        }
        return sum;
    }

    private static long lastGno(GtidSet set, String uuid) {
        List<GtidSet.Interval> intervals = set.intervals(uuid);
        return intervals.isEmpty() ? 0 : intervals.get(intervals.size() - 1).end();
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
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

    // ------------------------------------------------------------------------------------------------ cleanup

    /** Stops sysbench, the agent and mysqld, and deletes the work directory unless kept. Safe to call twice. */
    void cleanup() {
        if (!cleanedUp.compareAndSet(false, true)) {
            return;
        }
        for (Process p : children) {
            p.destroyForcibly();
        }
        try {
            stopDaemon();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            ERR.println("warning: stopping the agent: " + e);
        }
        try {
            if (sql != null) {
                sql.close();
            }
        } catch (SQLException e) {
            // the server goes away next anyway
        }
        EmbeddedMysql m = mysql;
        if (m != null) {
            m.close();
        }
        if (deleteWork) {
            deleteTree(work);
        } else {
            ERR.println("kept the work directory " + work);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    ERR.println("warning: cannot delete " + p + ": " + e.getMessage());
                }
            });
        } catch (IOException e) {
            ERR.println("warning: cannot delete " + root + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------ output

    private static void progress(String message) {
        ERR.println("[bench] " + message);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String rate(long count, double seconds) {
        return String.format(Locale.ROOT, "%,.0f", count / seconds);
    }

    private static String mbps(long bytes, double seconds) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1e6 / seconds);
    }

    private static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }

    private static String ms(long micros) {
        return micros < 0 ? "-" : String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    private static String passMiss(boolean pass) {
        return pass ? "PASS" : "MISS";
    }

    /** Collects lines and fixed-width rows, printed at once at the end. */
    private static final class Report {
        private final List<String> lines = new ArrayList<>();

        void line(String text) {
            lines.add(text);
        }

        void row(String label, String... cells) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-36s", label));
            for (String c : cells) {
                sb.append(String.format(Locale.ROOT, "%13s", c));
            }
            lines.add(sb.toString().stripTrailing());
        }

        void print(PrintStream out) {
            out.println();
            lines.forEach(out::println);
            out.flush();
        }
    }
}
