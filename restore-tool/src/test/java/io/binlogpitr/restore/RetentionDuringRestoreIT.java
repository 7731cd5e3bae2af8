package io.binlogpitr.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.binlogpitr.agent.AgentDaemon;
import io.binlogpitr.agent.SnapshotService;
import io.binlogpitr.agent.config.AgentConfig;
import io.binlogpitr.agent.config.AgentConfigReader;
import io.binlogpitr.agent.http.AgentHttpServer;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalTestClock;
import io.binlogpitr.common.journal.RetentionCrashes;
import io.binlogpitr.common.repository.LeaseClaim;
import io.binlogpitr.common.repository.ReaderLease;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.schema.ColumnSchema;
import io.binlogpitr.common.schema.DdlSchemaEvolver;
import io.binlogpitr.common.schema.SchemaBaseline;
import io.binlogpitr.common.schema.SchemaBaselineStore;
import io.binlogpitr.common.schema.SchemaView;
import io.binlogpitr.common.schema.TableSchema;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import io.binlogpitr.restore.engine.ProgressReporter;
import io.binlogpitr.restore.engine.RestoreJob;
import io.binlogpitr.restore.engine.RestoreOptions;
import io.binlogpitr.restore.engine.TargetConnections;
import io.binlogpitr.restore.plan.RestorePlanner;
import io.binlogpitr.restore.plan.RestorePoint;
import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.AgentConfigFile;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import io.binlogpitr.testing.workload.BigTable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Retention forced to run while a real restore is in the middle of loading a snapshot and at the start of its
 * replay: the agent runs in-process (streaming a real mysqld, {@code snapshots.keep: 1}), its journal written into
 * hourly cycle files the test chooses ({@link JournalTestClock}), and its own {@link SnapshotService} takes a new
 * snapshot while the restore ({@link RestoreJob} with the reader lease {@code pitr-restore restore} takes) is held
 * at a chosen point: before the second chunk commits (a connection that waits there) and when the replay phase
 * starts (the progress callback). No race: retention runs only while the restore waits.
 *
 * <p>With the lease, retention deletes only the journal the restore does not need, keeps its snapshot and the
 * journal after it, says so (log, stats, {@code pitr_retention_held_back_total}), the restore completes exactly,
 * and the next pass deletes what is then unneeded. Without it (the lease released mid-restore), the same
 * retention deletes what the restore reads and the restore fails loudly instead of completing with wrong data.
 */
class RetentionDuringRestoreIT {
    private static final String USER = "pitr_ret_src";
    private static final String PASSWORD = "ret-pw";
    private static final Duration HOUR = Duration.ofHours(1);
    private static MysqlServer source;
    private static MysqlServer target;

    @TempDir
    Path dir;

    private JournalTestClock clock;
    private final RetentionCrashes crashes = new RetentionCrashes();
    private AgentConfig agentConfig;
    private AgentDaemon daemon;
    private Thread agentThread;
    private AgentHttpServer http;
    private String db;
    private RepositoryLayout layout;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final ExecutorService restores = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void servers() {
        // MINIMAL row metadata (MySQL 8.0's default): readers name columns from the schema baselines
        source = MysqlServer.shared(MysqlOptions.defaults().with("binlog_row_metadata", "MINIMAL"));
        AgentAccount.ensure(source, USER, PASSWORD);
        target = MysqlServer.startNew(MysqlOptions.defaults());
    }

    @AfterAll
    static void stopTarget() {
        if (target != null) {
            target.close();
        }
    }

    /** The source's history: snapshot S1 in cycle h0, the point in h1, more in h1 and h2; the agent streaming. */
    private record History(SnapshotManifest first, String point, GtidSet atPointSet, Map<String, String> atPoint) {}

    @BeforeEach
    void startAgent() throws Exception {
        // four hours back, then forward an hour at a time: every cycle file stays in the past for the readers
        clock = JournalTestClock.offsetBy(Duration.ofHours(-4));
        db = source.createDatabase("ret");
        BigTable.create(source, db, 20_000);
        Path config = AgentConfigFile.of(
                        source, USER, PASSWORD, 7700 + ProcessHandle.current().pid() % 90)
                .fastReconnect()
                .snapshots("{every: 0, keep: 1, threads: 2, chunkMiB: 1, include: [" + db + "]}")
                .anyHttpPort()
                .writeIn(dir);
        agentConfig = AgentConfigReader.read(config);
        startDaemon();
        Logger logger = (Logger) LoggerFactory.getLogger(SnapshotService.class);
        log.start();
        logger.addAppender(log);
        logger.setLevel(ch.qos.logback.classic.Level.INFO); // the test logging keeps the agent's INFO quiet
        target.execute("RESET MASTER");
    }

    private void startDaemon() {
        daemon = new AgentDaemon(agentConfig, clock, crashes);
        AgentDaemon running = daemon;
        agentThread = new Thread(
                () -> {
                    try {
                        running.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "agent-in-process");
        agentThread.start();
        http = AgentHttpServer.start(agentConfig.http(), daemon);
    }

    private void stopDaemon() throws InterruptedException {
        if (http != null) {
            http.close();
            http = null;
        }
        if (daemon != null) {
            daemon.stop(Duration.ofSeconds(30));
            agentThread.join(30_000);
            daemon = null;
        }
    }

    @AfterEach
    void stopAgent() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(SnapshotService.class);
        logger.detachAppender(log);
        logger.setLevel(null);
        restores.shutdownNow();
        stopDaemon();
    }

    private History history() throws Exception {
        awaitCaughtUp();
        layout = RepositoryLayout.openExisting(dir.resolve("repo"));
        // a transaction in h0 that the first snapshot holds: the one cycle file retention may delete under the lease
        source.execute("CREATE TABLE `" + db + "`.orders (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,"
                + " customer VARCHAR(64) NOT NULL, total DECIMAL(12,2) NOT NULL, note TEXT,"
                + " created_at DATETIME(6) NOT NULL)");
        awaitCaughtUp();
        SnapshotManifest first = service().takeNow();
        assertThat(first.databases().stream()
                        .flatMap(d -> d.tables().stream())
                        .mapToInt(t -> t.chunks().size())
                        .sum())
                .as("chunks enough to be held between two")
                .isGreaterThanOrEqualTo(3);
        clock.advance(HOUR);
        writes(0, 600);
        String point = lastGtid();
        GtidSet atPointSet = GtidSet.parse(source.gtidExecuted());
        Map<String, String> atPoint = io.binlogpitr.restore.History.checksums(source, db);
        writes(600, 200);
        clock.advance(HOUR);
        writes(800, 200);
        awaitCaughtUp();
        assertThat(cycleFiles()).hasSize(3);
        return new History(first, point, atPointSet, atPoint);
    }

    @Test
    void retentionDuringALoadAndAReplayKeepsWhatTheRestoreReadsAndDeletesItAfterwards() throws Exception {
        History h = history();
        List<String> h0h1h2 = cycleFiles();
        PausingTarget held = new PausingTarget(2);
        PausingProgress replay = new PausingProgress();
        ReaderLease lease = ReaderLease.take(layout, LeaseClaim.everything("pitr-restore restore"));
        Future<RestoreJob.Summary> restore = startRestore(h, held, replay, lease);
        held.awaitPaused(restore);
        long loaded = Long.parseLong(target.queryString("SELECT COUNT(*) FROM `" + db + "`.big"));
        assertThat(loaded).as("the restore is in the middle of its load").isBetween(1L, 19_999L);

        // a new snapshot in h3; its retention pass (keep: 1) would delete the first snapshot and h0..h2
        clock.advance(HOUR);
        writes(1000, 50);
        awaitCaughtUp();
        long heldBefore = service().stats().heldBack();
        SnapshotManifest second = service().takeNow();
        String reader = "pitr-restore restore (pid " + ProcessHandle.current().pid();
        assertThat(snapshotIds()).containsExactly(h.first().id(), second.id());
        assertThat(cycleFiles())
                .as("h0 holds only what the restore's snapshot holds: deleted; h1.. the restore replays: kept")
                .containsExactlyElementsOf(List.of(h0h1h2.get(1), h0h1h2.get(2), clock.currentCycleFile()));
        assertThat(service().stats().heldBack()).isEqualTo(heldBefore + 2);
        assertThat(logLines())
                .anySatisfy(l -> assertThat(l)
                        .contains("kept snapshot " + h.first().id() + " past snapshots.keep (1): read by " + reader))
                .anySatisfy(l -> assertThat(l)
                        .contains("kept the journal after "
                                + GtidSet.parse(h.first().gtidSet()).abbreviated()
                                + " instead of pruning it up to snapshot " + second.id())
                        .contains(reader));
        assertThat(metric("pitr_retention_held_back_total")).isEqualTo(heldBefore + 2.0);

        // the load goes on; at the start of the replay retention runs again and still keeps the journal
        held.resume();
        replay.awaitPaused(restore);
        service().applyRetention();
        assertThat(snapshotIds()).containsExactly(h.first().id(), second.id());
        assertThat(cycleFiles()).hasSize(3);
        replay.resume();
        RestoreJob.Summary s = restore.get(300, TimeUnit.SECONDS);
        lease.close();

        assertThat(s.proof()).isPresent();
        assertThat(s.plan().snapshot().id()).isEqualTo(h.first().id());
        assertThat(io.binlogpitr.restore.History.checksums(target, db)).isEqualTo(h.atPoint());
        assertThat(GtidSet.parse(target.gtidExecuted())).isEqualTo(h.atPointSet());

        // the reader is gone: the next pass deletes the first snapshot and the journal the second one holds
        service().applyRetention();
        assertThat(snapshotIds()).containsExactly(second.id());
        assertThat(cycleFiles()).containsExactly(clock.currentCycleFile());
        assertThat(leaseFiles()).isEmpty();
    }

    @Test
    void withoutItsLeaseARestoreHeldInItsLoadFailsLoudlyOnceRetentionDeletedItsSnapshot() throws Exception {
        History h = history();
        PausingTarget held = new PausingTarget(2);
        ReaderLease lease = ReaderLease.take(layout, LeaseClaim.everything("pitr-restore restore"));
        Future<RestoreJob.Summary> restore = startRestore(h, held, new PausingProgress(), lease);
        held.awaitPaused(restore);
        lease.close(); // the fault: the reader's lease is gone (its file deleted) while it still reads

        clock.advance(HOUR);
        writes(1000, 50);
        awaitCaughtUp();
        SnapshotManifest second = service().takeNow();
        assertThat(snapshotIds()).containsExactly(second.id());
        held.resume();

        Throwable failure = failureOf(restore);
        LoggerFactory.getLogger(RetentionDuringRestoreIT.class)
                .warn("held in its load, without its lease: {}", failure.toString());
        assertThat(failure).isInstanceOf(PitrException.class);
        assertThat(failure.getMessage())
                .contains(h.first().id())
                .contains("was deleted while the snapshot was being loaded");
        assertThat(target.queryString("SELECT COUNT(*) FROM `" + db + "`.big")).isNotEqualTo("20000");
    }

    @Test
    void withoutItsLeaseARestoreHeldAtItsReplayFailsLoudlyOnceRetentionPrunedItsJournal() throws Exception {
        History h = history();
        PausingProgress replay = new PausingProgress();
        ReaderLease lease = ReaderLease.take(layout, LeaseClaim.everything("pitr-restore restore"));
        Future<RestoreJob.Summary> restore = startRestore(h, new PausingTarget(Integer.MAX_VALUE), replay, lease);
        replay.awaitPaused(restore);
        lease.close(); // the fault: the lease is gone between the load and the replay

        clock.advance(HOUR);
        writes(1000, 50);
        awaitCaughtUp();
        service().takeNow();
        assertThat(cycleFiles()).containsExactly(clock.currentCycleFile());
        replay.resume();

        Throwable failure = failureOf(restore);
        LoggerFactory.getLogger(RetentionDuringRestoreIT.class)
                .warn("held at its replay, without its lease: {}", failure.toString());
        assertThat(failure).isInstanceOf(PitrException.class);
        assertThat(failure.getMessage()).contains(h.point().substring(0, 8));
        assertThat(io.binlogpitr.restore.History.checksums(target, db)).isNotEqualTo(h.atPoint());
    }

    @Test
    void schemaBaselinesGoOnceTheJournalTheyDescribeIsPrunedButNotWhileAReaderMayNeedThem() throws Exception {
        History h = history();
        List<String> atFirstStart = baselineIds();
        assertThat(atFirstStart).hasSize(1);
        // a restart in h2 records a second baseline, of everything up to there
        stopDaemon();
        startDaemon();
        awaitCaughtUp();
        List<String> both = baselineIds();
        assertThat(both).hasSize(2).startsWith(atFirstStart.get(0));
        clock.advance(HOUR);
        GtidSet beforeH3 = GtidSet.parse(source.gtidExecuted());
        writes(1000, 50);
        GtidSet h3 = GtidSet.parse(source.gtidExecuted()).subtract(beforeH3);
        awaitCaughtUp();

        // a reader of the whole journal (find, sql, flashback) may need every baseline: nothing goes
        ReaderLease find = ReaderLease.take(layout, LeaseClaim.everything("pitr-restore find"));
        SnapshotManifest second = service().takeNow();
        assertThat(snapshotIds()).containsExactly(h.first().id(), second.id());
        assertThat(cycleFiles()).hasSize(4);
        assertThat(baselineIds()).isEqualTo(both);
        find.close();

        // the journal now starts after h2: before pruning, retention derives a baseline as of there from the
        // second one (and the DDL of h2, none here); it describes the first kept record, both older ones go
        service().applyRetention();
        assertThat(snapshotIds()).containsExactly(second.id());
        assertThat(cycleFiles()).containsExactly(clock.currentCycleFile());
        List<SchemaBaseline> left = SchemaBaselineStore.readAll(layout);
        assertThat(left).hasSize(1);
        String derived = left.get(0).id();
        assertThat(left.get(0).derived().from()).isEqualTo(both.get(1));
        assertThat(logLines()).anySatisfy(l -> assertThat(l)
                .startsWith("retention: deleted schema baseline " + both.get(0))
                .contains("described from there by baseline " + derived));
        assertThat(logLines()).anySatisfy(l -> assertThat(l)
                .startsWith("retention: deleted schema baseline " + both.get(1))
                .contains("described from there by baseline " + derived));
        // the kept records, from a MINIMAL source, are named from the kept baseline ...
        Launchers.Result named = sql(h3);
        assertThat(named.exitCode()).as(named.output()).isZero();
        assertThat(Files.readString(dir.resolve("h3.sql"))).contains("`customer`");
        // ... which is the one they need: without it they are not
        Path kept = io.binlogpitr.common.schema.SchemaBaselineStore.directory(layout)
                .resolve("baseline-" + derived + ".json");
        Path aside = dir.resolve("aside.json");
        Files.move(kept, aside);
        Launchers.Result unnamed = sql(h3);
        Files.move(aside, kept);
        assertThat(unnamed.exitCode()).as(unnamed.output()).isNotZero();
        assertThat(unnamed.output()).contains("SCHEMA_UNKNOWN");

        // and the kept one is never deleted while it is the newest before the journal's start
        service().applyRetention();
        stopDaemon();
        startDaemon();
        awaitCaughtUp();
        service().applyRetention();
        assertThat(baselineIds()).hasSize(2).startsWith(derived);
    }

    @Test
    void aDdlInThePrunedJournalIsKeptInADerivedBaselineSoTheKeptRecordsAreNamedRight() throws Exception {
        awaitCaughtUp();
        layout = RepositoryLayout.openExisting(dir.resolve("repo"));
        // a database no snapshot holds (snapshots include only db): only the agent's baselines describe it
        String other = source.createDatabase("retsch");
        source.execute("CREATE TABLE `" + other + "`.t (id INT PRIMARY KEY, a INT NOT NULL, b INT NOT NULL)");
        source.execute("INSERT INTO `" + other + "`.t VALUES (1, 10, 20)");
        awaitCaughtUp();
        stopDaemon();
        startDaemon(); // baseline 1 holds t as (id, a, b)
        awaitCaughtUp();
        String atRestart = baselineIds().get(baselineIds().size() - 1);
        clock.advance(HOUR);
        // in h1, which retention prunes: a and b swap names (same type: the TABLE_MAP check cannot see it). Every
        // column an ALTER names is one of the table before it, so this is the swap (a "tmp" step is refused)
        source.execute("ALTER TABLE `" + other + "`.t RENAME COLUMN a TO b, RENAME COLUMN b TO a");
        String showCreate;
        try (Connection c = source.connect(other);
                Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SHOW CREATE TABLE t")) {
            rs.next();
            showCreate = rs.getString(2);
        }
        source.execute("INSERT INTO `" + other + "`.t (id, a, b) VALUES (2, 11, 21)");
        awaitCaughtUp();
        clock.advance(HOUR);
        GtidSet beforeH2 = GtidSet.parse(source.gtidExecuted());
        // h2 starts (the newest cycle file is never pruned): h0 and h1 can go once a snapshot holds them
        source.execute("INSERT INTO `" + other + "`.t (id, a, b) VALUES (4, 40, 41)");
        awaitCaughtUp();

        // a crash after the derived baseline is written and before the journal is pruned: readers are unharmed
        crashes.crashAt(-1);
        try {
            assertThatThrownBy(() -> service().takeNow()).hasMessage("simulated crash");
        } finally {
            crashes.clear();
        }
        assertThat(cycleFiles()).hasSize(3);
        List<SchemaBaseline> afterCrash = SchemaBaselineStore.readAll(layout);
        SchemaBaseline crashed = afterCrash.get(afterCrash.size() - 1);
        assertThat(crashed.derived().from()).isEqualTo(atRestart);
        GtidSet afterCrashAt = GtidSet.parse(source.gtidExecuted());
        source.execute("INSERT INTO `" + other + "`.t (id, a, b) VALUES (3, 300, 400)");
        source.execute("UPDATE `" + other + "`.t SET a = 111 WHERE id = 1");
        GtidSet kept = GtidSet.parse(source.gtidExecuted()).subtract(afterCrashAt);
        awaitCaughtUp();
        assertNamedRight(other, kept);

        service().applyRetention();
        assertThat(cycleFiles()).containsExactly(clock.currentCycleFile());
        assertNamedRight(other, kept); // without the derived baseline: named from baseline 1, a and b swapped
        List<SchemaBaseline> left = SchemaBaselineStore.readAll(layout);
        assertThat(left).hasSize(1);
        SchemaBaseline derived = left.get(0);
        assertThat(derived.complete()).isTrue();
        assertThat(derived.gtids().containsAll(beforeH2)).isTrue();
        // the next pass derives again (same base), from the one the crash left, which then goes with the older
        assertThat(derived.derived().from()).isEqualTo(crashed.id());
        assertThat(derived.gtidSet()).isEqualTo(crashed.gtidSet());
        assertThat(derived.derived().otherTables()).isNull();
        // its t is what the source's SHOW CREATE TABLE says at that point
        SchemaBaseline.Table t = derived.databases().stream()
                .filter(d -> d.name().equals(other))
                .flatMap(d -> d.tables().stream())
                .filter(x -> x.name().equals("t"))
                .findFirst()
                .orElseThrow();
        TableSchema fromSource = DdlSchemaEvolver.apply(SchemaView.empty("none"), other, showCreate, "", "source")
                .table(other, "t")
                .known()
                .orElseThrow();
        assertThat(new TableSchema(other, "t", t.columns(), t.primaryKey())).isEqualTo(fromSource);
        assertThat(fromSource.columns().stream().map(ColumnSchema::name)).containsExactly("id", "b", "a");
        assertNamedRight(other, kept);
        assertThat(Files.readString(
                        SchemaBaselineStore.directory(layout).resolve("baseline-" + derived.id() + ".json")))
                .startsWith("{\n  \"format\" : 2");
    }

    /** {@code sql} and {@code find --json} of the kept changes name t's columns as the source does (id, b, a). */
    private void assertNamedRight(String other, GtidSet kept) throws Exception {
        Launchers.Result sql = Launchers.run(
                dir,
                Map.of(),
                "pitr-restore",
                "sql",
                "--repo",
                layout.root().toString(),
                "--gtid",
                kept.toString(),
                "--databases",
                other,
                "--out",
                dir.resolve("kept.sql").toString());
        assertThat(sql.exitCode()).as(sql.output()).isZero();
        String text = Files.readString(dir.resolve("kept.sql"));
        assertThat(text).contains("(`id`,`b`,`a`) VALUES (3,400,300)");
        assertThat(text).contains("SET `id`=1,`b`=10,`a`=111 WHERE `id`=1");
    }

    private Launchers.Result sql(GtidSet gtids) throws Exception {
        return Launchers.run(
                dir,
                Map.of(),
                "pitr-restore",
                "sql",
                "--repo",
                layout.root().toString(),
                "--gtid",
                gtids.toString(),
                "--databases",
                db,
                "--out",
                dir.resolve("h3.sql").toString());
    }

    private List<String> baselineIds() {
        return io.binlogpitr.common.schema.SchemaBaselineStore.readAll(layout).stream()
                .map(io.binlogpitr.common.schema.SchemaBaseline::id)
                .toList();
    }

    private Future<RestoreJob.Summary> startRestore(
            History h, PausingTarget t, PausingProgress progress, ReaderLease lease) {
        RestoreOptions options = new RestoreOptions(
                layout, RestorePoint.parse(h.point(), null, null), Set.of(), Set.of(), Map.of(), false, 1, 1, false);
        return restores.submit(() -> new RestoreJob(options, t, progress, RestorePlanner::plan, lease::narrow).run());
    }

    private static Throwable failureOf(Future<RestoreJob.Summary> restore) throws Exception {
        try {
            RestoreJob.Summary s = restore.get(300, TimeUnit.SECONDS);
            throw new AssertionError("the restore completed without what it read: " + s);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private SnapshotService service() {
        return daemon.snapshots().orElseThrow();
    }

    private void awaitCaughtUp() throws InterruptedException {
        String last = lastGtid();
        for (int i = 0; i < 1200; i++) {
            // the journal holds the source's last transaction: in its base (at start) or as its last one
            boolean inBase = daemon.journalBase()
                    .map(b -> b.contains(io.binlogpitr.common.gtid.Gtid.parse(last)))
                    .orElse(false);
            boolean journaled = daemon.durable()
                    .map(d -> String.valueOf(d.lastGtid()))
                    .orElse("")
                    .equals(last);
            if (daemon.snapshots().isPresent() && (inBase || journaled)) {
                return;
            }
            assertThat(agentThread.isAlive()).as("the agent runs").isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("the agent never journaled " + last);
    }

    private static String lastGtid() {
        String uuid = source.queryString("SELECT @@server_uuid");
        List<GtidSet.Interval> intervals = GtidSet.parse(source.gtidExecuted()).intervals(uuid);
        return uuid + ":" + intervals.get(intervals.size() - 1).end();
    }

    /** {@code count} transactions: orders placed and paid, rows of big updated. */
    private void writes(int from, int count) throws Exception {
        try (Connection c = source.connect(db);
                Statement st = c.createStatement()) {
            for (int i = from; i < from + count; i++) {
                switch (i % 3) {
                    case 0 -> st.execute("INSERT INTO orders (customer, total, note, created_at) VALUES ('customer-"
                            + (i % 137) + "', " + (i * 7 % 100000) / 100.0 + ", 'ünïcode ✓ " + i + "', NOW(6))");
                    case 1 -> st.execute("UPDATE orders SET total = total + 1 WHERE id = " + Math.max(1, i / 3));
                    default -> st.execute("UPDATE big SET k = k + 1, pad = RPAD('" + i + "', 60, 'y') WHERE id = "
                            + (i * 13 % 20_000 + 1));
                }
            }
        }
    }

    private List<String> snapshotIds() throws Exception {
        return SnapshotCatalog.list(layout).stream()
                .map(SnapshotCatalog.Entry::id)
                .toList();
    }

    private List<String> cycleFiles() throws Exception {
        try (Stream<Path> files = Files.list(layout.journal())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith("F.cq4"))
                    .sorted()
                    .toList();
        }
    }

    private List<Path> leaseFiles() throws Exception {
        Path leases = layout.root().resolve("leases");
        try (Stream<Path> files = Files.list(leases)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .toList();
        }
    }

    private List<String> logLines() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private double metric(String name) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + http.address().getPort() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return r.body()
                .lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not in /metrics: " + r.body()));
    }

    /** A pause the restore's thread reaches and waits at until the test resumes it. */
    private static class Pause {
        private final CountDownLatch paused = new CountDownLatch(1);
        private final CountDownLatch resumed = new CountDownLatch(1);

        void pauseHere() {
            paused.countDown();
            try {
                if (!resumed.await(300, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never resumed the restore");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        void awaitPaused(Future<?> restore) throws Exception {
            for (int i = 0; i < 3000 && !paused.await(100, TimeUnit.MILLISECONDS); i++) {
                if (restore.isDone()) {
                    restore.get();
                    throw new AssertionError("the restore ended before its pause");
                }
            }
            assertThat(paused.getCount()).as("the restore reached its pause").isZero();
        }

        void resume() {
            resumed.countDown();
        }
    }

    /** The target, whose load connections wait before the {@code n}th chunk commit of the load. */
    private static final class PausingTarget extends TargetConnections {
        private final Pause pause = new Pause();
        private final AtomicInteger commits = new AtomicInteger();
        private final int n;

        PausingTarget(int n) {
            super(target.host(), target.port(), target.rootUser(), target.rootPassword());
            this.n = n;
        }

        @Override
        public Connection openForLoad() {
            Connection real = super.openForLoad();
            return (Connection) Proxy.newProxyInstance(
                    Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, m, args) -> {
                        switch (m.getName()) {
                            case "equals":
                                return proxy == args[0];
                            case "hashCode":
                                return System.identityHashCode(proxy);
                            case "commit":
                                if (commits.incrementAndGet() == n) {
                                    pause.pauseHere();
                                }
                                break;
                            default:
                                break;
                        }
                        try {
                            return m.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        void awaitPaused(Future<?> restore) throws Exception {
            pause.awaitPaused(restore);
        }

        void resume() {
            pause.resume();
        }
    }

    /** Progress that waits when the replay phase starts (before the journal is opened). */
    private static final class PausingProgress extends ProgressReporter {
        private final Pause pause = new Pause();

        @Override
        public void phase(String name, long total) {
            if (name.startsWith("replay")) {
                pause.pauseHere();
            }
        }

        @Override
        public void progress(long done, String detail) {}

        @Override
        public void done() {}

        void awaitPaused(Future<?> restore) throws Exception {
            pause.awaitPaused(restore);
        }

        void resume() {
            pause.resume();
        }
    }
}
