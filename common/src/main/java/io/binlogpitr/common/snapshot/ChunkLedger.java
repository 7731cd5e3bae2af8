package io.binlogpitr.common.snapshot;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Set;

/**
 * Where a resumable load keeps the chunks it has loaded, on the target: each chunk is recorded in the same
 * transaction that loads its rows, so after an interruption the record says exactly which chunks are in. A load
 * run again skips those ({@link SnapshotLoader#load(SnapshotManifest, java.nio.file.Path, ChunkLedger, boolean)}).
 */
public interface ChunkLedger {
    /** Records nothing and remembers nothing: every load starts from the first chunk. */
    ChunkLedger NONE = new ChunkLedger() {
        @Override
        public Set<String> loaded(Connection c) {
            return Set.of();
        }

        @Override
        public void record(Connection c, String chunkFile) {}

        @Override
        public void forget(Connection c, Collection<String> chunkFiles) {}
    };

    /** The chunk files (as the manifest names them) recorded so far. */
    Set<String> loaded(Connection c) throws SQLException;

    /** Records {@code chunkFile} on {@code c}, inside the open transaction that loads its rows (not committed). */
    void record(Connection c, String chunkFile) throws SQLException;

    /** Forgets chunks whose table is emptied to be loaded again; committed before the table is emptied. */
    void forget(Connection c, Collection<String> chunkFiles) throws SQLException;
}
