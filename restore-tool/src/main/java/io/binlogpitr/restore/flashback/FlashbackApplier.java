package io.binlogpitr.restore.flashback;

import io.binlogpitr.common.binlog.BinlogColumn;
import io.binlogpitr.common.binlog.RowSql;
import io.binlogpitr.common.binlog.TableDefinition;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.sql.SqlLiteral;
import io.binlogpitr.common.sql.ValueKind;
import io.binlogpitr.restore.engine.TargetConnections;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies undo operations to a live server in one transaction, checking each row first. For every operation the
 * row is read with {@code SELECT ... FOR UPDATE} by its key and compared column by column with the image the
 * journal says it holds now (character data byte for byte, not by collation); the undo runs only when it matches.
 * Under {@link OnConflict#FAIL} any conflict rolls everything back; the caller lists them.
 *
 * <p>On a table with triggers that the undo statement would fire, the undo goes as binlog row events instead
 * ({@link RowEventApplier}), after the same check: their own row changes are in the journal and undone with the
 * rest, and row events fire no trigger.
 *
 * <p>Columns are matched by name with the target's current table: a column dropped since the change is left out
 * (its values have nowhere to go, and are reported), a column added since keeps its value or default.
 */
public final class FlashbackApplier implements AutoCloseable {
    private static final int MAX_LISTED = 1000;

    private final Connection connection;
    private final OnConflict onConflict;
    private final TargetSchema schema;
    private Set<String> cascadesRebuilt = Set.of();
    private final Map<String, Set<String>> droppedColumns = new HashMap<>();
    private final RowEventApplier rowEvents;
    private final Set<String> rowEventTables = new java.util.TreeSet<>();
    private final List<Conflict> conflicts = new ArrayList<>();
    private boolean begun;
    private long conflictCount;
    private long applied;
    private long skipped;

    /**
     * What was done.
     *
     * @param asRowEvents of {@code applied}, the rows undone as row events (tables with triggers that statements
     *     would fire)
     * @param rowEventTables the tables ({@code db.table}) of those rows
     */
    public record Result(
            long applied,
            long skipped,
            long conflicts,
            Map<String, Set<String>> droppedColumns,
            long asRowEvents,
            Set<String> rowEventTables) {}

    private FlashbackApplier(Connection connection, OnConflict onConflict) {
        this.connection = connection;
        this.onConflict = onConflict;
        this.schema = new TargetSchema(connection);
        this.rowEvents = new RowEventApplier(connection);
    }

    /**
     * The parent tables ({@code db.table}) whose foreign key cascades were rebuilt and come with the undo; the undo
     * of a DELETE or a key UPDATE on any other table the target says has cascading foreign keys is refused.
     */
    public void cascadesRebuilt(Set<String> parents) {
        this.cascadesRebuilt = Set.copyOf(parents);
    }

    /**
     * Refuses, before anything runs, an undo that writes a table the target keeps in a non-transactional engine
     * (FLASHBACK_REFUSED naming the tables and their engines): the undo is one transaction, all or nothing.
     */
    public void checkTables(Flashback.UndoTables undo) {
        TargetRules.refuseNonTransactional(schema, undo);
    }

    /** Connects and sets the session up; the transaction begins with the first operation. */
    public static FlashbackApplier open(TargetConnections target, OnConflict onConflict) {
        Connection c = target.open();
        try {
            try (Statement st = c.createStatement()) {
                for (String s : SessionSetup.STATEMENTS) {
                    st.execute(s);
                }
            }
            return new FlashbackApplier(c, onConflict);
        } catch (SQLException e) {
            closeQuietly(c);
            throw failed("cannot prepare the target session", e);
        }
    }

    /** Checks the row {@code op} undoes and applies the undo when it matches (or as {@code onConflict} says). */
    public void apply(InverseOp op, Gtid gtid) {
        if (!begun) {
            begin(op);
        }
        TargetSchema.Table now = schema.table(op.table().database(), op.table().table());
        List<String> firing = TargetRules.firing(op, now);
        boolean asRowEvents = !firing.isEmpty();
        if (asRowEvents) {
            RowEventApplier.requireApplicable(op, now, firing);
        }
        InverseOp projected = project(op);
        TargetRules.refuseUnrebuiltCascades(op, now, cascadesRebuilt);
        try {
            Conflict conflict = check(projected, gtid);
            if (conflict == null) {
                conflict = TargetRules.referencingChildren(connection, projected, now, gtid);
            }
            if (conflict == null) {
                if (asRowEvents) {
                    rowEvents.apply(op, gtid);
                    rowEventTables.add(op.qualifiedName());
                } else if (projected.kind() != InverseOp.Kind.VERIFY) {
                    execute(projected, gtid, sql(projected));
                }
                applied++;
                return;
            }
            conflictCount++;
            if (conflicts.size() < MAX_LISTED) {
                conflicts.add(conflict);
            }
            if (onConflict == OnConflict.OVERWRITE) {
                TargetRules.refuseOverwrite(op, now, conflict);
                overwrite(projected, gtid);
                applied++;
            } else {
                skipped++;
            }
        } catch (SQLException e) {
            throw failed("undoing " + gtid + " on " + op.qualifiedName() + " failed", e);
        }
    }

    /**
     * Prepares the session for row events while no transaction is open (see {@link RowEventApplier#prepare}; the
     * first operation undoes a journaled row, whose FORMAT_DESCRIPTION it carries), then opens the transaction.
     */
    private void begin(InverseOp first) {
        try {
            if (first.raw() != null) {
                rowEvents.prepare(first.raw().fd());
            }
            connection.setAutoCommit(false);
            begun = true;
        } catch (SQLException e) {
            throw failed("cannot prepare the target session", e);
        }
    }

    /** The conflicts met so far (the first thousand). */
    public List<Conflict> conflicts() {
        return List.copyOf(conflicts);
    }

    /**
     * Commits, unless conflicts were met under {@link OnConflict#FAIL}: then rolls back and throws
     * FLASHBACK_CONFLICT.
     */
    public Result finish() {
        try {
            if (conflictCount > 0 && onConflict == OnConflict.FAIL) {
                connection.rollback();
                throw new PitrException(
                        ErrorCode.FLASHBACK_CONFLICT,
                        conflictCount + " row" + (conflictCount == 1 ? "" : "s")
                                + " changed since the changes being undone (listed above); nothing was changed",
                        "decide per row: --on-conflict skip leaves them and undoes the rest, --on-conflict overwrite"
                                + " sets them back anyway, or review --sql-out");
            }
            if (begun) {
                connection.commit();
            }
            return new Result(
                    applied,
                    skipped,
                    conflictCount,
                    Map.copyOf(droppedColumns),
                    rowEvents.applied(),
                    java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(rowEventTables)));
        } catch (SQLException e) {
            throw failed("commit failed", e);
        }
    }

    private Conflict check(InverseOp op, Gtid gtid) throws SQLException {
        TableDefinition t = op.table();
        if (op.kind() == InverseOp.Kind.INSERT && t.primaryKey().isEmpty()) {
            return null; // a table without a key may hold equal rows: nothing to check an absence against
        }
        Object[] image = op.locator();
        StringBuilder sql = new StringBuilder("SELECT ");
        List<BinlogColumn> columns = t.columns();
        for (int i = 0; i < columns.size(); i++) {
            BinlogColumn c = columns.get(i);
            if (i > 0) {
                sql.append(',');
            }
            if (op.expected() == null) {
                sql.append('1');
                break;
            }
            equality(sql, c, op.expected()[i]);
            sql.append(',').append(c.sqlColumn().quotedName());
        }
        sql.append(" FROM ").append(qualified(t)).append(" WHERE ");
        RowSql.locate(sql, t, image);
        sql.append(" LIMIT 1 FOR UPDATE");
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(sql.toString())) {
            boolean found = rs.next();
            String key = describeKey(t, image);
            if (op.expected() == null) {
                return found
                        ? new Conflict(gtid, op.qualifiedName(), key, "a row with this key exists again", List.of())
                        : null;
            }
            if (!found) {
                return new Conflict(gtid, op.qualifiedName(), key, "the row is gone", List.of());
            }
            List<Conflict.Difference> diffs = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                if (!rs.getBoolean(2 * i + 1)) {
                    BinlogColumn c = columns.get(i);
                    diffs.add(new Conflict.Difference(
                            c.name(), shorten(literal(c, op.expected()[i])), shorten(rs.getString(2 * i + 2))));
                }
            }
            return diffs.isEmpty() ? null : new Conflict(gtid, op.qualifiedName(), key, "the row differs", diffs);
        }
    }

    /** {@code col <=> value}, byte for byte for character data (a collation may equate 'a' and 'A'). */
    private static void equality(StringBuilder sql, BinlogColumn c, Object value) {
        if (c.kind() == ValueKind.TEXT) {
            sql.append("CAST(").append(c.sqlColumn().quotedName()).append(" AS BINARY) <=> CAST(");
            SqlLiteral.append(sql, c.sqlColumn(), value);
            sql.append(" AS BINARY)");
        } else {
            sql.append(c.sqlColumn().quotedName()).append(" <=> ");
            SqlLiteral.append(sql, c.sqlColumn(), value);
        }
    }

    private void overwrite(InverseOp op, Gtid gtid) throws SQLException {
        TableDefinition t = op.table();
        Object[] image = op.locator();
        // remove whatever holds the key now, then put the before-image back (nothing when undoing an INSERT)
        StringBuilder del =
                new StringBuilder("DELETE FROM ").append(qualified(t)).append(" WHERE ");
        RowSql.locate(del, t, image);
        del.append(" LIMIT 1");
        execute(op, gtid, del.toString(), false);
        Object[] back = op.kind() == InverseOp.Kind.VERIFY ? op.expected() : op.restore();
        if (back != null) {
            StringBuilder ins = new StringBuilder();
            RowSql.insert(ins, t, t.database(), back);
            execute(op, gtid, ins.toString(), true);
        }
    }

    private static String sql(InverseOp op) {
        StringBuilder sb = new StringBuilder(256);
        InverseSql.append(sb, op);
        return sb.toString();
    }

    private void execute(InverseOp op, Gtid gtid, String sql) throws SQLException {
        execute(op, gtid, sql, true);
    }

    private void execute(InverseOp op, Gtid gtid, String sql, boolean mustChange) throws SQLException {
        try (Statement st = connection.createStatement()) {
            int n = st.executeUpdate(sql);
            if (mustChange && n != 1) {
                throw new PitrException(
                        ErrorCode.FLASHBACK_FAILED,
                        "undoing " + gtid + " on " + op.qualifiedName() + " changed " + n + " rows, 1 expected;"
                                + " rolled back, nothing was changed",
                        "the row was checked under a lock, so this is a bug: report it with --sql-out's output");
            }
        }
    }

    /** The operation restricted to the columns the target's table still has. */
    private InverseOp project(InverseOp op) {
        TableDefinition t = op.table();
        TargetSchema.Table now = schema.table(t.database(), t.table());
        return op.keeping(c -> {
            String name = c.name().toLowerCase(java.util.Locale.ROOT);
            if (now.generated().contains(name)) {
                return false; // computed by the server from the base columns: never written, compared through them
            }
            if (!now.columns().contains(name)) {
                droppedColumns
                        .computeIfAbsent(op.qualifiedName(), k -> new LinkedHashSet<>())
                        .add(c.name());
                return false;
            }
            return true;
        });
    }

    private static String qualified(TableDefinition t) {
        return SqlLiteral.identifier(t.database()) + "." + SqlLiteral.identifier(t.table());
    }

    private static String describeKey(TableDefinition t, Object[] row) {
        StringBuilder sb = new StringBuilder();
        List<Integer> key = t.primaryKey();
        List<Integer> shown = new ArrayList<>(key);
        if (shown.isEmpty()) {
            for (int i = 0; i < Math.min(3, t.columns().size()); i++) {
                shown.add(i);
            }
        }
        for (int i : shown) {
            BinlogColumn c = t.columns().get(i);
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(c.name()).append('=').append(shorten(literal(c, row[i])));
        }
        return sb.toString();
    }

    private static String literal(BinlogColumn c, Object value) {
        return SqlLiteral.render(c.sqlColumn(), value);
    }

    private static String shorten(String s) {
        if (s == null) {
            return "NULL";
        }
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static PitrException failed(String what, SQLException e) {
        return new PitrException(
                ErrorCode.FLASHBACK_FAILED,
                what + ": " + PitrException.firstLine(e.getMessage()) + " (MySQL error " + e.getErrorCode()
                        + "); rolled back, nothing was changed",
                "fix the cause named above and run the same command again",
                e);
    }

    @Override
    public void close() {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // closing anyway
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing to do
        }
    }
}
