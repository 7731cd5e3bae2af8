package io.binlogpitr.common.schema;

import java.util.List;
import java.util.Optional;

/**
 * A base table as the schema history knows it at one point of the journal.
 *
 * @param database its database
 * @param table its name
 * @param columns every column, in table order (generated and invisible ones included, as the binlog has them)
 * @param primaryKey the primary key's column names in key order; empty when the table has none
 */
public record TableSchema(String database, String table, List<ColumnSchema> columns, List<String> primaryKey) {
    public TableSchema {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    /** The position of the column called {@code name} (case-insensitive), if there is one. */
    public Optional<Integer> indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).named(name)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    public TableSchema movedTo(String newDatabase, String newTable) {
        return new TableSchema(newDatabase, newTable, columns, primaryKey);
    }

    /** {@code db.table}. */
    public String qualifiedName() {
        return database + "." + table;
    }
}
