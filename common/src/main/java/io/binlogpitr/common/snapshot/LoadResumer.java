package io.binlogpitr.common.snapshot;

import io.binlogpitr.common.snapshot.SnapshotManifest.Database;
import io.binlogpitr.common.snapshot.SnapshotManifest.Table;
import io.binlogpitr.common.sql.SqlLiteral;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries on a load that was interrupted: the chunks the {@link ChunkLedger} records are in (each was recorded in
 * the transaction that loaded it), the others left nothing behind, except a chunk larger than
 * {@link ChunkLoader#VERIFY_FIRST_ABOVE}, which commits in parts. So a table whose row count differs from the rows
 * of its recorded chunks is emptied and loaded again whole (its chunks forgotten first), every other table keeps
 * its recorded chunks. Views, routines, triggers and events are created after every chunk: any the interrupted run
 * created are dropped, to be created again.
 */
final class LoadResumer {
    private static final Logger LOG = LoggerFactory.getLogger(LoadResumer.class);

    private LoadResumer() {}

    /** What a resumed load skips: the recorded chunks of the tables that keep them. */
    record Kept(Set<String> chunkFiles, List<String> emptiedTables) {
        /** A first load keeps nothing. */
        static final Kept NONE = new Kept(Set.of(), List.of());

        /** The tasks still to load. */
        List<ParallelChunkLoad.Task> remaining(List<ParallelChunkLoad.Task> tasks) {
            return tasks.stream()
                    .filter(t -> !chunkFiles.contains(t.chunk().file()))
                    .toList();
        }

        /** Adds the rows of the kept chunks to the rows loaded per table. */
        void addRows(List<ParallelChunkLoad.Task> tasks, Map<String, AtomicLong> loaded) {
            for (ParallelChunkLoad.Task t : tasks) {
                if (chunkFiles.contains(t.chunk().file())) {
                    loaded.computeIfAbsent(
                                    ParallelChunkLoad.tableKey(t.targetSchema(), t.table()), k -> new AtomicLong())
                            .addAndGet(t.chunk().rows());
                }
            }
        }
    }

    /** Makes the target databases ready to carry on (their tables exist) and returns the chunks to skip. */
    static Kept prepare(Connection c, List<Database> databases, SnapshotLoadSettings settings, ChunkLedger ledger)
            throws SQLException {
        Set<String> recorded = ledger.loaded(c);
        Set<String> kept = new HashSet<>();
        List<String> emptied = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            for (Database db : databases) {
                String target = settings.targetName(db.name());
                dropSchemaObjects(st, target);
                for (Table table : db.tables()) {
                    List<SnapshotManifest.Chunk> in = table.chunks().stream()
                            .filter(ch -> recorded.contains(ch.file()))
                            .toList();
                    long expected =
                            in.stream().mapToLong(SnapshotManifest.Chunk::rows).sum();
                    String qualified = SqlLiteral.identifier(target) + "." + SqlLiteral.identifier(table.name());
                    long actual = count(st, qualified);
                    if (actual == expected) {
                        in.forEach(ch -> kept.add(ch.file()));
                        continue;
                    }
                    LOG.warn(
                            "{} holds {} rows, its recorded chunks {}: emptying it to load it again whole",
                            qualified,
                            actual,
                            expected);
                    ledger.forget(
                            c, in.stream().map(SnapshotManifest.Chunk::file).toList());
                    st.execute("TRUNCATE TABLE " + qualified);
                    emptied.add(qualified);
                }
            }
        }
        return new Kept(kept, emptied);
    }

    private static long count(Statement st, String qualified) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + qualified)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Drops the views, routines, triggers and events of {@code db}: the load creates them after the data. */
    private static void dropSchemaObjects(Statement st, String db) throws SQLException {
        List<String> drops = new ArrayList<>();
        String q = SqlLiteral.identifier(db) + ".";
        List<String> queries = List.of(
                "SELECT TABLE_NAME, 'VIEW' FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?",
                "SELECT TRIGGER_NAME, 'TRIGGER' FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?",
                "SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?",
                "SELECT EVENT_NAME, 'EVENT' FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?");
        for (String query : queries) {
            try (PreparedStatement ps = st.getConnection().prepareStatement(query)) {
                ps.setString(1, db);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        drops.add(
                                "DROP " + rs.getString(2) + " IF EXISTS " + q + SqlLiteral.identifier(rs.getString(1)));
                    }
                }
            }
        }
        for (String drop : drops) {
            LOG.info("carrying on an interrupted load: {}", drop);
            st.execute(drop);
        }
    }
}
