package io.binlogpitr.restore.changes;

import io.binlogpitr.common.binlog.RawRow;
import io.binlogpitr.common.binlog.RowChange;
import io.binlogpitr.common.binlog.TableDefinition;
import java.util.Set;

/**
 * One selected row change with the table definition (names included) in force when it happened.
 *
 * @param raw the row's raw bytes in the journal (to undo it as row events), or null when it has none
 * @param generated the lower-case names of the table's generated (VIRTUAL or STORED) columns as the schema history
 *     has them at the change; empty when it has none or does not know the table (the binlog does not say)
 */
public record Change(TableDefinition table, RowChange row, RawRow raw, Set<String> generated) {
    public Change {
        generated = Set.copyOf(generated);
    }

    public Change(TableDefinition table, RowChange row) {
        this(table, row, null, Set.of());
    }

    public Change(TableDefinition table, RowChange row, RawRow raw) {
        this(table, row, raw, Set.of());
    }

    /**
     * The change without its generated columns, as a statement that writes it must be (MySQL refuses a value for a
     * generated column: error 3105); the primary key is kept when it has no generated column, else the row is
     * located by every column kept.
     */
    public Change withoutGenerated() {
        if (generated.isEmpty()) {
            return this;
        }
        TableDefinition.Projection p = table.keeping(
                c -> c.name() == null || !generated.contains(c.name().toLowerCase(java.util.Locale.ROOT)));
        if (p.from().size() == table.columns().size()) {
            return this;
        }
        // the raw row stays: it is the journaled row as a whole, which the row-event undo sends as it is
        return new Change(
                p.table(), new RowChange(row.type(), p.pick(row.before()), p.pick(row.after())), raw, Set.of());
    }

    public String qualifiedName() {
        return table.database() + "." + table.table();
    }
}
