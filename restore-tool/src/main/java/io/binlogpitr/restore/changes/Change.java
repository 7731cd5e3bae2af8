package io.binlogpitr.restore.changes;

import io.binlogpitr.common.binlog.RawRow;
import io.binlogpitr.common.binlog.RowChange;
import io.binlogpitr.common.binlog.TableDefinition;

/**
 * One selected row change with the table definition (names included) in force when it happened.
 *
 * @param raw the row's raw bytes in the journal (to undo it as row events), or null when it has none
 */
public record Change(TableDefinition table, RowChange row, RawRow raw) {
    public Change(TableDefinition table, RowChange row) {
        this(table, row, null);
    }

    public String qualifiedName() {
        return table.database() + "." + table.table();
    }
}
