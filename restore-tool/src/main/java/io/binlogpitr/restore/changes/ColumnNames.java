package io.binlogpitr.restore.changes;

import io.binlogpitr.common.binlog.TableDefinition;
import io.binlogpitr.common.journal.TransactionHeader;

/** Supplies column names for tables whose TABLE_MAP did not carry them ({@code binlog_row_metadata=MINIMAL}). */
@FunctionalInterface
public interface ColumnNames {
    /** {@code table} with names, as of the transaction {@code header}; throws when they cannot be known. */
    TableDefinition named(TableDefinition table, TransactionHeader header);
}
