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
     * The triggers of the target (as {@code name (EVENT)}) that the statement undoing {@code op} would fire. Their
     * own row changes are in the journal and are undone with the rest, so firing them again would apply their
     * effect twice: such an undo goes as row events ({@link RowEventApplier}), which fire none.
     */
    static List<String> firing(InverseOp op, TargetSchema.Table now) {
        return firing(EnumSet.of(op.kind()), now);
    }

    private static List<String> firing(Set<InverseOp.Kind> kinds, TargetSchema.Table now) {
        List<String> firing = new ArrayList<>();
        for (TargetSchema.Trigger t : now.triggers()) {
            for (InverseOp.Kind k : kinds) {
                if (k != InverseOp.Kind.VERIFY && t.event().equals(k.name())) {
                    firing.add(t.name() + " (" + t.event() + ")");
                }
            }
        }
        return firing;
    }

    /**
     * Refuses overwriting a conflicting row ({@code --on-conflict overwrite}: a DELETE of what holds its key now,
     * then an INSERT of the image) when those statements would fire triggers of the target. The row as it is now
     * is not in the journal, so there is no row event to remove it with either.
     */
    static void refuseOverwrite(InverseOp op, TargetSchema.Table now, Conflict conflict) {
        List<String> firing = firing(EnumSet.of(InverseOp.Kind.DELETE, InverseOp.Kind.INSERT), now);
        if (firing.isEmpty()) {
            return;
        }
        throw new PitrException(
                ErrorCode.FLASHBACK_REFUSED,
                "the row " + conflict.key() + " of " + op.qualifiedName() + " changed since (" + conflict.problem()
                        + "), and --on-conflict overwrite would set it back with a DELETE and an INSERT, which fire its"
                        + " triggers " + String.join(", ", firing) + "; nothing was changed",
                "--on-conflict skip leaves such rows as they are and undoes the rest; or review --sql-out and set"
                        + " them back by hand");
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
     * Refuses an undo that writes a table whose engine on the target is not transactional (MyISAM, MEMORY ...),
     * before anything runs: the undo is one transaction so that it is all or nothing, which such a table cannot take
     * part in (its changes are not rolled back, and with {@code enforce_gtid_consistency} MySQL refuses them inside
     * a transaction, error 1785).
     */
    static void refuseNonTransactional(TargetSchema schema, Flashback.UndoTables undo) {
        java.util.Map<String, String> refused = new java.util.TreeMap<>();
        Set<String> others = new TreeSet<>();
        for (String t : undo.tables()) {
            int dot = t.indexOf('.');
            TargetSchema.Engine e = schema.engine(t.substring(0, dot), t.substring(dot + 1));
            if (e != null && !e.transactional()) {
                refused.put(t, e.name());
            } else {
                others.add(t);
            }
        }
        if (refused.isEmpty()) {
            return;
        }
        List<String> named = new ArrayList<>();
        Set<String> engines = new TreeSet<>();
        Set<String> databases = new TreeSet<>();
        for (java.util.Map.Entry<String, String> r : refused.entrySet()) {
            named.add(r.getKey() + " (" + r.getValue() + ")");
            engines.add(r.getValue());
            databases.add(r.getKey().substring(0, r.getKey().indexOf('.')));
        }
        String engine = String.join("/", engines);
        List<String> renames = new ArrayList<>();
        for (String d : databases) {
            renames.add(d + "=" + d + "_before");
        }
        String restore = "restore " + (refused.size() == 1 ? "it" : "them") + " beside the live database with"
                + " 'pitr-restore restore --repo DIR --before-gtid " + undo.first() + " --tables "
                + String.join(",", refused.keySet()) + " --rename-db " + String.join(",", renames)
                + " --target HOST:PORT --target-user USER' and copy the rows back by hand";
        String hint = undo.cascaded() || others.isEmpty()
                ? restore
                : "to undo the other tables only, name them: --tables " + String.join(",", others) + "; or " + restore;
        throw new PitrException(
                ErrorCode.FLASHBACK_REFUSED,
                (undo.cascaded() ? "the foreign key cascades put back would write" : "the undo would write")
                        + " non-transactional table" + (refused.size() == 1 ? " " : "s ") + String.join(", ", named)
                        + " on the target: flashback undoes everything in one transaction so that it is all or"
                        + " nothing, and a " + engine + " table cannot take part (its changes are not rolled back;"
                        + " with enforce_gtid_consistency MySQL refuses them inside a transaction, error 1785);"
                        + " nothing was changed",
                hint);
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
