package io.binlogpitr.bench;

import io.binlogpitr.agent.config.AgentConfig;
import io.binlogpitr.agent.config.AgentConfigReader;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.io.FileTrees;
import io.binlogpitr.common.journal.JournalScanner;
import io.binlogpitr.common.journal.JournalSummary;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The restore benchmark behind {@code bin/pitr-bench-restore} (entry point {@code cli.RestoreBenchCommand}): on
 * the same base and the same sysbench run, MySQL's way (myloader, then the replica applier catching up, GTID
 * auto-positioned) against ours ({@code pitr-restore restore}: snapshot load, then journal replay), each into a
 * fresh server of the same settings, one at a time. A measurement, not a test: {@link #run} returns the table with
 * PASS/MISS against the goals. See docs/benchmarks.md.
 */
public final class RestoreBenchmark {
    static final String DUMP_USER = "dumper";
    static final String DUMP_PASSWORD = "bench-restore-dump-pw";

    /** What the agent's account needs for streaming and snapshots (docs/agent.md, docs/snapshots.md). */
    static final String AGENT_GRANTS =
            "REPLICATION SLAVE, REPLICATION CLIENT, SELECT, RELOAD, SHOW VIEW, TRIGGER, EVENT, BACKUP_ADMIN";

    private final RestoreBenchOptions options;
    private final Path work;
    private final boolean deleteWork;
    private final ProgressWriter progress;
    private final SysbenchRunner sysbench;
    private final MydumperRunner mydumper;
    private final MyloaderRunner myloader;
    private final RestoreRunner restore;
    private final AgentRunner agent;
    private final AtomicBoolean cleanedUp = new AtomicBoolean();
    private volatile BenchSource source;
    private volatile BenchTarget target;
    private volatile Process snapshotProcess;
    /** When the replica's receiver had fetched everything, from START REPLICA; -1 if not seen. */
    private long receivedNanos = -1;

    private final List<RestoreReport.CpuRow> cpuRows = new ArrayList<>();
    private final Map<String, ServerActivity> activity = new LinkedHashMap<>();

    /**
     * @param work the work directory, existing
     * @param deleteWork whether {@link #cleanup} deletes it
     * @param diagnostics where progress and warnings go (the command's stderr)
     */
    public RestoreBenchmark(RestoreBenchOptions options, Path work, boolean deleteWork, PrintStream diagnostics) {
        this.options = options;
        this.work = work;
        this.deleteWork = deleteWork;
        this.progress = new ProgressWriter(diagnostics);
        this.sysbench =
                new SysbenchRunner(options.sysbench(), options.tables(), options.tableSize(), options.threads(), work);
        this.mydumper = new MydumperRunner(options.mydumper(), work);
        this.myloader = new MyloaderRunner(options.myloader(), work);
        this.restore = new RestoreRunner(options.home(), work);
        this.agent = new AgentRunner(progress);
    }

    /** Runs every step and returns the table; {@link #cleanup} stops what it started. */
    public RestoreReport run() throws Exception {
        String loadAtStart = Machine.loadAverage();
        progress.progress("work directory " + work + (deleteWork ? " (deleted at the end)" : " (kept)"));
        String mydumperVersion = mydumper.version();

        // 1. the source and its base data
        progress.progress("starting the embedded MySQL source");
        source = BenchSource.start(work.resolve("source"));
        source.prepare();
        source.exec("GRANT " + AGENT_GRANTS + " ON *.* TO '" + BenchSource.PITR_USER + "'@'%'");
        createDumpUser();
        String mysqlVersion = source.version();
        long started = System.nanoTime();
        progress.progress(String.format(
                Locale.ROOT,
                "sysbench prepare: %d tables x %,d rows on port %d",
                options.tables(),
                options.tableSize(),
                source.port()));
        sysbench.run(source, "prepare", List.of());
        long rows = sourceRows();
        progress.progress(
                String.format(Locale.ROOT, "prepare took %.1f s: %,d rows", (System.nanoTime() - started) / 1e9, rows));

        // 2. the agent streams; its snapshot and the mydumper dump of the same quiet source
        Path config = AgentRunner.writeConfig(work, source);
        AgentConfig agentConfig = AgentConfigReader.read(config);
        agent.start(agentConfig);
        agent.awaitConnected(Duration.ofSeconds(60));
        agent.awaitDurable(source.gtidExecuted().size(), Duration.ofMinutes(5), "journal of the prepare");
        GtidSet beforeBases = source.gtidExecuted();
        double snapshotSeconds = takeSnapshot(config);
        SnapshotManifest manifest = newestSnapshot(agentConfig.repository());
        Path dump = work.resolve("dump");
        Files.createDirectories(dump);
        progress.progress("mydumper -t " + options.threads() + " into " + dump);
        mydumper.dump(source, DUMP_USER, DUMP_PASSWORD, options.threads(), options.tableSize(), false, dump);
        MydumperMetadata metadata = MydumperMetadata.parse(Files.readString(dump.resolve("metadata")));
        GtidSet snapshotPoint = GtidSet.parse(manifest.gtidSet());
        boolean samePoint = snapshotPoint.equals(metadata.gtidSet());
        String basePoints = "snapshot " + manifest.id() + " at " + snapshotPoint.abbreviated() + ", mydumper at "
                + metadata.gtidSet().abbreviated() + " (" + metadata.binlogFile() + ":" + metadata.position()
                + "); source before both " + beforeBases.abbreviated();
        progress.progress("base points: " + basePoints);

        // 3. the workload to replay, then the journal must hold all of it
        GtidSet beforeRun = source.gtidExecuted();
        progress.progress("sysbench oltp_write_only run: " + options.threads() + " threads, " + options.seconds()
                + " s, with the agent streaming");
        long runStart = System.nanoTime();
        sysbench.run(source, "run", List.of("--time=" + options.seconds()));
        double runSeconds = (System.nanoTime() - runStart) / 1e9;
        GtidSet end = source.gtidExecuted();
        long runTxns = end.subtract(beforeRun).size();
        progress.progress(String.format(
                Locale.ROOT,
                "%,d transactions in %.1f s; waiting for the journal to hold %s",
                runTxns,
                runSeconds,
                end.abbreviated()));
        agent.awaitDurable(end.size(), Duration.ofMinutes(10), "journal of the run");
        agent.stop();
        JournalSummary journal = JournalScanner.scan(agentConfig.repository().resolve("journal"));
        if (!journal.covered().containsAll(end) || !journal.problems().isEmpty()) {
            throw new IllegalStateException("the journal does not cover the source's gtid_executed " + end + ": "
                    + journal.covered() + (journal.problems().isEmpty() ? "" : ", problems " + journal.problems()));
        }
        Map<String, Long> sourceSums;
        try (Connection c = source.connect()) {
            sourceSums = BenchTarget.checksums(c, options.tables());
        }
        progress.progress("source checksums " + sourceSums);

        // 4. MySQL's way: myloader, then the replica applier from the dump's point
        RestoreSide baseline = baseline(dump, metadata.gtidSet(), end, sourceSums, rows);
        source.close();
        source = null;

        // 5. ours: pitr-restore restore from the repository to the last GTID
        RestoreReport report = new RestoreReport();
        String lastGtid = end.sourceKeys().get(0) + ":"
                + BenchSource.lastGno(end, end.sourceKeys().get(0));
        OurRestore ours = ours(
                agentConfig.repository(),
                lastGtid,
                end,
                sourceSums,
                rows,
                end.subtract(snapshotPoint).size());

        report.header(new RestoreSetup(
                options,
                mysqlVersion,
                mydumperVersion,
                rows,
                runTxns,
                runSeconds,
                samePoint,
                basePoints,
                snapshotSeconds,
                loadAtStart,
                Machine.loadAverage()));
        report.results(baseline, ours.side());
        report.cpu(cpuRows);
        report.activity(activity);
        report.goals(baseline, ours.side());
        report.note("");
        report.note(
                receivedNanos < 0
                        ? "MySQL replica: the receiver's end was not seen before the applier's (1 s polls)"
                        : String.format(
                                Locale.ROOT,
                                "MySQL replica: its receiver had every transaction in the relay log %.0f s after START"
                                        + " REPLICA (1 s polls); the rest of the catch-up is the applier",
                                receivedNanos / 1e9));
        report.note("ours: phases from " + ours.phaseSource());
        return report;
    }

    private record OurRestore(RestoreSide side, String phaseSource) {}

    /** myloader into a fresh target, then the replica applier until it has executed {@code end}. */
    private RestoreSide baseline(Path dump, GtidSet dumpPoint, GtidSet end, Map<String, Long> sourceSums, long rows)
            throws Exception {
        progress.progress("baseline: starting a fresh target (replica settings)");
        target = BenchTarget.start(2, options.threads(), work.resolve("replica"), options.localInfile());
        settle();
        progress.progress("myloader -t " + options.threads());
        double serverCpu0 = CpuSampler.seconds(target.pid());
        long loadStart = System.nanoTime();
        double myloaderCpu = myloader.load(
                target.host(),
                target.port(),
                BenchTarget.LOAD_USER,
                BenchTarget.LOAD_PASSWORD,
                options.threads(),
                dump);
        long loadNanos = System.nanoTime() - loadStart;
        double serverCpu1 = CpuSampler.seconds(target.pid());
        cpuRows.add(new RestoreReport.CpuRow(
                "load: myloader -t " + options.threads(), loadNanos, serverCpu1 - serverCpu0, "myloader", myloaderCpu));
        progress.progress(String.format(Locale.ROOT, "myloader took %.2f s", loadNanos / 1e9));
        ReplicaApplier replica = new ReplicaApplier(progress);
        replica.configure(target, source, dumpPoint);
        long txns = end.subtract(dumpPoint).size();
        progress.progress(String.format(Locale.ROOT, "replica applier: %,d transactions to catch up", txns));
        ReplicaApplier.CatchUp catchUp;
        double sourceCpu0 = CpuSampler.seconds(source.pid());
        double replicaCpu0 = CpuSampler.seconds(target.pid());
        try (Connection waiter = target.connectRoot()) {
            catchUp = replica.catchUp(target, waiter, end, Duration.ofMinutes(30));
        }
        long replayNanos = catchUp.nanos();
        cpuRows.add(new RestoreReport.CpuRow(
                "replay: MySQL replica applier (+ receiver)",
                replayNanos,
                CpuSampler.seconds(target.pid()) - replicaCpu0,
                "source mysqld (binlog dump)",
                CpuSampler.seconds(source.pid()) - sourceCpu0));
        receivedNanos = catchUp.receivedNanos();
        progress.progress(String.format(Locale.ROOT, "replica caught up in %.2f s", replayNanos / 1e9));
        replica.stop(target);
        RestoreSide.TargetCheck check =
                new RestoreSide.TargetCheck(target.checksums(options.tables()), sourceSums, target.gtidExecuted(), end);
        activity.put("MySQL replica", target.activity());
        target.close();
        target = null;
        return new RestoreSide(
                "myloader -t " + options.threads(),
                new RestoreSide.Timing(loadNanos, rows),
                "MySQL replica applier, " + options.threads() + " workers",
                new RestoreSide.Timing(replayNanos, txns),
                loadNanos + replayNanos,
                check);
    }

    /** {@code pitr-restore restore --to-gtid lastGtid} into a fresh target. */
    private OurRestore ours(Path repo, String lastGtid, GtidSet end, Map<String, Long> sourceSums, long rows, long txns)
            throws Exception {
        String loadTool = "pitr-restore (snapshot load)";
        String replayTool = "pitr-restore (journal replay)";
        progress.progress("ours: starting a fresh target (the same settings)");
        target = BenchTarget.start(3, options.threads(), work.resolve("target"), options.localInfile());
        Path pw = work.resolve("target.pw");
        Files.writeString(pw, BenchTarget.LOAD_PASSWORD + "\n");
        settle();
        List<String> cmd = restore.command(
                repo, target.host(), target.port(), BenchTarget.LOAD_USER, pw, lastGtid, options.threads());
        progress.progress("$ " + String.join(" ", cmd));
        RestoreRun run = restore.run(cmd, target.pid());
        RestoreRun.Cpu cpu = run.cpu();
        if (cpu.atReplayNanos() >= 0) {
            cpuRows.add(new RestoreReport.CpuRow(
                    "JVM start + load: pitr-restore",
                    cpu.atReplayNanos(),
                    cpu.serverAtReplay(),
                    "pitr-restore JVM",
                    cpu.toolAtReplay()));
            cpuRows.add(new RestoreReport.CpuRow(
                    "replay + exit: pitr-restore",
                    run.wallNanos() - cpu.atReplayNanos(),
                    cpu.server() - cpu.serverAtReplay(),
                    "pitr-restore JVM",
                    cpu.tool() - cpu.toolAtReplay()));
        } else {
            cpuRows.add(new RestoreReport.CpuRow(
                    "whole: pitr-restore", run.wallNanos(), cpu.server(), "pitr-restore JVM", cpu.tool()));
        }
        progress.progress(String.format(
                Locale.ROOT, "pitr-restore exited with %d after %.2f s", run.exitCode(), run.wallNanos() / 1e9));
        if (run.exitCode() != 0) {
            progress.line("pitr-restore restore failed; its last lines:\n" + run.tail(15));
            target.close();
            target = null;
            return new OurRestore(
                    RestoreSide.notRun(loadTool, replayTool),
                    "nothing: pitr-restore restore exited with " + run.exitCode() + " (see restore.log): "
                            + run.firstError());
        }
        RestorePhases phases = RestorePhases.of(run);
        loadTool = RestorePhases.loadMethod(run)
                .map(m -> "pitr-restore (" + m + ")")
                .orElse(loadTool);
        RestoreSide.TargetCheck check =
                new RestoreSide.TargetCheck(target.checksums(options.tables()), sourceSums, target.gtidExecuted(), end);
        activity.put("pitr-restore", target.activity());
        target.close();
        target = null;
        return new OurRestore(
                new RestoreSide(
                        loadTool,
                        new RestoreSide.Timing(phases.loadNanos(), rows),
                        replayTool,
                        new RestoreSide.Timing(phases.replayNanos(), txns),
                        run.wallNanos(),
                        check),
                phases.source());
    }

    /** One user for mydumper: mysql_native_password (it is built on MariaDB's client library), FTWRL, SHOW .... */
    private void createDumpUser() throws SQLException {
        source.exec(
                "CREATE USER '" + DUMP_USER + "'@'%' IDENTIFIED WITH mysql_native_password BY '" + DUMP_PASSWORD + "'");
        source.exec("GRANT SELECT, RELOAD, LOCK TABLES, PROCESS, REPLICATION CLIENT, SHOW VIEW, TRIGGER, EVENT"
                + " ON *.* TO '" + DUMP_USER + "'@'%'");
        source.exec("GRANT BACKUP_ADMIN ON *.* TO '" + DUMP_USER + "'@'%'");
    }

    private long sourceRows() throws SQLException {
        long rows = 0;
        for (int t = 1; t <= options.tables(); t++) {
            rows += Long.parseLong(source.query("SELECT COUNT(*) FROM sbtest.sbtest" + t));
        }
        return rows;
    }

    /** {@code bin/pitr-agent snapshot --config config} beside the running agent; returns its wall seconds. */
    private double takeSnapshot(Path config) throws IOException, InterruptedException {
        Path log = work.resolve("snapshot.log");
        List<String> cmd =
                List.of(options.home().resolve("bin/pitr-agent").toString(), "snapshot", "--config", config.toString());
        progress.progress("$ " + String.join(" ", cmd) + "   # output in " + log);
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        snapshotProcess = p;
        int exit = p.waitFor();
        snapshotProcess = null;
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0) {
            throw new IOException("pitr-agent snapshot exited with " + exit + ":\n" + Files.readString(log));
        }
        progress.progress(String.format(Locale.ROOT, "snapshot took %.1f s", seconds));
        return seconds;
    }

    private static SnapshotManifest newestSnapshot(Path repository) throws IOException {
        List<SnapshotManifest> all = SnapshotCatalog.manifests(RepositoryLayout.openExisting(repository));
        if (all.isEmpty()) {
            throw new IllegalStateException("pitr-agent snapshot published no snapshot in " + repository);
        }
        return all.get(all.size() - 1);
    }

    /** Writes the page cache back ({@code sync}) and pauses, so a phase does not pay for the one before. */
    private static void settle() throws IOException, InterruptedException {
        int exit = new ProcessBuilder("sync").inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IOException("sync exited with " + exit);
        }
        Thread.sleep(1000);
    }

    /** Stops the tools, the agent and the servers, and deletes the work directory unless kept. Safe to call twice. */
    public void cleanup() {
        if (!cleanedUp.compareAndSet(false, true)) {
            return;
        }
        sysbench.killAll();
        mydumper.killAll();
        myloader.killAll();
        restore.killAll();
        Process snapshot = snapshotProcess;
        if (snapshot != null) {
            snapshot.destroy();
        }
        try {
            agent.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            progress.line("warning: stopping the agent: " + e);
        }
        BenchTarget t = target;
        if (t != null) {
            t.close();
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
