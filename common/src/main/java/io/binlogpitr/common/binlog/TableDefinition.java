package io.binlogpitr.common.binlog;

import java.util.ArrayList;
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

    public TableDefinition {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    /**
     * The table restricted to the columns {@code keep} accepts, renumbered in order; the primary key is kept when
     * every key column is, else it is empty (rows are then located by every kept column).
     *
     * @param table the restricted definition
     * @param from for each kept column, its index in the whole table
     */
    public record Projection(TableDefinition table, List<Integer> from) {
        public Projection {
            from = List.copyOf(from);
        }

        /** The image restricted to the kept columns; null stays null. */
        public Object[] pick(Object[] image) {
            if (image == null) {
                return null;
            }
            Object[] out = new Object[from.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = image[from.get(i)];
            }
            return out;
        }
    }

    /** See {@link Projection}. */
    public Projection keeping(java.util.function.Predicate<BinlogColumn> keep) {
        List<BinlogColumn> kept = new ArrayList<>();
        List<Integer> from = new ArrayList<>();
        for (BinlogColumn c : columns) {
            if (keep.test(c)) {
                from.add(c.index());
                kept.add(new BinlogColumn(
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
        List<Integer> key = new ArrayList<>();
        for (int k : primaryKey) {
            int at = from.indexOf(k);
            if (at < 0) {
                key = List.of();
                break;
            }
            key.add(at);
        }
        return new Projection(new TableDefinition(tableId, database, table, kept, key, namesLogged), from);
    }

    /** Decodes a TABLE_MAP event, optional metadata included. */
    public static TableDefinition parse(byte[] tableMapEvent, FormatDescription fd) {
        return TableMapDecoder.decode(tableMapEvent, fd);
    }

    /**
     * A copy with column names and primary key supplied from elsewhere (the snapshot's schema), for a source with
     * MINIMAL metadata. {@code names} must have one entry per column.
     */
    public TableDefinition withNames(List<String> names, List<Integer> primaryKey) {
        if (names.size() != columns.size()) {
            throw new IllegalArgumentException("table " + database + "." + table + " has " + columns.size()
                    + " columns in the binlog, " + names.size() + " names were supplied");
        }
        for (Integer k : primaryKey) {
            if (k == null || k < 0 || k >= columns.size()) {
                throw new IllegalArgumentException("primary key column index " + k + " is outside the " + columns.size()
                        + " columns of " + database + "." + table);
            }
        }
        List<BinlogColumn> named = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            String n = names.get(i);
            if (n == null || n.isEmpty()) {
                throw new IllegalArgumentException("no name for column " + (i + 1) + " of " + database + "." + table);
            }
            named.add(columns.get(i).withName(n));
        }
        return new TableDefinition(tableId, database, table, named, primaryKey, namesLogged);
    }

    /** Whether every column has a name (logged, or supplied with {@link #withNames}). */
    public boolean hasNames() {
        for (BinlogColumn c : columns) {
            if (c.name() == null) {
                return false;
            }
        }
        return true;
    }
}
