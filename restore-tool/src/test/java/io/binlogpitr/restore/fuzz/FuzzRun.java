package io.binlogpitr.restore.fuzz;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One differential run: a source and its real MySQL replica, the agent journaling the source, the corpus loaded and
 * the seeded generator's DDL and concurrent DML in rounds. After each round the replica's applier is stopped at the
 * source's GTID set then ({@code START REPLICA SQL_THREAD UNTIL SQL_AFTER_GTIDS}) and our restore to the same GTID
 * must equal it object by object ({@link Checks}).
 */
final class FuzzRun {
    /** What to run. {@code rounds} bounds the restore points, {@code duration} the whole run; the first ends it. */
    record Options(long seed, Duration duration, int rounds, Duration roundLength, Set<Feature> features, Path work) {}

    /** What a passing run did: restore points compared and the transactions the writers committed. */
    record Outcome(int points, long transactions, long refused, List<String> checks) {}

    private final Options options;
    private final Random random;
    private final List<String> checks = new ArrayList<>();
    private final CopyOnWriteArrayList<TableShape> tables = new CopyOnWriteArrayList<>();
    private List<String> ddlLog = List.of();

    FuzzRun(Options options) {
        this.options = options;
        this.random = new Random(options.seed());
    }

    Outcome run() throws Exception {
        long deadline = System.nanoTime() + options.duration().toNanos();
        Set<Feature> f = options.features();
        MysqlOptions sourceOptions = MysqlOptions.defaults();
        if (f.contains(Feature.MINIMAL_METADATA)) {
            sourceOptions = sourceOptions.with("binlog_row_metadata", "MINIMAL");
        }
        try (MysqlServer source = MysqlServer.startNew(sourceOptions);
                MysqlServer replicaServer =
                        MysqlServer.startNew(MysqlOptions.defaults().with("replica_parallel_workers", "0"))) {
            Replica replica = Replica.attach(replicaServer, source);
            try (Agent agent = Agent.start(source, options.work(), options.seed())) {
                agent.awaitCaughtUp();
                SchemaChanges ddl = new SchemaChanges(source, f, new Random(options.seed() + 1));
                ddlLog = ddl.log();
                ddl.createBase();
                refreshTables(source);
                new Writers(source, f, () -> tables).run(2, Duration.ofSeconds(2), options.seed() + 2);
                agent.snapshot();
                if (f.contains(Feature.CORPUS)) {
                    for (String name : Corpus.NAMES) {
                        Corpus.load(source, name, f.contains(Feature.TRIGGERS));
                    }
                }
                return rounds(source, replica, agent, ddl, deadline);
            } catch (Checks.Mismatch e) {
                List<String> log = ddlLog;
                throw new Checks.Mismatch(e.getMessage() + "\nrepository kept in " + options.work()
                        + "\nlast schema changes of the generator:\n  "
                        + String.join("\n  ", log.subList(Math.max(0, log.size() - 15), log.size())));
            }
        }
    }

    private Outcome rounds(MysqlServer source, Replica replica, Agent agent, SchemaChanges ddl, long deadline)
            throws Exception {
        Set<Feature> f = options.features();
        GtidSet previousPoint = null;
        Map<String, DatabaseState> previous = null;
        long committed = 0;
        long refused = 0;
        int round = 0;
        boolean timeless = options.duration().isZero();
        while (round < options.rounds() && (round == 0 || timeless || System.nanoTime() < deadline)) {
            round++;
            boolean dmlOnly = f.contains(Feature.FLASHBACK) && round % 2 == 0;
            refreshTables(source);
            long seed = options.seed() * 1000 + round;
            CompletableFuture<Writers.Result> writers = CompletableFuture.supplyAsync(() -> {
                try {
                    return new Writers(source, f, () -> tables).run(2, options.roundLength(), seed);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("writers interrupted", e);
                }
            });
            if (f.contains(Feature.MID_SNAPSHOT) && round == 2) {
                Thread.sleep(options.roundLength().toMillis() / 3);
                agent.snapshot(); // with data, while the writers run
                checks.add("round 2: snapshot taken while writing");
            }
            if (!dmlOnly) {
                schemaChanges(source, ddl, round);
            }
            Writers.Result w = writers.get();
            committed += w.committed();
            refused += w.refused();
            GtidSet point = GtidSet.parse(source.gtidExecuted());
            replica.applyUntil(point, Duration.ofMinutes(2));
            Map<String, DatabaseState> expected;
            try (Connection c = replica.server().connect(null)) {
                expected = DatabaseState.captureAll(c, DatabaseState.userDatabases(c));
            }
            agent.awaitCaughtUp();
            String context =
                    "seed " + options.seed() + ", features " + f + ", round " + round + (dmlOnly ? " (DML only)" : "");
            Checks check = new Checks(source, options.work(), agent.repo(), context);
            try (MysqlServer target = check.restoreFresh(point, expected)) {
                checks.add("round " + round + ": restore to " + Checks.lastGtid(point) + " equals the replica ("
                        + expected.size() + " databases)");
                if (f.contains(Feature.RENAME_DB)) {
                    // any user database at the point: the fuzz database of the first snapshot, or a corpus one
                    // created in the window (nothing to load for it; the replay creates and fills it)
                    String db = sideDatabase(expected, round);
                    check.restoreRenamed(target, point, expected.get(db));
                    checks.add("round " + round + ": --rename-db " + db + " equals the replica");
                }
                if (dmlOnly && previous != null) {
                    check.flashback(target, point, point.subtract(previousPoint), previous, expected);
                    checks.add("round " + round + ": flashback of " + point.subtract(previousPoint) + " gives round "
                            + (round - 1) + "'s state back");
                }
            }
            previousPoint = point;
            previous = expected;
            if (f.contains(Feature.FLASHBACK) && (round + 1) % 2 == 0 && round < options.rounds()) {
                // the next round is undone by flashback, which rebuilds what foreign keys cascaded (not in the
                // binlog) from the newest snapshot before the changes: the corpus came after the first one
                agent.snapshot();
                checks.add("round " + round + ": snapshot taken before the DML-only round");
            }
        }
        return new Outcome(round, committed, refused, List.copyOf(checks));
    }

    private void schemaChanges(MysqlServer source, SchemaChanges ddl, int round) throws Exception {
        long end = System.nanoTime() + options.roundLength().toNanos() * 3 / 4;
        if (options.features().contains(Feature.ONLINE_SCHEMA_CHANGE) && round == 1) {
            OnlineSchemaChange.run(source, options.work(), "gitea", "issue", "ADD COLUMN osc_note VARCHAR(40) NULL");
        }
        while (System.nanoTime() < end) {
            if (!ddl.next(tables)) {
                break;
            }
            refreshTables(source);
            Thread.sleep(150 + random.nextInt(300));
        }
    }

    private void refreshTables(MysqlServer source) throws SQLException {
        List<TableShape> now = new ArrayList<>();
        try (Connection c = source.connect(null)) {
            for (String db : DatabaseState.userDatabases(c)) {
                now.addAll(TableShape.read(c, db));
            }
        }
        tables.clear();
        tables.addAll(now);
    }

    /** The database a round restores under another name: one of the user databases, chosen by seed and round. */
    private String sideDatabase(Map<String, DatabaseState> expected, int round) {
        List<String> names = new ArrayList<>(new java.util.TreeSet<>(expected.keySet()));
        return names.get(new Random(options.seed() * 31 + round).nextInt(names.size()));
    }
}
