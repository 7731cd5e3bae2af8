package io.binlogpitr.bench;

import io.binlogpitr.common.gtid.GtidSet;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

/**
 * The baseline's replay: MySQL's own replication, GTID auto-positioned, on a target loaded from the dump. Sets
 * {@code gtid_purged} to the dump's GTID set, points the replica at the source, starts it and waits with
 * {@code WAIT_FOR_EXECUTED_GTID_SET} until it has executed the source's whole {@code gtid_executed}.
 */
final class ReplicaApplier {
    private final ProgressWriter progress;

    ReplicaApplier(ProgressWriter progress) {
        this.progress = progress;
    }

    /**
     * Makes {@code replica} continue from {@code dumpGtidSet}, the point its data was dumped at: {@code RESET
     * MASTER}, {@code SET GLOBAL gtid_purged}, {@code CHANGE REPLICATION SOURCE TO ... SOURCE_AUTO_POSITION=1}.
     */
    void configure(BenchTarget replica, BenchSource source, GtidSet dumpGtidSet) throws SQLException {
        replica.exec("RESET MASTER");
        replica.exec("SET GLOBAL gtid_purged = '" + dumpGtidSet + "'");
        replica.exec("CHANGE REPLICATION SOURCE TO SOURCE_HOST = '" + source.host() + "', SOURCE_PORT = "
                + source.port() + ", SOURCE_USER = '" + BenchSource.PITR_USER + "', SOURCE_PASSWORD = '"
                + BenchSource.PITR_PASSWORD + "', SOURCE_AUTO_POSITION = 1, GET_SOURCE_PUBLIC_KEY = 1");
    }

    /**
     * The replica's catch-up.
     *
     * @param nanos from {@code START REPLICA} until the replica had executed the source's whole set
     * @param receivedNanos from {@code START REPLICA} until the receiver had fetched all of it into the relay log
     *     (seen at a 1 s poll, so up to 1 s late); -1 if not seen before the end
     */
    record CatchUp(long nanos, long receivedNanos) {}

    /**
     * {@code START REPLICA}, then waits until the replica has executed {@code target}. Fails with the replica's
     * error if a replication thread stops.
     */
    CatchUp catchUp(BenchTarget replica, Connection waiter, GtidSet target, Duration timeout)
            throws SQLException, InterruptedException {
        GtidSet start = replica.gtidExecuted();
        long total = target.subtract(start).size();
        long begin = System.nanoTime();
        replica.exec("START REPLICA");
        long deadline = begin + timeout.toNanos();
        long received = -1;
        long nextReport = begin + 5_000_000_000L;
        try (Statement st = waiter.createStatement()) {
            while (true) {
                // returns 0 as soon as the set is executed, 1 after the timeout (in seconds)
                try (ResultSet rs = st.executeQuery("SELECT WAIT_FOR_EXECUTED_GTID_SET('" + target + "', 1)")) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        return new CatchUp(System.nanoTime() - begin, received);
                    }
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for the replica");
                }
                String error = replicationError(replica);
                if (!error.isEmpty()) {
                    throw new IllegalStateException("the replica stopped: " + error);
                }
                long now = System.nanoTime();
                if (received < 0 && receivedSet(replica).containsAll(target.subtract(start))) {
                    received = now - begin;
                    progress.progress(String.format(
                            Locale.ROOT,
                            "  replica receiver: all %,d transactions in the relay log after %.0f s",
                            total,
                            received / 1e9));
                }
                if (now > nextReport) {
                    long done = replica.gtidExecuted().subtract(start).size();
                    progress.progress(String.format(
                            Locale.ROOT,
                            "  replica applier: %,d / %,d transactions after %.0f s",
                            done,
                            total,
                            (now - begin) / 1e9));
                    nextReport = now + 5_000_000_000L;
                }
                if (now > deadline) {
                    throw new IllegalStateException("the replica did not apply " + total + " transactions in " + timeout
                            + ": " + replica.gtidExecuted().subtract(start).size() + " done");
                }
            }
        }
    }

    private static GtidSet receivedSet(BenchTarget replica) throws SQLException {
        return GtidSet.parse(
                replica.query("SELECT RECEIVED_TRANSACTION_SET FROM performance_schema.replication_connection_status")
                        .replaceAll("\\s", ""));
    }

    /** The receiver's or applier's last error if one of them stopped with one, else "". */
    static String replicationError(BenchTarget replica) throws SQLException {
        String io = replica.query("SELECT CONCAT(LAST_ERROR_NUMBER, ': ', LAST_ERROR_MESSAGE)"
                + " FROM performance_schema.replication_connection_status WHERE LAST_ERROR_NUMBER <> 0");
        String sql = replica.query("SELECT CONCAT(LAST_ERROR_NUMBER, ': ', LAST_ERROR_MESSAGE)"
                + " FROM performance_schema.replication_applier_status_by_worker WHERE LAST_ERROR_NUMBER <> 0"
                + " LIMIT 1");
        String coordinator = replica.query("SELECT CONCAT(LAST_ERROR_NUMBER, ': ', LAST_ERROR_MESSAGE)"
                + " FROM performance_schema.replication_applier_status_by_coordinator WHERE LAST_ERROR_NUMBER <> 0");
        StringBuilder sb = new StringBuilder();
        for (String e : new String[] {io, coordinator, sql}) {
            if (!e.isEmpty()) {
                sb.append(sb.length() == 0 ? "" : "; ").append(e);
            }
        }
        return sb.toString();
    }

    /** {@code STOP REPLICA}, so the replica lets go of the source before it is stopped. */
    void stop(BenchTarget replica) throws SQLException {
        replica.exec("STOP REPLICA");
    }
}
