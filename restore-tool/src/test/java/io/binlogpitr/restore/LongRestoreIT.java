package io.binlogpitr.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import io.binlogpitr.testing.TcpProxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restores whose snapshot load is long, held up or cut off, checked against the source: the target's
 * {@code wait_timeout} shorter than the load (the restore's waiting connections must survive it), a restore killed
 * half-way through the load and run again (it must skip exactly the chunks already in), and a network that stops
 * forwarding in the middle of the load (the restore must fail on its socket timeout instead of hanging). The load
 * is held up by a global read lock the test takes on the target, so nothing depends on how fast the machine is.
 */
class LongRestoreIT {
    @TempDir
    static Path dir;

    private static History history;
    private static final List<MysqlServer> targets = new ArrayList<>();

    @BeforeAll
    static void makeHistory() throws Exception {
        history = History.build(MysqlServer.shared(MysqlOptions.defaults()), dir, "long", 23);
    }

    @AfterAll
    static void stopTargets() {
        targets.forEach(MysqlServer::close);
    }

    private static MysqlServer freshTarget() {
        MysqlServer t = MysqlServer.startNew(MysqlOptions.defaults());
        targets.add(t);
        return t;
    }

    private static Launchers.Started restore(MysqlServer target, String address, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(
                "restore",
                "--repo",
                history.repo().toString(),
                "--target",
                address,
                "--target-user",
                target.rootUser(),
                "--before-gtid",
                history.mistake(),
                "--threads",
                "1"));
        all.addAll(List.of(args));
        return Launchers.start(
                dir, Map.of("PITR_TARGET_PASSWORD", target.rootPassword()), "pitr-restore", all.toArray(String[]::new));
    }

    private static String address(MysqlServer target) {
        return target.host() + ":" + target.port();
    }

    /** A connection of the test's own that the target's short wait_timeout does not close. */
    private static Connection patient(MysqlServer target) throws SQLException {
        Connection c = target.connect(null);
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION wait_timeout = 3600");
        }
        return c;
    }

    /** Chunks the restore has recorded as loaded; 0 while its bookkeeping table does not exist yet. */
    private static long loadedChunks(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = '_pitr_restore' AND TABLE_NAME = 'loaded_chunks'")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                return 0;
            }
        }
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM _pitr_restore.loaded_chunks")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Waits until the running restore has committed rows into {@code big} (its chunks are loaded first). */
    private static void awaitLoadStarted(Statement st, Launchers.Started run) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!hasRows(st, history.db(), "big")) {
            assertThat(run.process().isAlive())
                    .as("the restore ended before its load was seen: %s", run.output())
                    .isTrue();
            assertThat(System.nanoTime()).as("waiting for the load to start").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static boolean hasRows(Statement st, String db, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + db
                + "' AND TABLE_NAME = '" + table + "'")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                return false;
            }
        }
        try (ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM `" + db + "`.`" + table + "`)")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    @Test
    void aTargetWaitTimeoutShorterThanTheLoadDoesNotEndTheRestore() throws Exception {
        MysqlServer target = freshTarget();
        target.execute("SET GLOBAL wait_timeout = 5");
        try (Connection c = patient(target);
                Statement st = c.createStatement()) {
            Launchers.Started run = restore(target, address(target));
            awaitLoadStarted(st, run);
            // the load waits on the lock; the restore's other connections sit idle past wait_timeout meanwhile
            st.execute("FLUSH TABLES WITH READ LOCK");
            Thread.sleep(8000);
            st.execute("UNLOCK TABLES");
            Launchers.Result r = run.await();
            assertThat(r.exitCode()).as(r.output()).isZero();
        }
        assertThat(History.checksums(target, history.db())).isEqualTo(history.checkpoint());
    }

    @Test
    void aLoadKilledHalfWaySkipsExactlyTheChunksAlreadyLoaded() throws Exception {
        MysqlServer target = freshTarget();
        long recorded;
        try (Connection c = patient(target);
                Statement st = c.createStatement()) {
            Launchers.Started run = restore(target, address(target));
            awaitLoadStarted(st, run);
            st.execute("FLUSH TABLES WITH READ LOCK"); // the chunk in flight waits: killed, it leaves nothing
            run.process().destroyForcibly();
            run.process().waitFor();
            st.execute("UNLOCK TABLES");
            recorded = loadedChunks(st);
        }
        assertThat(recorded).as("chunks recorded when the restore was killed").isPositive();
        Launchers.Result r = restore(target, address(target)).await();
        assertThat(r.exitCode()).as(r.output()).isZero();
        Matcher m =
                Pattern.compile("(?m)^load resumed  (\\d+) of (\\d+) chunks").matcher(r.output());
        assertThat(m.find()).as(r.output()).isTrue();
        assertThat(Long.parseLong(m.group(1))).isEqualTo(recorded);
        assertThat(Long.parseLong(m.group(1))).isLessThan(Long.parseLong(m.group(2)));
        assertThat(History.checksums(target, history.db())).isEqualTo(history.checkpoint());
    }

    @Test
    void aNetworkCutDuringTheLoadFailsOnTheSocketTimeoutInsteadOfHanging() throws Exception {
        MysqlServer target = freshTarget();
        try (TcpProxy proxy = new TcpProxy(target.host(), target.port());
                Connection c = patient(target);
                Statement st = c.createStatement()) {
            Launchers.Started run =
                    restore(target, "127.0.0.1:" + proxy.port(), "--socket-timeout", "3s", "--connect-timeout", "3s");
            awaitLoadStarted(st, run);
            proxy.freezeAll();
            boolean ended = run.process().waitFor(120, TimeUnit.SECONDS);
            String threads = ended ? "" : Launchers.threadDump(run.process().pid());
            if (!ended) {
                run.process().destroyForcibly();
            }
            assertThat(ended)
                    .as("the restore hangs on a silent network: %s\n%s", run.output(), threads)
                    .isTrue();
            assertThat(run.process().exitValue()).as(run.output()).isNotZero();
            assertThat(run.output()).contains("error[SNAPSHOT_LOAD_FAILED]");
        }
    }
}
