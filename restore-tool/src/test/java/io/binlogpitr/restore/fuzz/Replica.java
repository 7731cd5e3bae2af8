package io.binlogpitr.restore.fuzz;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.testing.MysqlServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The oracle: a real MySQL replica of the source by GTID auto-position. Its receiver runs all along; its applier
 * runs only on {@link #applyUntil}, which stops it right after a given GTID set, as MySQL itself applies it.
 */
final class Replica {
    static final String USER = "fuzz_repl";
    static final String PASSWORD = "repl-pw";

    private final MysqlServer server;

    private Replica(MysqlServer server) {
        this.server = server;
    }

    /** Configures {@code replica} to replicate {@code source} and starts its receiver thread only. */
    static Replica attach(MysqlServer replica, MysqlServer source) {
        // a MySQL replica's account, not the agent's (AgentAccount): replication needs no more
        source.createUser(USER, PASSWORD, "REPLICATION SLAVE, REPLICATION CLIENT");
        replica.execute(
                "CHANGE REPLICATION SOURCE TO SOURCE_HOST = '" + source.host() + "', SOURCE_PORT = " + source.port()
                        + ", SOURCE_USER = '" + USER + "', SOURCE_PASSWORD = '" + PASSWORD
                        + "', SOURCE_AUTO_POSITION = 1, GET_SOURCE_PUBLIC_KEY = 1",
                "START REPLICA IO_THREAD");
        return new Replica(replica);
    }

    MysqlServer server() {
        return server;
    }

    /**
     * Runs the applier until every transaction of {@code point} is applied ({@code START REPLICA SQL_THREAD UNTIL
     * SQL_AFTER_GTIDS}) and waits for it to stop; fails with the replica's own error if it stops on one.
     */
    void applyUntil(GtidSet point, Duration timeout) throws SQLException, InterruptedException {
        try (Connection c = server.connect(null);
                Statement st = c.createStatement()) {
            st.execute("START REPLICA SQL_THREAD UNTIL SQL_AFTER_GTIDS = '" + point + "'");
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = st.executeQuery("SHOW REPLICA STATUS")) {
                    if (!rs.next()) {
                        throw new IllegalStateException("the replica has no replication channel");
                    }
                    String sqlRunning = rs.getString("Replica_SQL_Running");
                    String ioError = rs.getString("Last_IO_Error");
                    String sqlError = rs.getString("Last_SQL_Error");
                    if (sqlError != null && !sqlError.isEmpty()) {
                        throw new IllegalStateException("the replica's applier stopped on: " + sqlError);
                    }
                    if (ioError != null && !ioError.isEmpty()) {
                        throw new IllegalStateException("the replica's receiver failed: " + ioError);
                    }
                    GtidSet executed =
                            GtidSet.parse(rs.getString("Executed_Gtid_Set").replace("\n", ""));
                    if ("No".equals(sqlRunning) && executed.containsAll(point)) {
                        return;
                    }
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("the replica did not reach " + point + " in " + timeout);
        }
    }
}
