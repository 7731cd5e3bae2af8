package io.binlogpitr.restore.engine;

import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.restore.plan.RestorePoint;
import java.util.Map;
import java.util.Set;

/**
 * What {@code pitr-restore restore} was asked to do.
 *
 * @param databases source database names to restore; empty for all
 * @param tables source {@code db.table} names to restore; empty for all
 * @param renames source database name to target database name
 * @param force drop target databases that already hold something instead of refusing
 * @param loadThreads connections loading the snapshot in parallel
 * @param replayThreads with {@code perTransaction}, connections replaying in parallel (where the source's logical
 *     clock allows)
 * @param perTransaction one target transaction per source transaction, each under its own GTID (slower; names the
 *     exact transaction a failure is about); by default many are applied per target transaction
 */
public record RestoreOptions(
        RepositoryLayout repository,
        RestorePoint point,
        Set<String> databases,
        Set<String> tables,
        Map<String, String> renames,
        boolean force,
        int loadThreads,
        int replayThreads,
        boolean perTransaction) {

    public RestoreOptions {
        databases = Set.copyOf(databases);
        tables = Set.copyOf(tables);
        renames = Map.copyOf(renames);
    }

    /** True when only part of the snapshot is restored, or under other names. */
    public boolean partial() {
        return !databases.isEmpty() || !tables.isEmpty() || !renames.isEmpty();
    }

    /** The target name of a source database. */
    public String targetName(String database) {
        return renames.getOrDefault(database, database);
    }

    /** Whether a source database takes part in the restore. */
    public boolean includesDatabase(String database) {
        return (databases.isEmpty() || databases.contains(database))
                && (tables.isEmpty() || tables.stream().anyMatch(t -> t.startsWith(database + ".")));
    }

    /** Whether a source table takes part in the restore. */
    public boolean includesTable(String database, String table) {
        return includesDatabase(database) && (tables.isEmpty() || tables.contains(database + "." + table));
    }
}
