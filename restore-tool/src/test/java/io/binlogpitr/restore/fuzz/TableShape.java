package io.binlogpitr.restore.fuzz;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table as information_schema describes it: enough to write random rows into any table, corpus or generated.
 * {@code cascadeParent}: a foreign key of another table cascades (or sets NULL) when a row of this one is deleted.
 */
record TableShape(String db, String name, List<ColumnShape> columns, List<String> primaryKey, boolean cascadeParent) {

    /** One column; {@code writable} is false for generated columns. */
    record ColumnShape(
            String name,
            String dataType,
            String columnType,
            boolean nullable,
            boolean autoIncrement,
            boolean writable,
            long maxLength,
            int precision,
            int scale,
            String referencedTable,
            String referencedColumn) {

        boolean unsigned() {
            return columnType.contains("unsigned");
        }

        /** The members of an ENUM or SET, unquoted. */
        List<String> members() {
            String inner = columnType.substring(columnType.indexOf('(') + 1, columnType.lastIndexOf(')'));
            List<String> out = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            boolean in = false;
            for (int i = 0; i < inner.length(); i++) {
                char ch = inner.charAt(i);
                if (ch == '\'') {
                    if (in && i + 1 < inner.length() && inner.charAt(i + 1) == '\'') {
                        cur.append('\'');
                        i++;
                    } else if (in) {
                        out.add(cur.toString());
                        cur.setLength(0);
                        in = false;
                    } else {
                        in = true;
                    }
                } else if (in) {
                    cur.append(ch);
                }
            }
            return out;
        }
    }

    String qualified() {
        return DatabaseState.quote(db) + "." + DatabaseState.quote(name);
    }

    List<ColumnShape> writable() {
        return columns.stream().filter(ColumnShape::writable).toList();
    }

    /** The base tables of {@code db}, each with its columns in order and the first foreign key of each column. */
    static List<TableShape> read(Connection c, String db) throws SQLException {
        List<TableShape> out = new ArrayList<>();
        for (String[] t : DatabaseState.rows(
                c,
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = " + DatabaseState.literal(db)
                        + " AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
            out.add(readOne(c, db, t[0]));
        }
        return out;
    }

    static TableShape readOne(Connection c, String db, String table) throws SQLException {
        String where = " WHERE TABLE_SCHEMA = " + DatabaseState.literal(db) + " AND TABLE_NAME = "
                + DatabaseState.literal(table);
        List<ColumnShape> cols = new ArrayList<>();
        for (String[] r : DatabaseState.rows(
                c,
                "SELECT c.COLUMN_NAME, c.DATA_TYPE, c.COLUMN_TYPE, c.IS_NULLABLE,"
                        + " c.EXTRA, COALESCE(c.CHARACTER_MAXIMUM_LENGTH, 0), COALESCE(c.NUMERIC_PRECISION, 0),"
                        + " COALESCE(c.NUMERIC_SCALE, c.DATETIME_PRECISION, 0),"
                        + " (SELECT k.REFERENCED_TABLE_NAME FROM information_schema.KEY_COLUMN_USAGE k WHERE"
                        + "  k.TABLE_SCHEMA = c.TABLE_SCHEMA AND k.TABLE_NAME = c.TABLE_NAME AND k.COLUMN_NAME = c.COLUMN_NAME"
                        + "  AND k.REFERENCED_TABLE_NAME IS NOT NULL LIMIT 1),"
                        + " (SELECT k.REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE k WHERE"
                        + "  k.TABLE_SCHEMA = c.TABLE_SCHEMA AND k.TABLE_NAME = c.TABLE_NAME AND k.COLUMN_NAME = c.COLUMN_NAME"
                        + "  AND k.REFERENCED_TABLE_NAME IS NOT NULL LIMIT 1)"
                        + " FROM information_schema.COLUMNS c" + where.replace("TABLE_", "c.TABLE_")
                        + " ORDER BY c.ORDINAL_POSITION")) {
            String extra = r[4].toUpperCase(Locale.ROOT);
            boolean generated = extra.contains("VIRTUAL GENERATED") || extra.contains("STORED GENERATED");
            cols.add(new ColumnShape(
                    r[0],
                    r[1].toLowerCase(Locale.ROOT),
                    r[2].toLowerCase(Locale.ROOT),
                    r[3].equals("YES"),
                    extra.contains("AUTO_INCREMENT"),
                    !generated,
                    Long.parseLong(r[5]),
                    Integer.parseInt(r[6]),
                    Integer.parseInt(r[7]),
                    r[8],
                    r[9]));
        }
        List<String> pk = new ArrayList<>();
        for (String[] r : DatabaseState.rows(
                c,
                "SELECT COLUMN_NAME FROM information_schema.STATISTICS" + where
                        + " AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX")) {
            pk.add(r[0]);
        }
        boolean cascadeParent = !DatabaseState.rows(
                        c,
                        "SELECT 1 FROM information_schema.REFERENTIAL_CONSTRAINTS"
                                + " WHERE UNIQUE_CONSTRAINT_SCHEMA = " + DatabaseState.literal(db)
                                + " AND REFERENCED_TABLE_NAME = "
                                + DatabaseState.literal(table) + " AND DELETE_RULE IN ('CASCADE', 'SET NULL')")
                .isEmpty();
        return new TableShape(db, table, cols, pk, cascadeParent);
    }
}
