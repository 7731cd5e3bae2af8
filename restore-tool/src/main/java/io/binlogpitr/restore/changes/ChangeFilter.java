package io.binlogpitr.restore.changes;

import io.binlogpitr.common.binlog.RowChange;
import io.binlogpitr.common.ddl.DdlObject;
import io.binlogpitr.common.ddl.DdlObjects;
import io.binlogpitr.common.ddl.DdlScope;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.TransactionHeader;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which journaled changes {@code find}, {@code sql} and {@code flashback} select: transactions by original commit
 * time (both ends included) and/or GTID set, rows by database, table and change type.
 *
 * @param from first commit time included, or null
 * @param to last commit time included, or null
 * @param gtids the transactions to select, or null for any
 * @param databases databases to select (empty: all)
 * @param tables tables to select as {@code db.table} (empty: all); with databases too, a row must match both
 * @param types row change types to select (all three when none was named)
 * @param statements whether DDL and other statements are selected too (no type was named, or {@code ddl} was)
 */
public record ChangeFilter(
        Instant from,
        Instant to,
        GtidSet gtids,
        Set<String> databases,
        Set<String> tables,
        Set<RowChange.Type> types,
        boolean statements) {

    public ChangeFilter {
        databases = Set.copyOf(databases);
        tables = Set.copyOf(tables);
        types = types.isEmpty() ? EnumSet.noneOf(RowChange.Type.class) : EnumSet.copyOf(types);
    }

    /** Whether a transaction with this header is in the range (its rows are filtered further). */
    public boolean admits(TransactionHeader header) {
        long micros = header.originalCommitMicros();
        if (from != null && micros < toMicros(from)) {
            return false;
        }
        if (to != null && micros > toMicros(to)) {
            return false;
        }
        return gtids == null || gtids.contains(header.gtid());
    }

    /** Whether rows of {@code database.table} are selected. */
    public boolean admitsTable(String database, String table) {
        return (databases.isEmpty() || databases.contains(database))
                && (tables.isEmpty() || tables.contains(database + "." + table));
    }

    /** Whether a statement is selected ({@link #selects}). */
    public enum Selection {
        SELECTED,
        LEFT_OUT,
        /**
         * A {@code DROP TRIGGER} of a selected database with --tables whose table is not known: it may go with a
         * selected table. {@code find} shows it; {@code sql} refuses, as a --tables restore does.
         */
        TRIGGER_TABLE_UNKNOWN
    }

    /**
     * Whether a statement run with default database {@code database} (may be empty) is selected, with no trigger's
     * table known ({@link #selects}); a {@code DROP TRIGGER} whose table is unknown counts as selected.
     */
    public boolean admitsStatement(String database, String sql) {
        return selects(database, sql, 0, TriggerTables.NONE) != Selection.LEFT_OUT;
    }

    /**
     * Whether a statement run with default database {@code database} (may be empty) and sql_mode bits {@code
     * sqlMode} is selected: with database or table filters, when it names a selected table (or a database that holds
     * one), or with --databases any object of a selected database, as MySQL's grammar resolves its names ({@link
     * DdlObjects}). A {@code DROP TRIGGER} names only its trigger: with --tables it goes with the trigger's table as
     * {@code triggers} (the history before the statement) knows it, the same rule a --tables restore follows. A
     * statement the grammar cannot parse is selected (it may name one).
     */
    public Selection selects(String database, String sql, long sqlMode, TriggerTables triggers) {
        if (!statements) {
            return Selection.LEFT_OUT;
        }
        if (databases.isEmpty() && tables.isEmpty()) {
            return Selection.SELECTED;
        }
        DdlScope scope = DdlObjects.resolve(sql, database, sqlMode);
        if (scope.kind() == DdlScope.Kind.UNPARSEABLE) {
            return Selection.SELECTED;
        }
        java.util.Optional<DdlObject> trigger = TriggerTables.loneTrigger(scope);
        if (trigger.isPresent() && !tables.isEmpty()) {
            String db = trigger.get().database();
            if (!selectedDatabases().contains(db)) {
                return Selection.LEFT_OUT;
            }
            return triggers.table(trigger.get())
                    .map(t -> admitsTable(db, t) ? Selection.SELECTED : Selection.LEFT_OUT)
                    .orElse(Selection.TRIGGER_TABLE_UNKNOWN);
        }
        return scope.objects().stream().anyMatch(this::admitsObject) ? Selection.SELECTED : Selection.LEFT_OUT;
    }

    private boolean admitsObject(DdlObject o) {
        return switch (o.kind()) {
            case TABLE -> admitsTable(o.database(), o.name());
            case DATABASE -> selectedDatabases().contains(o.database());
            default -> tables.isEmpty() && databases.contains(o.database());
        };
    }

    private Set<String> selectedDatabases() {
        if (!databases.isEmpty()) {
            return databases;
        }
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String t : tables) {
            out.add(t.substring(0, t.indexOf('.')));
        }
        return out;
    }

    public boolean admitsType(RowChange.Type type) {
        return types.contains(type);
    }

    private static long toMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }
}
