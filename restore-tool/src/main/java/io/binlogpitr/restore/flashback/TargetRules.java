package io.binlogpitr.restore.flashback;

import io.binlogpitr.common.binlog.BinlogColumn;
import io.binlogpitr.common.binlog.TableDefinition;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.sql.SqlLiteral;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What the target's triggers and foreign keys would do to an undo statement, checked before it runs. */
final class TargetRules {
    private TargetRules() {}

    /**
     * Refuses an operation whose statement would fire a trigger of the target: the trigger's own row changes are
     * in the journal and are undone with the rest, so firing it again would apply its effect twice.
     */
    static void refuseTriggers(InverseOp op, TargetSchema.Table now, OnConflict onConflict) {
        Set<InverseOp.Kind> kinds = EnumSet.of(op.kind());
        if (onConflict == OnConflict.OVERWRITE) {
            kinds.add(InverseOp.Kind.DELETE);
            kinds.add(InverseOp.Kind.INSERT);
        }
        List<String> firing = new ArrayList<>();
        for (TargetSchema.Trigger t : now.triggers()) {
            for (InverseOp.Kind k : kinds) {
                if (k != InverseOp.Kind.VERIFY && t.event().equals(k.name())) {
                    firing.add(t.name() + " (" + t.event() + ")");
                }
            }
        }
        if (!firing.isEmpty()) {
            throw new PitrException(
                    ErrorCode.FLASHBACK_REFUSED,
                    "the undo of " + op.qualifiedName() + " would fire its triggers " + String.join(", ", firing)
                            + " again: what they did is in the journal and is undone with the rest, so running them"
                            + " would apply it twice; nothing was changed",
                    "plain statements always fire triggers; review --sql-out (it names the tables with triggers) and"
                            + " run it while the triggers are dropped, or narrow the undo with --tables");
        }
    }

    /**
     * Refuses undoing a DELETE, or an UPDATE of a referenced key, on a table the target says has foreign keys that
     * cascade, when the cascaded child rows were not rebuilt: they are not in the binlog and would stay lost.
     */
    static void refuseUnrebuiltCascades(InverseOp op, TargetSchema.Table now, Set<String> rebuilt) {
        if (rebuilt.contains(op.qualifiedName())) {
            return;
        }
        Set<String> children = new TreeSet<>();
        for (ForeignKey k : now.referencedBy()) {
            boolean cascaded = op.kind() == InverseOp.Kind.INSERT
                    ? k.onDelete().changesChildren()
                    : op.kind() == InverseOp.Kind.UPDATE && k.onUpdate().changesChildren() && keyChanged(op, k);
            if (cascaded) {
                children.add(k.child());
            }
        }
        if (!children.isEmpty()) {
            throw new PitrException(
                    ErrorCode.FLASHBACK_REFUSED,
                    "the changes to " + op.qualifiedName() + " cascaded through foreign keys to rows of "
                            + String.join(", ", children) + ", which are not in the binlog, and no snapshot taken"
                            + " before the changes describes those keys to rebuild them from; nothing was changed",
                    "flashback rebuilds cascaded rows from the newest snapshot before the change: restore the tables"
                            + " with 'pitr-restore restore --before-gtid ... --rename-db' and copy the rows back");
        }
    }

    /**
     * A conflict when the undo would make the target cascade to child rows that reference the row now (rows added
     * since the change being undone): undoing an INSERT, or a key UPDATE under ON UPDATE SET NULL.
     */
    static Conflict referencingChildren(Connection connection, InverseOp op, TargetSchema.Table now, Gtid gtid)
            throws SQLException {
        if (op.kind() != InverseOp.Kind.DELETE && op.kind() != InverseOp.Kind.UPDATE) {
            return null;
        }
        for (ForeignKey k : now.referencedBy()) {
            boolean fires = op.kind() == InverseOp.Kind.DELETE
                    ? k.onDelete().changesChildren()
                    : k.onUpdate() == ForeignKey.Action.SET_NULL && keyChanged(op, k);
            if (!fires) {
                continue;
            }
            StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM ")
                    .append(SqlLiteral.identifier(k.childDatabase()))
                    .append('.')
                    .append(SqlLiteral.identifier(k.childTable()))
                    .append(" WHERE ");
            for (int j = 0; j < k.columns().size(); j++) {
                BinlogColumn c = column(op.table(), k.parentColumns().get(j));
                if (c == null) {
                    return null;
                }
                sql.append(j > 0 ? " AND " : "")
                        .append(SqlLiteral.identifier(k.columns().get(j)))
                        .append(" = ");
                SqlLiteral.append(sql, c.sqlColumn(), op.expected()[c.index()]);
            }
            try (Statement st = connection.createStatement();
                    ResultSet rs = st.executeQuery(sql.toString())) {
                rs.next();
                long n = rs.getLong(1);
                if (n > 0) {
                    return new Conflict(
                            gtid,
                            op.qualifiedName(),
                            k.parentColumns().toString(),
                            n + " rows of " + k.child() + " reference it now; the undo would cascade to them",
                            List.of());
                }
            }
        }
        return null;
    }

    private static boolean keyChanged(InverseOp op, ForeignKey k) {
        if (op.expected() == null || op.restore() == null) {
            return false;
        }
        for (String name : k.parentColumns()) {
            BinlogColumn c = column(op.table(), name);
            if (c == null) {
                return true;
            }
            String was = SqlLiteral.render(c.sqlColumn(), op.restore()[c.index()]);
            if (!was.equals(SqlLiteral.render(c.sqlColumn(), op.expected()[c.index()]))) {
                return true;
            }
        }
        return false;
    }

    private static BinlogColumn column(TableDefinition t, String name) {
        for (BinlogColumn c : t.columns()) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }
}
