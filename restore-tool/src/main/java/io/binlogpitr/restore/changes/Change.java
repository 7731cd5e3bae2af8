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
        java.util.List<io.binlogpitr.common.binlog.BinlogColumn> kept = new java.util.ArrayList<>();
        java.util.List<Integer> from = new java.util.ArrayList<>();
        for (io.binlogpitr.common.binlog.BinlogColumn c : table.columns()) {
            if (c.name() == null || !generated.contains(c.name().toLowerCase(java.util.Locale.ROOT))) {
                from.add(c.index());
                kept.add(new io.binlogpitr.common.binlog.BinlogColumn(
                        kept.size(),
                        c.type(),
                        c.meta(),
                        c.nullable(),
                        c.name(),
                        c.unsigned(),
                        c.charset(),
                        c.enumOrSetValues(),
                        c.kind()));
            }
        }
        if (kept.size() == table.columns().size()) {
            return this;
        }
        java.util.List<Integer> key = new java.util.ArrayList<>();
        for (int k : table.primaryKey()) {
            int at = from.indexOf(k);
            if (at < 0) {
                key = java.util.List.of();
                break;
            }
            key.add(at);
        }
        TableDefinition t =
                new TableDefinition(table.tableId(), table.database(), table.table(), kept, key, table.namesLogged());
        // the raw row stays: it is the journaled row as a whole, which the row-event undo sends as it is
        return new Change(
                t, new RowChange(row.type(), pick(row.before(), from), pick(row.after(), from)), raw, Set.of());
    }

    private static Object[] pick(Object[] image, java.util.List<Integer> from) {
        if (image == null) {
            return null;
        }
        Object[] out = new Object[from.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = image[from.get(i)];
        }
        return out;
    }

    public String qualifiedName() {
        return table.database() + "." + table.table();
    }
}
