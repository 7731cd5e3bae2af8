package io.binlogpitr.restore.flashback;

import io.binlogpitr.common.binlog.BinlogColumn;
import io.binlogpitr.common.binlog.RawRow;
import io.binlogpitr.common.binlog.RowChange;
import io.binlogpitr.common.binlog.TableDefinition;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
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
 *
 * <p>{@code raw} is the journaled row the operation undoes, to apply the undo as row events instead of a statement
 * ({@link io.binlogpitr.common.binlog.RowsInverter}); null for the rows a cascade rebuilt (not in the binlog) and
 * for an operation restricted to fewer columns.
 */
public record InverseOp(Kind kind, TableDefinition table, Object[] expected, Object[] restore, RawRow raw) {

    public InverseOp(Kind kind, TableDefinition table, Object[] expected, Object[] restore) {
        this(kind, table, expected, restore, null);
    }

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
            case INSERT -> new InverseOp(Kind.DELETE, change.table(), r.after(), null, change.raw());
            case DELETE -> new InverseOp(Kind.INSERT, change.table(), null, r.before(), change.raw());
            case UPDATE -> new InverseOp(Kind.UPDATE, change.table(), r.after(), r.before(), change.raw());
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

    /**
     * The operation restricted to the columns {@code keep} accepts (located by every kept column when a key column
     * is left out); FLASHBACK_FAILED when none is kept.
     */
    public InverseOp keeping(java.util.function.Predicate<BinlogColumn> keep) {
        TableDefinition.Projection p = table.keeping(keep);
        if (p.from().size() == table.columns().size()) {
            return this;
        }
        if (p.from().isEmpty()) {
            throw new PitrException(
                    ErrorCode.FLASHBACK_FAILED,
                    qualifiedName() + " has none of the columns the change had; nothing was changed",
                    "the table was replaced since: restore the rows with 'pitr-restore restore --before-gtid ... "
                            + "--rename-db' and copy them by hand");
        }
        return new InverseOp(kind, p.table(), p.pick(expected), p.pick(restore));
    }

    public String qualifiedName() {
        return table.database() + "." + table.table();
    }
}
