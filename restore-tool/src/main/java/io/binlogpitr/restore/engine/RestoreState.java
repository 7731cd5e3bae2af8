package io.binlogpitr.restore.engine;

import io.binlogpitr.common.sql.SqlLiteral;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where a restore keeps its own progress on the target, so the same command run again after an interruption
 * (kill -9, a lost connection) carries on instead of starting over: the table {@code _pitr_restore.progress},
 * one row per restore (identified by a hash of the repository, snapshot, point and options), written with
 * {@code sql_log_bin=0} so it never reaches the target's binlog or its replicas.
 *
 * <p>Phases: LOADING (the snapshot is being loaded into the databases listed; {@code _pitr_restore.loaded_chunks}
 * lists the chunks already in, each recorded in the transaction that loaded it), REPLAYING, DONE. While replaying
 * without preserved GTIDs, {@code applied_index} (the journal index of the last applied transaction) is updated in
 * the same transaction as the replayed rows, so it is exact; with preserved GTIDs the target's
 * {@code gtid_executed} is the progress and the server itself skips what it already has.
 */
public final class RestoreState {
    public static final String SCHEMA = "_pitr_restore";
    static final String TABLE = SqlLiteral.identifier(SCHEMA) + ".`progress`";
    /** The snapshot chunks each restore has loaded ({@link RestoreChunkLedger}). */
    static final String CHUNKS = SqlLiteral.identifier(SCHEMA) + ".`loaded_chunks`";

    public enum Phase {
        LOADING,
        REPLAYING,
        DONE
    }

    /** A restore's row. */
    public record Row(String id, Phase phase, List<String> databases, long appliedIndex, long pendingDdlIndex) {}

    private RestoreState() {}

    /** Creates the schema and table when absent (not binlogged). */
    static void ensure(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_log_bin = 0");
            st.execute("CREATE DATABASE IF NOT EXISTS " + SqlLiteral.identifier(SCHEMA));
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (restore_id VARCHAR(64) NOT NULL PRIMARY KEY,"
                    + " description TEXT NOT NULL, phase VARCHAR(16) NOT NULL, target_databases TEXT NOT NULL,"
                    + " applied_index BIGINT NOT NULL DEFAULT -1, applied_gtid VARCHAR(200) NULL,"
                    + " pending_ddl_index BIGINT NOT NULL DEFAULT -1,"
                    + " updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6))"
                    + " ENGINE=InnoDB");
            st.execute("CREATE TABLE IF NOT EXISTS " + CHUNKS + " (restore_id VARCHAR(64) NOT NULL,"
                    + " chunk_file VARCHAR(700) NOT NULL,"
                    + " loaded_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),"
                    + " PRIMARY KEY (restore_id, chunk_file)) ENGINE=InnoDB");
        }
    }

    /** The row of restore {@code id}, if the target has one. */
    static Optional<Row> read(Connection c, String id) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                        + SCHEMA + "' AND TABLE_NAME = 'progress'")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                return Optional.empty();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT phase, target_databases, applied_index,"
                + " pending_ddl_index FROM " + TABLE + " WHERE restore_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String dbs = rs.getString(2);
                List<String> databases = dbs.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(dbs.split("\n")));
                return Optional.of(
                        new Row(id, Phase.valueOf(rs.getString(1)), databases, rs.getLong(3), rs.getLong(4)));
            }
        }
    }

    /**
     * Starts (or restarts) restore {@code id} in phase LOADING for the given target databases, with no chunk
     * loaded yet.
     */
    static void begin(Connection c, String id, String description, List<String> databases) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + CHUNKS + " WHERE restore_id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("REPLACE INTO " + TABLE
                + " (restore_id, description, phase, target_databases, applied_index, pending_ddl_index)"
                + " VALUES (?, ?, 'LOADING', ?, -1, -1)")) {
            ps.setString(1, id);
            ps.setString(2, description);
            ps.setString(3, String.join("\n", databases));
            ps.executeUpdate();
        }
    }

    static void phase(Connection c, String id, Phase phase) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET phase = ? WHERE restore_id = ?")) {
            ps.setString(1, phase.name());
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    /** Marks a DDL about to run: its effect cannot share a transaction with the progress row. */
    static void pendingDdl(Connection c, String id, long index) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE " + TABLE + " SET pending_ddl_index = ? WHERE restore_id = ?")) {
            ps.setLong(1, index);
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    /** The statement that marks a DDL as started (it cannot share a transaction with its progress row). */
    static String pendingSql(String id, long index) {
        return "UPDATE " + TABLE + " SET pending_ddl_index = " + index + " WHERE restore_id = '" + id + "'";
    }

    /** The statement that records a replayed transaction, sent inside that transaction. */
    static String appliedSql(String id, long index, String gtid) {
        return "UPDATE " + TABLE + " SET applied_index = " + index + ", applied_gtid = '" + gtid
                + "' WHERE restore_id = '" + id + "'";
    }
}
