package io.binlogpitr.restore.flashback;

import io.binlogpitr.common.binlog.RowChange;
import io.binlogpitr.common.binlog.TableDefinition;
import io.binlogpitr.restore.changes.Change;
import java.util.ArrayList;
import java.util.List;

/**
 * The undo of one row change: what the row must hold now ({@code expected}; null: it must be absent) and what it
 * is set back to ({@code restore}; null: it is deleted).
 *
 * <ul>
 *   <li>an INSERT is undone by a DELETE of its after-image;
 *   <li>a DELETE by an INSERT of its before-image;
 *   <li>an UPDATE by an UPDATE located by its after-image, back to its before-image.
 * </ul>
 *
 * <p>The undo of what a foreign key cascaded to ({@link Cascades}) uses the same kinds, and {@link Kind#VERIFY}.
 */
public record InverseOp(Kind kind, TableDefinition table, Object[] expected, Object[] restore) {

    public enum Kind {
        INSERT,
        UPDATE,
        DELETE,
        /**
         * Nothing to run: the row must hold {@code expected} once the operations before it ran (a child row an ON
         * UPDATE CASCADE key puts back when the parent's undo runs on the target).
         */
        VERIFY
    }

    /** The undo of {@code change}. */
    public static InverseOp of(Change change) {
        RowChange r = change.row();
        return switch (r.type()) {
            case INSERT -> new InverseOp(Kind.DELETE, change.table(), r.after(), null);
            case DELETE -> new InverseOp(Kind.INSERT, change.table(), null, r.before());
            case UPDATE -> new InverseOp(Kind.UPDATE, change.table(), r.after(), r.before());
        };
    }

    /** The undo of a transaction's changes: each inverted, last change first. */
    public static List<InverseOp> undo(List<Change> changes) {
        List<InverseOp> out = new ArrayList<>(changes.size());
        for (int i = changes.size() - 1; i >= 0; i--) {
            out.add(of(changes.get(i)));
        }
        return out;
    }

    /** The image that locates the row: the expected one, or for an INSERT the one it restores. */
    public Object[] locator() {
        return expected != null ? expected : restore;
    }

    public String qualifiedName() {
        return table.database() + "." + table.table();
    }
}
