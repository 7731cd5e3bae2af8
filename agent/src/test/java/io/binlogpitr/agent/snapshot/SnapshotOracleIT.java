package io.binlogpitr.agent.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.agent.source.SourceConnections;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.snapshot.ChunkCompression;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import io.binlogpitr.common.snapshot.SnapshotLoadResult;
import io.binlogpitr.common.snapshot.SnapshotLoadSettings;
import io.binlogpitr.common.snapshot.SnapshotLoader;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import io.binlogpitr.testing.workload.AllTypesSchema;
import io.binlogpitr.testing.workload.ConcurrentWriters;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * MySQL is the oracle of a snapshot's consistency. While writers commit on the source, a snapshot is taken; it is
 * loaded into a second server, which is then made a replica of the source starting right after the snapshot's GTID
 * set. If the data and the GTID set agree, replication applies exactly the missing transactions without an error
 * and every table ends up with the source's {@code CHECKSUM TABLE}. Then the same snapshot with one transaction
 * taken out of its GTID set must make the replica fail or differ: the check can fail.
 */
class SnapshotOracleIT {
    private static final String USER = "pitr_snap";
    private static final String PASSWORD = "snap-Pw-1";
    private static final int BIG_ROWS = 20_000;
    private static final Duration WRITE_FOR = Duration.ofSeconds(10);
    /**
     * Every column type; the ENUM without its 4-byte member, which MySQL 8.0 shows as '?' in SHOW CREATE TABLE, so
     * no snapshot taken from shown DDL can hold it (the chunk format's known limits).
     */
    private static final List<AllTypesSchema.Table> TABLES = AllTypesSchema.tablesWithShowableDdl();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(
            value = ChunkCompression.class,
            names = {"ZSTD", "GZIP"})
    void aReplicaSeededFromTheSnapshotConvergesWithTheSource(ChunkCompression compression) throws Exception {
        try (MysqlServer source = MysqlServer.startNew(MysqlOptions.defaults());
                MysqlServer replica = MysqlServer.startNew(MysqlOptions.defaults())) {
            source.createUser(USER, PASSWORD, AgentAccount.GRANTS);
            String db = source.createDatabase("oracle");
            String marker = createSchema(source, db);

            SnapshotManifest manifest;
            RepositoryLayout layout = RepositoryLayout.createOrOpen(dir.resolve("repo-" + compression));
            AtomicBoolean stopBig = new AtomicBoolean();
            CompletableFuture<ConcurrentWriters.Result> writers = CompletableFuture.supplyAsync(() -> {
                try {
                    return new ConcurrentWriters(
                                    () -> source.connect(db),
                                    ConcurrentWriters.Settings.forDuration(3, WRITE_FOR, 11)
                                            .withTables(TABLES))
                            .run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            CompletableFuture<Long> bigWriter = CompletableFuture.supplyAsync(() -> writeBig(source, db, stopBig));
            try {
                Thread.sleep(1500);
                manifest = new SnapshotTaker(
                                new SourceConnections(source.host(), source.port(), USER, PASSWORD),
                                layout,
                                new SnapshotSettings(2, compression, List.of(db), List.of(), 64 * 1024))
                        .take();
                assertThat(writers)
                        .as("writers still running when the snapshot was done")
                        .isNotDone();
            } finally {
                ConcurrentWriters.Result result = writers.get(60, TimeUnit.SECONDS);
                stopBig.set(true);
                assertThat(result.committedTransactions()).isGreaterThan(200);
                assertThat(bigWriter.get(60, TimeUnit.SECONDS)).isGreaterThan(50);
            }
            source.execute("ALTER EVENT `" + db + "`.ev_tick DISABLE"); // the source stops changing
            GtidSet sourceGtids = GtidSet.parse(source.gtidExecuted());
            GtidSet snapshotGtids = GtidSet.parse(manifest.gtidSet());
            assertThat(sourceGtids.containsAll(snapshotGtids)).isTrue();
            assertThat(sourceGtids.subtract(snapshotGtids).size())
                    .as("transactions committed after the snapshot's point")
                    .isGreaterThan(50);
            assertManifestShape(manifest, db);
            Path snapshotDir = SnapshotCatalog.snapshotDir(layout, manifest.id());

            SnapshotLoadResult loaded = load(replica, manifest, snapshotDir);
            assertThat(loaded.rows()).isEqualTo(manifest.totals().rows());
            System.out.printf(
                    "%s snapshot %s: %,d rows, %,d chunks, loaded in %.2f s (%,.0f rows/s)%n",
                    compression,
                    manifest.id(),
                    loaded.rows(),
                    loaded.chunks(),
                    loaded.seconds(),
                    loaded.rowsPerSecond());
            Replication outcome = replicate(replica, source, manifest.gtidSet(), sourceGtids);
            assertThat(outcome.errors()).as("replica errors").isEmpty();
            assertThat(outcome.caughtUp())
                    .as("replica caught up with " + sourceGtids)
                    .isTrue();
            assertThat(checksums(replica, db))
                    .as("CHECKSUM TABLE of every table")
                    .isEqualTo(checksums(source, db));
            assertThat(counts(replica, db)).as("rows of every table").isEqualTo(counts(source, db));
            assertThat(objects(replica, db))
                    .as("views, routines, triggers, events")
                    .isEqualTo(objects(source, db));

            // the same data with a GTID set one transaction short (the marker insert, which the data holds): the
            // replica receives that insert again and must fail or differ
            stopReplica(replica, db);
            GtidSet tampered = snapshotGtids.subtract(GtidSet.parse(marker));
            assertThat(tampered.size()).isEqualTo(snapshotGtids.size() - 1);
            load(replica, manifest, snapshotDir);
            Replication broken = replicate(replica, source, tampered.toString(), sourceGtids);
            boolean differs = !checksums(replica, db).equals(checksums(source, db));
            System.out.printf(
                    "one transaction short: replica errors %s, checksums differ: %s%n", broken.errors(), differs);
            assertThat(!broken.errors().isEmpty() || differs)
                    .as("a GTID set one transaction short is detected (errors %s)", broken.errors())
                    .isTrue();
        }
    }

    /** The tables, objects and rows; returns the GTID of a marker insert committed before the writers start. */
    private static String createSchema(MysqlServer source, String db) throws Exception {
        try (Connection c = source.connect(db);
                Statement st = c.createStatement()) {
            for (AllTypesSchema.Table t : TABLES) {
                st.execute(t.createSql());
            }
            st.execute("CREATE TABLE big (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, payload VARCHAR(200) NOT NULL,"
                    + " n INT NOT NULL DEFAULT 0)");
            st.execute("CREATE TABLE big_audit (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, big_id INT NOT NULL)");
            st.execute("CREATE TABLE ticks (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, at DATETIME(6) NOT NULL)");
            st.execute("SET SESSION cte_max_recursion_depth = 1000000");
            st.execute("INSERT INTO big (payload) WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq"
                    + " WHERE n < " + BIG_ROWS + ") SELECT CONCAT('row ', n, ' ', REPEAT(MD5(n), 3)) FROM seq");
            st.execute("CREATE VIEW v_big_even AS SELECT id, payload FROM big WHERE id % 2 = 0");
            st.execute("CREATE VIEW v_counts AS SELECT (SELECT COUNT(*) FROM v_big_even) AS even,"
                    + " (SELECT COUNT(*) FROM " + AllTypesSchema.NO_PK + ") AS nopk");
            st.execute("CREATE TRIGGER big_ai AFTER INSERT ON big FOR EACH ROW INSERT INTO big_audit (big_id)"
                    + " VALUES (NEW.id)");
            st.execute("CREATE PROCEDURE p_touch(IN k INT) UPDATE big SET n = n + 1 WHERE id = k");
            st.execute("CREATE FUNCTION f_payload(k INT) RETURNS VARCHAR(200) READS SQL DATA"
                    + " RETURN (SELECT payload FROM big WHERE id = k)");
        }
        new ConcurrentWriters(
                        () -> source.connect(db),
                        ConcurrentWriters.Settings.byCount(3, 900, 5).withTables(TABLES))
                .run();
        // the taker sizes chunks by DATA_LENGTH, which InnoDB updates in the background some seconds after a bulk
        // insert: without fresh statistics big would be one chunk
        for (String t : List.of("big", AllTypesSchema.AUTO_PK, AllTypesSchema.COMPOSITE_PK)) {
            source.execute("ANALYZE TABLE `" + db + "`.`" + t + "`");
        }
        String before = source.gtidExecuted();
        source.execute("INSERT INTO `" + db + "`.big (payload) VALUES ('marker')");
        GtidSet marker = GtidSet.parse(source.gtidExecuted()).subtract(GtidSet.parse(before));
        assertThat(marker.size()).isEqualTo(1);
        source.execute("CREATE EVENT `" + db + "`.ev_tick ON SCHEDULE EVERY 1 SECOND" + " DO INSERT INTO `" + db
                + "`.ticks (at) VALUES (NOW(6))");
        return marker.toString();
    }

    /** Inserts, updates (through the procedure) and deletes in {@code big}, never the marker; returns the count. */
    private static long writeBig(MysqlServer source, String db, AtomicBoolean stop) {
        AtomicLong done = new AtomicLong();
        try (Connection c = source.connect(db);
                Statement st = c.createStatement()) {
            while (!stop.get()) {
                int id = ThreadLocalRandom.current().nextInt(1, BIG_ROWS);
                switch (ThreadLocalRandom.current().nextInt(3)) {
                    case 0 -> st.execute("INSERT INTO big (payload) VALUES (CONCAT('new ', RAND()))");
                    case 1 -> st.execute("CALL p_touch(" + id + ")");
                    default -> st.execute("DELETE FROM big WHERE id = " + id + " AND payload <> 'marker'");
                }
                done.incrementAndGet();
                Thread.sleep(2);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return done.get();
    }

    private static void assertManifestShape(SnapshotManifest manifest, String db) {
        assertThat(manifest.databases())
                .extracting(SnapshotManifest.Database::name)
                .containsExactly(db);
        SnapshotManifest.Database d = manifest.databases().get(0);
        assertThat(d.tables())
                .extracting(SnapshotManifest.Table::name)
                .containsExactlyInAnyOrder(
                        AllTypesSchema.AUTO_PK,
                        AllTypesSchema.COMPOSITE_PK,
                        AllTypesSchema.NO_PK,
                        "big",
                        "big_audit",
                        "ticks");
        SnapshotManifest.Table big = d.tables().stream()
                .filter(t -> t.name().equals("big"))
                .findFirst()
                .orElseThrow();
        assertThat(big.chunks().size()).as("chunks of big").isGreaterThan(3);
        assertThat(d.views()).hasSize(2);
        assertThat(d.triggers()).hasSize(1);
        assertThat(d.routines()).hasSize(2);
        assertThat(d.events()).hasSize(1);
    }

    private static SnapshotLoadResult load(MysqlServer replica, SnapshotManifest manifest, Path snapshotDir) {
        return new SnapshotLoader(
                        () -> replica.connect(null),
                        SnapshotLoadSettings.defaults().withThreads(2))
                .load(manifest, snapshotDir);
    }

    record Replication(boolean caughtUp, List<String> errors) {}

    /** Seeds {@code replica}'s GTID state with {@code purged}, replicates from {@code source} until {@code until}. */
    private static Replication replicate(MysqlServer replica, MysqlServer source, String purged, GtidSet until)
            throws Exception {
        replica.execute(
                "RESET MASTER",
                "SET GLOBAL gtid_purged = '" + purged + "'",
                "CHANGE REPLICATION SOURCE TO SOURCE_HOST = '" + source.host() + "', SOURCE_PORT = " + source.port()
                        + ", SOURCE_USER = '" + USER + "', SOURCE_PASSWORD = '" + PASSWORD
                        + "', SOURCE_AUTO_POSITION = 1, GET_SOURCE_PUBLIC_KEY = 1",
                "START REPLICA");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> errors = replicaErrors(replica);
            if (!errors.isEmpty()) {
                return new Replication(false, errors);
            }
            String done = replica.queryString("SELECT WAIT_FOR_EXECUTED_GTID_SET('" + until + "', 1)");
            if ("0".equals(done)) {
                return new Replication(true, replicaErrors(replica));
            }
        }
        return new Replication(false, replicaErrors(replica));
    }

    private static List<String> replicaErrors(MysqlServer replica) throws SQLException {
        List<String> errors = new ArrayList<>();
        try (Connection c = replica.connect(null);
                Statement st = c.createStatement()) {
            for (String table : List.of(
                    "replication_applier_status_by_worker",
                    "replication_applier_status_by_coordinator",
                    "replication_connection_status")) {
                try (ResultSet rs = st.executeQuery("SELECT LAST_ERROR_NUMBER, LAST_ERROR_MESSAGE FROM"
                        + " performance_schema." + table + " WHERE LAST_ERROR_NUMBER <> 0")) {
                    while (rs.next()) {
                        errors.add(table + ": " + rs.getInt(1) + " " + rs.getString(2));
                    }
                }
            }
        }
        return errors;
    }

    private static void stopReplica(MysqlServer replica, String db) {
        replica.execute("STOP REPLICA", "RESET REPLICA ALL", "DROP DATABASE `" + db + "`");
    }

    private static List<String> tables(MysqlServer server, String db) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = server.connect(null);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                        + db + "' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static Map<String, Long> checksums(MysqlServer server, String db) throws SQLException {
        Map<String, Long> sums = new TreeMap<>();
        try (Connection c = server.connect(db);
                Statement st = c.createStatement()) {
            for (String table : tables(server, db)) {
                try (ResultSet rs = st.executeQuery("CHECKSUM TABLE `" + table + "` EXTENDED")) {
                    rs.next();
                    sums.put(table, rs.getLong(2));
                }
            }
        }
        return sums;
    }

    private static Map<String, Long> counts(MysqlServer server, String db) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        for (String table : tables(server, db)) {
            counts.put(table, Long.parseLong(server.queryString("SELECT COUNT(*) FROM `" + db + "`.`" + table + "`")));
        }
        return counts;
    }

    /** Every view, routine, trigger and event by type and name. */
    private static List<String> objects(MysqlServer server, String db) throws SQLException {
        List<String> objects = new ArrayList<>();
        String sql = "SELECT CONCAT('VIEW ', TABLE_NAME) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = '" + db
                + "' UNION ALL SELECT CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME) FROM information_schema.ROUTINES"
                + " WHERE ROUTINE_SCHEMA = '" + db + "' UNION ALL SELECT CONCAT('TRIGGER ', TRIGGER_NAME) FROM"
                + " information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '" + db + "' UNION ALL SELECT CONCAT('EVENT ',"
                + " EVENT_NAME) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '" + db + "' ORDER BY 1";
        try (Connection c = server.connect(null);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                objects.add(rs.getString(1));
            }
        }
        return objects;
    }
}
