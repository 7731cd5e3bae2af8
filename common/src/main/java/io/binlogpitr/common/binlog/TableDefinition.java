package io.binlogpitr.common.binlog;

import java.util.List;

/**
 * A TABLE_MAP event decoded in full: identity, every column, and the primary key when the source logged it
 * ({@code binlog_row_metadata=FULL}).
 *
 * @param tableId the id rows events refer to
 * @param database database name
 * @param table table name
 * @param columns every column, in table order
 * @param primaryKey indexes of the primary key columns, in key order; empty when unknown or none
 * @param namesLogged whether the event carried column names (FULL metadata)
 */
public record TableDefinition(
        long tableId,
        String database,
        String table,
        List<BinlogColumn> columns,
        List<Integer> primaryKey,
        boolean namesLogged) {

    /** Decodes a TABLE_MAP event, optional metadata included. */
    public static TableDefinition parse(byte[] tableMapEvent, FormatDescription fd) {
        throw new UnsupportedOperationException("stub");
    }

    /**
     * A copy with column names and primary key supplied from elsewhere (the snapshot's schema), for a source with
     * MINIMAL metadata. {@code names} must have one entry per column.
     */
    public TableDefinition withNames(List<String> names, List<Integer> primaryKey) {
        throw new UnsupportedOperationException("stub");
    }
}
