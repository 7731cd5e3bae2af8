package io.binlogpitr.agent.snapshot;

import static io.binlogpitr.agent.snapshot.SnapshotConnections.execute;
import static io.binlogpitr.agent.snapshot.SnapshotConnections.row;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The locks a snapshot takes on its control connection, and the consistent point they give: {@code FLUSH TABLES
 * WITH READ LOCK} in short attempts, held while every worker opens its {@code START TRANSACTION WITH CONSISTENT
 * SNAPSHOT} and {@code @@GLOBAL.gtid_executed} is read (and while whatever must see the same point, such as the
 * export of non-transactional tables, runs); {@code LOCK INSTANCE FOR BACKUP} (BACKUP_ADMIN), probed first and then
 * taken inside the read lock, which keeps DDL out until {@link #unlockInstance()}. When a lock is not granted in
 * time, the error names the statements the source is running.
 */
final class SnapshotLocks {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotLocks.class);
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    private static final int ER_SPECIFIC_ACCESS_DENIED = 1227;
    /** The longest one attempt at the global read lock may keep writes waiting. */
    private static final long FTWRL_ATTEMPT_SECONDS = 1;

    private final Connection control;
    private final String id;
    private final Duration lockWaitTimeout;

    /** What runs at the consistent point while the read lock is still held; its result comes back with the point. */
    interface UnderLock<T> {
        T run() throws SQLException, IOException, InterruptedException;
    }

    /** The consistent point, and what ran under the read lock gave. */
    record Locked<T>(ConsistentPoint point, T underLock) {}

    SnapshotLocks(Connection control, String id, Duration lockWaitTimeout) {
        this.control = control;
        this.id = id;
        this.lockWaitTimeout = lockWaitTimeout;
    }

    /**
     * Whether the account may take {@code LOCK INSTANCE FOR BACKUP}: tried and released at once. The lock is taken
     * for real inside the global read lock ({@link #consistentPoint}); taken before it, a DDL that already holds the
     * global intention lock and waits for the backup lock would close a cycle with the read lock, and MySQL would
     * fail that DDL with a deadlock error.
     */
    boolean mayLockInstanceForBackup() throws SQLException {
        try {
            execute(control, "SET SESSION lock_wait_timeout = " + lockWaitSeconds());
            execute(control, "LOCK INSTANCE FOR BACKUP");
            execute(control, "UNLOCK INSTANCE");
            return true;
        } catch (SQLException e) {
            if (e.getErrorCode() == ER_SPECIFIC_ACCESS_DENIED) {
                LOG.warn("the agent's account lacks BACKUP_ADMIN, so DDL is not held back during the snapshot;"
                        + " a DDL meanwhile fails the snapshot (GRANT BACKUP_ADMIN ON *.* to avoid it)");
                return false;
            }
            if (e.getErrorCode() == ER_LOCK_WAIT_TIMEOUT) {
                throw lockTimeout(longRunning(), "LOCK INSTANCE FOR BACKUP (a DDL statement is running)", 1);
            }
            throw e;
        }
    }

    /**
     * Takes the consistent point: the workers' transactions open and the GTID set is read under the global read
     * lock, then {@code underLock} runs, then the lock is released (also when something failed). With
     * {@code ddlLock}, {@code LOCK INSTANCE FOR BACKUP} is taken under the read lock and stays held.
     *
     * <p>FLUSH TABLES WITH READ LOCK is asked in attempts of {@link #FTWRL_ATTEMPT_SECONDS}: while it waits, writes
     * queue behind it, and it can wait on a statement that itself waits for a row lock of an idle transaction, which
     * cannot commit because its next statement queues behind the read lock (a deadlock only a timeout breaks). A
     * short attempt breaks it quickly; the next usually succeeds. Gives up after {@code snapshots.lockWaitTimeout} in
     * all.
     */
    <T> Locked<T> consistentPoint(List<Connection> workers, boolean ddlLock, UnderLock<T> underLock)
            throws SQLException, IOException, InterruptedException {
        execute(control, "SET SESSION lock_wait_timeout = " + FTWRL_ATTEMPT_SECONDS);
        long deadline = System.nanoTime() + lockWaitTimeout.toNanos();
        long blockedBefore = 0;
        long asked;
        for (int attempt = 1; ; attempt++) {
            asked = System.nanoTime();
            try {
                execute(control, "FLUSH TABLES WITH READ LOCK");
                break;
            } catch (SQLException e) {
                if (e.getErrorCode() == ER_SPECIFIC_ACCESS_DENIED) {
                    throw new PitrException(
                            ErrorCode.SOURCE_PREREQUISITES,
                            "the agent's account may not run FLUSH TABLES WITH READ LOCK, which a consistent"
                                    + " snapshot needs for a moment",
                            "GRANT RELOAD ON *.* TO the agent's account (see docs/agent.md, privileges)",
                            e);
                }
                if (e.getErrorCode() != ER_LOCK_WAIT_TIMEOUT) {
                    throw e;
                }
                blockedBefore += System.nanoTime() - asked;
                String holders = longRunning();
                if (System.nanoTime() + TimeUnit.SECONDS.toNanos(FTWRL_ATTEMPT_SECONDS) > deadline) {
                    throw lockTimeout(holders, "FLUSH TABLES WITH READ LOCK", attempt);
                }
                LOG.warn(
                        "snapshot {}: FLUSH TABLES WITH READ LOCK not granted within {} s (attempt {}); writes"
                                + " waited behind it meanwhile; statements running: {}; trying again",
                        id,
                        FTWRL_ATTEMPT_SECONDS,
                        attempt,
                        holders);
                Thread.sleep(Math.min(200L * attempt, 2000)); // let the queued writes through
            }
        }
        long locked = System.nanoTime();
        String gtid;
        T result;
        try {
            if (ddlLock) {
                // no DDL runs now (the read lock waited for them): from here to UNLOCK INSTANCE none can start
                execute(control, "LOCK INSTANCE FOR BACKUP");
            }
            for (Connection w : workers) {
                execute(w, "START TRANSACTION WITH CONSISTENT SNAPSHOT");
            }
            gtid = row(control, "SELECT @@GLOBAL.gtid_executed")[0];
            result = underLock.run();
        } finally {
            execute(control, "UNLOCK TABLES");
        }
        long released = System.nanoTime();
        ConsistentPoint point = new ConsistentPoint(
                GtidSet.parse(gtid.replace("\n", "")).toString(),
                ddlLock,
                (locked - asked) / 1_000_000,
                (blockedBefore + released - asked) / 1_000_000);
        LOG.info(
                "snapshot {}: consistent point taken; writes were blocked for {} ms ({} ms waiting for the"
                        + " global read lock); GTID set {}",
                id,
                point.blockedMillis(),
                point.lockWaitMillis(),
                GtidSet.parse(point.gtidSet()).abbreviated());
        return new Locked<>(point, result);
    }

    /** Lets DDL run again, after a snapshot taken with {@code ddlLock}. */
    void unlockInstance() throws SQLException {
        execute(control, "UNLOCK INSTANCE");
    }

    private long lockWaitSeconds() {
        return Math.max(1, lockWaitTimeout.toSeconds());
    }

    private PitrException lockTimeout(String holders, String what, int attempts) {
        return new PitrException(
                ErrorCode.SNAPSHOT_FAILED,
                "could not get " + what + " within " + lockWaitSeconds() + " s (" + attempts
                        + (attempts == 1 ? " attempt" : " attempts") + "); statements running: " + holders
                        + "; nothing was kept",
                "let long statements and transactions finish (or raise snapshots.lockWaitTimeout), then take"
                        + " the snapshot again; while the snapshot waits for this lock, writes wait too");
    }

    private String longRunning() {
        try (Statement st = control.createStatement();
                ResultSet rs = st.executeQuery("SELECT ID, USER, TIME, LEFT(COALESCE(INFO, ''), 60)"
                        + " FROM information_schema.PROCESSLIST WHERE COMMAND NOT IN ('Sleep', 'Daemon',"
                        + " 'Binlog Dump', 'Binlog Dump GTID') AND ID <> CONNECTION_ID() ORDER BY TIME DESC"
                        + " LIMIT 3")) {
            List<String> found = new ArrayList<>();
            while (rs.next()) {
                found.add("id " + rs.getLong(1) + " (" + rs.getString(2) + ", " + rs.getLong(3) + " s: "
                        + rs.getString(4) + ")");
            }
            return found.isEmpty()
                    ? "none visible to this account (GRANT PROCESS to see other sessions)"
                    : String.join(", ", found);
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
