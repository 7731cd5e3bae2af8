package io.binlogpitr.restore.engine;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.restore.plan.RestorePoint;
import java.util.Map;
import java.util.Set;

/**
 * What {@code pitr-restore restore} was asked to do.
 *
 * @param databases source database names to restore; empty for all (but see {@code renames})
 * @param tables source {@code db.table} names to restore; empty for all
 * @param renames source database name to target database name; alone (no databases, no tables) it also chooses
 *     what is restored: {@code --rename-db shop=shop_before} restores database shop only, into shop_before
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
        for (Map.Entry<String, String> r : renames.entrySet()) {
            if (!databases.isEmpty() && !databases.contains(r.getKey())
                    || !tables.isEmpty() && tables.stream().noneMatch(t -> t.startsWith(r.getKey() + "."))) {
                throw new PitrException(
                        ErrorCode.USAGE,
                        "--rename-db " + r.getKey() + "=" + r.getValue() + " renames a database that "
                                + (tables.isEmpty() ? "--databases " + String.join(",", databases) : "--tables")
                                + " leaves out",
                        "add " + r.getKey() + " to --databases (or one of its tables to --tables), or drop the"
                                + " rename");
            }
        }
    }

    /** True when only part of the snapshot is restored, or under other names. */
    public boolean partial() {
        return !databases.isEmpty() || !tables.isEmpty() || !renames.isEmpty();
    }

    /** The target name of a source database. */
    public String targetName(String database) {
        return renames.getOrDefault(database, database);
    }

    /**
     * Whether a source database takes part in the restore: one of {@code databases}, one with a table in
     * {@code tables}; with neither, one of the renamed databases, or any when nothing is renamed either.
     */
    public boolean includesDatabase(String database) {
        if (databases.isEmpty() && tables.isEmpty()) {
            return renames.isEmpty() || renames.containsKey(database);
        }
        return (databases.isEmpty() || databases.contains(database))
                && (tables.isEmpty() || tables.stream().anyMatch(t -> t.startsWith(database + ".")));
    }

    /** Whether views, routines and events are restored too (they are not with {@code --tables}). */
    public boolean includesViewsAndRoutines() {
        return tables.isEmpty();
    }

    /** Whether a source table takes part in the restore. */
    public boolean includesTable(String database, String table) {
        return includesDatabase(database) && (tables.isEmpty() || tables.contains(database + "." + table));
    }
}
