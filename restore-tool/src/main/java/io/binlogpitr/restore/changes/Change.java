package io.binlogpitr.restore.changes;

import io.binlogpitr.common.binlog.RowChange;
import io.binlogpitr.common.binlog.TableDefinition;

/** One selected row change with the table definition (names included) in force when it happened. */
public record Change(TableDefinition table, RowChange row) {
    public String qualifiedName() {
        return table.database() + "." + table.table();
    }
}
