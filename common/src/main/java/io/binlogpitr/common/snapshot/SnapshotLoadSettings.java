package io.binlogpitr.common.snapshot;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link SnapshotLoader} loads a snapshot.
 *
 * @param threads chunks loaded at once, each on its own connection (1 to 64)
 * @param databases the snapshot's databases to load, by their names in the snapshot; empty for all of them
 * @param renames snapshot database name to target database name; databases not in the map keep their name
 * @param writeBinlog whether the target writes the load to its binlog; off ({@code sql_log_bin=0}, which needs
 *     SYSTEM_VARIABLES_ADMIN or SUPER) for a restore whose journal replay follows, or a replica seeded from it
 * @param enableEvents whether events recorded as ENABLE run on the target; by default they are created
 *     {@code DISABLE ON SLAVE} (shown as SLAVESIDE_DISABLED), so they do not write into a target that is being
 *     replayed to a point in time or fed by replication, and {@code ALTER EVENT ... ENABLE} brings them back
 * @param chunks statement and transaction sizes of each chunk's INSERTs and the preferred load method; its own
 *     binlog flag is ignored
 * @param tables {@code db.table} names (as in the snapshot) to load, empty for every table; when set, only those
 *     tables and their triggers are loaded (views, routines and events may need tables left out)
 * @param createdLater databases and {@code db.table} names that {@code databases}, {@code renames} or {@code
 *     tables} name and the snapshot does not hold, which the caller has found created after it (by the journal
 *     replay that follows the load): nothing is loaded for them, instead of refusing them; a snapshot database
 *     whose chosen tables are all created later is created empty (the replay creates them in it)
 */
public record SnapshotLoadSettings(
        int threads,
        Set<String> databases,
        Map<String, String> renames,
        boolean writeBinlog,
        boolean enableEvents,
        LoadSettings chunks,
        Set<String> tables,
        Set<String> createdLater) {

    private static final int MAX_THREADS = 64;
    private static final int MAX_NAME = 64;

    public SnapshotLoadSettings {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be between 1 and " + MAX_THREADS + ": " + threads);
        }
        Objects.requireNonNull(chunks, "chunks");
        databases = Set.copyOf(databases);
        tables = Set.copyOf(tables);
        createdLater = Set.copyOf(createdLater);
        renames = Map.copyOf(renames);
        Map<String, String> byTarget = new LinkedHashMap<>();
        renames.forEach((from, to) -> {
            checkName("rename source", from);
            checkName("rename target", to);
            String other = byTarget.put(to, from);
            if (other != null) {
                throw new IllegalArgumentException(
                        "databases " + other + " and " + from + " cannot both be renamed to " + to);
            }
        });
        databases.forEach(name -> checkName("database", name));
    }

    /** Four threads, every database under its own name, no binlog, events disabled, 1 MiB statements. */
    public static SnapshotLoadSettings defaults() {
        return new SnapshotLoadSettings(4, Set.of(), Map.of(), false, false, LoadSettings.DEFAULTS, Set.of(), Set.of());
    }

    public SnapshotLoadSettings withThreads(int n) {
        return new SnapshotLoadSettings(n, databases, renames, writeBinlog, enableEvents, chunks, tables, createdLater);
    }

    public SnapshotLoadSettings withDatabases(List<String> names) {
        return new SnapshotLoadSettings(
                threads, new LinkedHashSet<>(names), renames, writeBinlog, enableEvents, chunks, tables, createdLater);
    }

    public SnapshotLoadSettings withRenames(Map<String, String> oldToNew) {
        return new SnapshotLoadSettings(
                threads, databases, oldToNew, writeBinlog, enableEvents, chunks, tables, createdLater);
    }

    public SnapshotLoadSettings withBinlog(boolean write) {
        return new SnapshotLoadSettings(threads, databases, renames, write, enableEvents, chunks, tables, createdLater);
    }

    public SnapshotLoadSettings withEventsEnabled(boolean enable) {
        return new SnapshotLoadSettings(threads, databases, renames, writeBinlog, enable, chunks, tables, createdLater);
    }

    public SnapshotLoadSettings withChunkSettings(LoadSettings settings) {
        return new SnapshotLoadSettings(
                threads, databases, renames, writeBinlog, enableEvents, settings, tables, createdLater);
    }

    /** The name {@code database} of the snapshot gets on the target. */
    public SnapshotLoadSettings withTables(Set<String> dbDotTable) {
        return new SnapshotLoadSettings(
                threads, databases, renames, writeBinlog, enableEvents, chunks, dbDotTable, createdLater);
    }

    /** The same, with {@code names} (databases and {@code db.table}) created after the snapshot. */
    public SnapshotLoadSettings withCreatedLater(Set<String> names) {
        return new SnapshotLoadSettings(threads, databases, renames, writeBinlog, enableEvents, chunks, tables, names);
    }

    /** True when {@code db.table} is to be loaded. */
    public boolean loadsTable(String database, String table) {
        return tables.isEmpty() || tables.contains(database + "." + table);
    }

    public String targetName(String database) {
        return renames.getOrDefault(database, database);
    }

    /** The settings each {@link ChunkLoader} gets: these sizes, this binlog flag. */
    LoadSettings chunkSettings() {
        return new LoadSettings(chunks.statementBytes(), chunks.transactionBytes(), writeBinlog, chunks.method());
    }

    private static void checkName(String what, String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME || name.endsWith(" ")) {
            throw new IllegalArgumentException(
                    what + " name must be 1 to " + MAX_NAME + " characters and not end with a space: '" + name + "'");
        }
    }
}
