package io.binlogpitr.common.snapshot;

import io.binlogpitr.common.sql.SqlColumn;
import java.util.List;
import java.util.Objects;

/** The head of a chunk file: which table the rows are from and the columns, in row order. */
public record ChunkHeader(String schema, String table, List<SqlColumn> columns) {
    public ChunkHeader {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a chunk of " + schema + "." + table + " needs at least one column");
        }
    }
}
