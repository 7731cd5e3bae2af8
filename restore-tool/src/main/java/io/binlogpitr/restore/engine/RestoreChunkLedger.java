package io.binlogpitr.restore.engine;

import io.binlogpitr.common.snapshot.ChunkLedger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The chunks one restore has loaded, in {@code _pitr_restore.loaded_chunks} on the target ({@link RestoreState}):
 * each row is written by the load connection inside the transaction that loads the chunk (with
 * {@code sql_log_bin=0}, as the load is), so the table says exactly which chunks are in after any interruption.
 */
record RestoreChunkLedger(String restoreId) implements ChunkLedger {
    @Override
    public Set<String> loaded(Connection c) throws SQLException {
        Set<String> files = new HashSet<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT chunk_file FROM " + RestoreState.CHUNKS + " WHERE restore_id = ?")) {
            ps.setString(1, restoreId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    files.add(rs.getString(1));
                }
            }
        }
        return files;
    }

    @Override
    public void record(Connection c, String chunkFile) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO " + RestoreState.CHUNKS + " (restore_id, chunk_file) VALUES (?, ?)")) {
            ps.setString(1, restoreId);
            ps.setString(2, chunkFile);
            ps.executeUpdate();
        }
    }

    @Override
    public void forget(Connection c, Collection<String> chunkFiles) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM " + RestoreState.CHUNKS + " WHERE restore_id = ? AND chunk_file = ?")) {
            for (String file : chunkFiles) {
                ps.setString(1, restoreId);
                ps.setString(2, file);
                ps.executeUpdate();
            }
        }
    }
}
