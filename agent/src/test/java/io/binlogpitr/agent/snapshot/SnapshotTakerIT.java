package io.binlogpitr.agent.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.agent.source.SourceConnections;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.repository.RepositoryLock;
import io.binlogpitr.common.snapshot.ChunkCompression;
import io.binlogpitr.common.snapshot.ChunkReader;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import io.binlogpitr.testing.workload.AllTypesSchema;
import io.binlogpitr.testing.workload.BigTable;
import io.binlogpitr.testing.workload.ConcurrentWriters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot taker against a real mysqld: chunked parallel export while writers run, and every failure path
 * (a killed worker connection, cancel, a second snapshot, DDL with and without BACKUP_ADMIN) leaving nothing
 * that could be mistaken for a snapshot. Exactness of the data is {@code SnapshotOracleIT}'s job.
 */
class SnapshotTakerIT {
    static final String USER = "pitr_snap";
    static final String NO_BACKUP_ADMIN = "pitr_snap_nobackup";
    static final String PASSWORD = "snap-pw";
    static final int BIG_ROWS = 300_000;

    private static MysqlServer server;
    private static String big;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        server = MysqlServer.shared(MysqlOptions.defaults());
        if ("0".equals(server.queryString("SELECT COUNT(*) FROM mysql.user WHERE user = '" + USER + "'"))) {
            server.createUser(USER, PASSWORD, AgentAccount.GRANTS);
            // AgentAccount's grants but BACKUP_ADMIN, on purpose: the snapshot without LOCK INSTANCE FOR BACKUP
            server.createUser(
                    NO_BACKUP_ADMIN,
                    PASSWORD,
                    "REPLICATION SLAVE, REPLICATION CLIENT, SELECT, RELOAD, SHOW VIEW, TRIGGER, EVENT,"
                            + " CREATE TEMPORARY TABLES");
        }
        big = server.createDatabase("snapbig");
        BigTable.create(server, big, BIG_ROWS);
    }

    private SnapshotTaker taker(String user, SnapshotSettings settings) {
        return new SnapshotTaker(
                new SourceConnections(server.host(), server.port(), user, PASSWORD),
                RepositoryLayout.createOrOpen(dir.resolve("repo")),
                settings);
    }

    private static SnapshotSettings settings(
            int threads, ChunkCompression compression, long chunkBytes, String... dbs) {
        return new SnapshotSettings(threads, compression, List.of(dbs), List.of(), chunkBytes);
    }

    private Path snapshots() {
        return dir.resolve("repo/snapshots");
    }

    /** The snapshot directory holds no snapshot, published or partial: only the lock file may remain. */
    private void assertNothingLeft() throws Exception {
        try (Stream<Path> files = Files.list(snapshots())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsOnly(".snapshot.lock");
        }
    }

    /** Waits until a worker has started writing a chunk of the snapshot under way. */
    private void awaitExportUnderWay() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.walk(snapshots())) {
                if (files.anyMatch(p -> p.getFileName().toString().contains(".chunk"))) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the snapshot never started writing chunks");
    }

    @Test
    void chunkedParallelSnapshotWhileWritersRun() throws Exception {
        String db = server.createDatabase("snaplive");
        try (Connection c = server.connect(db)) {
            AllTypesSchema.create(c);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE VIEW v_auto AS SELECT COUNT(*) AS n FROM " + AllTypesSchema.AUTO_PK);
                st.execute("CREATE TABLE audit (id BIGINT AUTO_INCREMENT PRIMARY KEY, at DATETIME(6))");
                st.execute("CREATE TRIGGER t_audit AFTER INSERT ON " + AllTypesSchema.NO_PK
                        + " FOR EACH ROW INSERT INTO audit (at) VALUES (NOW(6))");
                st.execute("CREATE PROCEDURE p_count(OUT n INT) SELECT COUNT(*) INTO n FROM audit");
                st.execute("CREATE FUNCTION f_twice(x INT) RETURNS INT DETERMINISTIC RETURN x * 2");
                st.execute("CREATE EVENT e_purge ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM audit");
            }
        }
        BigTable.create(server, db, 60_000);
        GtidSet before = GtidSet.parse(server.gtidExecuted());
        ConcurrentWriters writers = new ConcurrentWriters(
                () -> server.connect(db), ConcurrentWriters.Settings.forDuration(3, Duration.ofSeconds(6), 11));
        CompletableFuture<ConcurrentWriters.Result> load = CompletableFuture.supplyAsync(() -> {
            try {
                return writers.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1500);
        SnapshotManifest m =
                taker(USER, settings(3, ChunkCompression.ZSTD, 256 << 10, db)).take();
        assertThat(load.get(60, TimeUnit.SECONDS).committedTransactions()).isPositive();
        GtidSet after = GtidSet.parse(server.gtidExecuted());

        GtidSet taken = GtidSet.parse(m.gtidSet());
        assertThat(after.containsAll(taken))
                .as("snapshot set within the source's")
                .isTrue();
        assertThat(taken.containsAll(before))
                .as("snapshot set holds what committed before")
                .isTrue();
        assertThat(after.subtract(taken).isEmpty())
                .as("writers committed after the snapshot")
                .isFalse();
        assertThat(m.consistency().ddlLock()).isTrue();
        assertThat(m.consistency().lockWaitMillis())
                .isBetween(0L, m.consistency().writesBlockedMillis());
        assertThat(m.databases()).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo(db);
            assertThat(d.views()).extracting(SnapshotManifest.DdlObject::name).containsExactly("v_auto");
            assertThat(d.triggers())
                    .extracting(SnapshotManifest.DdlObject::name)
                    .containsExactly("t_audit");
            assertThat(d.routines())
                    .extracting(SnapshotManifest.DdlObject::name)
                    .containsExactly("f_twice", "p_count");
            assertThat(d.events()).extracting(SnapshotManifest.DdlObject::name).containsExactly("e_purge");
            assertThat(d.tables())
                    .extracting(SnapshotManifest.Table::name)
                    .containsExactly(
                            AllTypesSchema.AUTO_PK, AllTypesSchema.COMPOSITE_PK, AllTypesSchema.NO_PK, "audit", "big");
        });
        SnapshotManifest.Table bigTable = table(m, "big");
        assertThat(bigTable.rows()).isEqualTo(60_000);
        assertThat(bigTable.chunks()).hasSizeGreaterThan(3);
        Path published = SnapshotCatalog.snapshotDir(RepositoryLayout.openExisting(dir.resolve("repo")), m.id());
        long rows = 0;
        for (SnapshotManifest.Database d : m.databases()) {
            for (SnapshotManifest.Table t : d.tables()) {
                long tableRows = 0;
                for (SnapshotManifest.Chunk c : t.chunks()) {
                    Path file = published.resolve(c.file());
                    assertThat(Files.size(file)).isEqualTo(c.bytes());
                    assertThat(ChunkReader.verify(file, c.crc32cValue()).rows()).isEqualTo(c.rows());
                    tableRows += c.rows();
                }
                assertThat(tableRows).isEqualTo(t.rows());
                rows += tableRows;
            }
        }
        assertThat(m.totals().rows()).isEqualTo(rows);
        assertThat(SnapshotCatalog.list(RepositoryLayout.openExisting(dir.resolve("repo"))))
                .singleElement()
                .satisfies(e -> assertThat(e.manifest()).isEqualTo(m));
        try (Stream<Path> files = Files.list(snapshots())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".snapshot.lock", m.id());
        }
    }

    private static SnapshotManifest.Table table(SnapshotManifest m, String name) {
        return m.databases().stream()
                .flatMap(d -> d.tables().stream())
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aKilledWorkerConnectionFailsTheSnapshotAndLeavesNothing() throws Exception {
        SnapshotTaker taker = taker(USER, settings(2, ChunkCompression.GZIP, 1 << 20, big));
        CompletableFuture<SnapshotManifest> run = CompletableFuture.supplyAsync(taker::take);
        awaitExportUnderWay();
        String id = workerConnection(USER).orElseThrow(() -> new AssertionError("no worker connection found"));
        server.execute("KILL " + id);
        assertThatThrownBy(() -> join(run)).isInstanceOfSatisfying(PitrException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SNAPSHOT_FAILED);
            assertThat(e.getMessage())
                    .contains("lost or killed")
                    .contains("big")
                    .contains("partial snapshot was removed");
        });
        assertNothingLeft();
    }

    /** The id of a connection of {@code user} running the export's SELECT. */
    private static Optional<String> workerConnection(String user) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Connection c = server.connect(null);
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '" + user
                            + "' AND INFO LIKE 'SELECT%FROM `%big`%'")) {
                if (rs.next()) {
                    return Optional.of(rs.getString(1));
                }
            }
            Thread.sleep(10);
        }
        return Optional.empty();
    }

    private static <T> T join(CompletableFuture<T> f) throws Throwable {
        try {
            return f.get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause();
        }
    }

    @Test
    void cancelStopsTheSnapshotAndRemovesIt() throws Exception {
        SnapshotTaker taker = taker(USER, settings(2, ChunkCompression.GZIP, 1 << 20, big));
        CompletableFuture<SnapshotManifest> run = CompletableFuture.supplyAsync(taker::take);
        awaitExportUnderWay();
        taker.cancel();
        assertThatThrownBy(() -> join(run)).isInstanceOfSatisfying(PitrException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SNAPSHOT_FAILED);
            assertThat(e.getMessage()).contains("stopped");
        });
        assertNothingLeft();
        // the connections are aborted at once; the server ends their sessions as it notices
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String left;
        while (!"0"
                        .equals(
                                left = server.queryString(
                                        "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '" + USER
                                                + "'"))
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(left).as("no connection of the cancelled snapshot remains").isEqualTo("0");
    }

    /**
     * A deadlock only a timeout breaks: a statement waits for a row lock of an idle transaction, the read lock
     * waits for that statement, and the idle transaction's next statement queues behind the read lock. The
     * snapshot gives up its attempt after a second, the application goes on, and the next attempt succeeds.
     */
    @Test
    void aDeadlockBehindTheGlobalReadLockIsBrokenByTryingAgain() throws Throwable {
        String db = server.createDatabase("snapdeadlock");
        server.execute(
                "CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY, v INT NOT NULL)",
                "INSERT INTO `" + db + "`.t VALUES (1, 0), (2, 0)");
        try (Connection idle = server.connect(db);
                Connection waiting = server.connect(db)) {
            idle.setAutoCommit(false);
            try (Statement st = idle.createStatement()) {
                st.executeUpdate("UPDATE t SET v = v + 1 WHERE id = 1");
            }
            CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
                try (Statement st = waiting.createStatement()) {
                    st.executeUpdate("UPDATE t SET v = v + 10 WHERE id = 1");
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitProcess("INFO LIKE 'UPDATE t SET v = v + 10%'");
            SnapshotTaker taker = taker(USER, settings(1, ChunkCompression.ZSTD, 1 << 20, db));
            CompletableFuture<SnapshotManifest> run = CompletableFuture.supplyAsync(taker::take);
            awaitProcess("INFO = 'FLUSH TABLES WITH READ LOCK'");
            try (Statement st = idle.createStatement()) {
                st.executeUpdate("UPDATE t SET v = v + 1 WHERE id = 2"); // queues behind the read lock
            }
            idle.commit();
            blocked.get(60, TimeUnit.SECONDS);
            SnapshotManifest m = join(run);
            assertThat(m.consistency().writesBlockedMillis())
                    .as("the first attempt waited its full second")
                    .isGreaterThanOrEqualTo(900);
            assertThat(table(m, "t").rows()).isEqualTo(2);
        }
    }

    /**
     * DDL running while snapshots start must never fail. (Taking the backup lock before the global read lock let a
     * DDL that held the global intention lock and waited for the backup lock close a cycle with the read lock, and
     * MySQL failed the DDL with "Deadlock found".)
     */
    @Test
    void ddlRunningWhileSnapshotsStartNeverFails() throws Exception {
        String db = server.createDatabase("snapddlloop");
        String other = server.createDatabase("snapddlother");
        server.execute("CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY)");
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong statements = new java.util.concurrent.atomic.AtomicLong();
        CompletableFuture<Void> ddl = CompletableFuture.runAsync(() -> {
            try (Connection c = server.connect(other);
                    Statement st = c.createStatement()) {
                for (int i = 0; !stop.get(); i++) {
                    st.execute("CREATE TABLE churn_" + i + " (id INT PRIMARY KEY, v VARCHAR(10))");
                    st.execute("ALTER TABLE churn_" + i + " ADD COLUMN w INT");
                    st.execute("DROP TABLE churn_" + i);
                    statements.addAndGet(3);
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("DDL failed beside a snapshot: " + e.getMessage(), e);
            }
        });
        try {
            for (int i = 0; i < 8; i++) {
                taker(USER, settings(2, ChunkCompression.ZSTD, 1 << 20, db)).take();
                assertThat(ddl).isNotCompletedExceptionally();
            }
        } finally {
            stop.set(true);
        }
        ddl.get(60, TimeUnit.SECONDS);
        assertThat(statements.get()).as("DDL ran during the snapshots").isPositive();
    }

    private static void awaitProcess(String condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String n = server.queryString("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE " + condition);
            if (!"0".equals(n)) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no session with " + condition);
    }

    @Test
    void twoSnapshotsNeverRunAtOnce() throws Exception {
        RepositoryLayout layout = RepositoryLayout.createOrOpen(dir.resolve("repo"));
        try (RepositoryLock held = RepositoryLock.acquireSnapshot(layout, "a test")) {
            assertThatThrownBy(() -> taker(USER, settings(1, ChunkCompression.ZSTD, 1 << 20, big))
                            .take())
                    .isInstanceOfSatisfying(PitrException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.SNAPSHOT_RUNNING);
                        assertThat(e.getMessage()).contains("a test");
                    });
        }
        assertNothingLeft();
    }

    @Test
    void ddlDuringASnapshotWithoutBackupAdminFailsIt() throws Exception {
        String db = server.createDatabase("snapddl");
        BigTable.create(server, db, 150_000);
        SnapshotTaker taker = taker(NO_BACKUP_ADMIN, settings(1, ChunkCompression.GZIP, 1 << 30, db));
        CompletableFuture<SnapshotManifest> run = CompletableFuture.supplyAsync(taker::take);
        awaitExportUnderWay();
        server.execute("CREATE TABLE `" + db + "`.created_meanwhile (id INT PRIMARY KEY)");
        assertThatThrownBy(() -> join(run)).isInstanceOfSatisfying(PitrException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SNAPSHOT_FAILED);
            assertThat(e.getMessage()).contains("DDL");
            assertThat(e.hint()).contains("BACKUP_ADMIN");
        });
        assertNothingLeft();
    }

    @Test
    void withBackupAdminDdlWaitsForTheSnapshot() throws Throwable {
        String db = server.createDatabase("snapddlwait");
        BigTable.create(server, db, 150_000);
        SnapshotTaker taker = taker(USER, settings(1, ChunkCompression.GZIP, 1 << 30, db));
        CompletableFuture<SnapshotManifest> run = CompletableFuture.supplyAsync(taker::take);
        awaitExportUnderWay();
        CompletableFuture<Void> ddl = CompletableFuture.runAsync(
                () -> server.execute("CREATE TABLE `" + db + "`.created_meanwhile (id INT PRIMARY KEY)"));
        SnapshotManifest m = join(run);
        ddl.get(60, TimeUnit.SECONDS);
        assertThat(m.databases().get(0).tables())
                .extracting(SnapshotManifest.Table::name)
                .containsExactly("big");
        assertThat(table(m, "big").rows()).isEqualTo(150_000);
    }
}
