package io.binlogpitr.common.snapshot;

import io.binlogpitr.common.sql.SqlColumn;
import io.binlogpitr.common.sql.ValueKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A table to export: its stored columns in table order (generated columns left out, the server computes
 * them on load; invisible columns and columns with an expression default kept, each named explicitly by the
 * export and the load) and its primary key columns in key order (empty if it has none).
 */
public record TableSpec(String schema, String table, List<SqlColumn> columns, List<String> primaryKey) {
    public TableSpec {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    /** Reads the table's columns and primary key from {@code information_schema}. */
    public static TableSpec read(Connection connection, String schema, String table) throws SQLException {
        List<SqlColumn> columns = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT COLUMN_NAME, DATA_TYPE, CHARACTER_SET_NAME, EXTRA FROM information_schema.COLUMNS"
                        + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (isGenerated(rs.getString(4))) {
                        continue;
                    }
                    ValueKind kind = ValueKind.ofDataType(rs.getString(2));
                    String charset = kind == ValueKind.TEXT ? rs.getString(3) : null;
                    if (kind == ValueKind.TEXT && charset == null) {
                        // an ENUM/SET of a binary-charset table (CHARSET=binary): information_schema shows no
                        // character set, the values are the members' bytes
                        charset = "binary";
                    }
                    columns.add(new SqlColumn(rs.getString(1), kind, charset));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new SQLException("table " + schema + "." + table + " not found or has no stored columns");
        }
        return new TableSpec(schema, table, columns, primaryKey(connection, schema, table));
    }

    /**
     * Whether {@code information_schema.COLUMNS.EXTRA} names a generated column: {@code VIRTUAL GENERATED} or
     * {@code STORED GENERATED}, possibly with other words ({@code INVISIBLE}). {@code DEFAULT_GENERATED} (a
     * {@code DEFAULT CURRENT_TIMESTAMP} or {@code DEFAULT (expr)} column) is a stored column like any other.
     */
    static boolean isGenerated(String extra) {
        if (extra == null) {
            return false;
        }
        List<String> words = List.of(extra.toUpperCase(Locale.ROOT).trim().split("\\s+"));
        int at = words.indexOf("GENERATED");
        return at > 0
                && (words.get(at - 1).equals("VIRTUAL") || words.get(at - 1).equals("STORED"));
    }

    private static List<String> primaryKey(Connection connection, String schema, String table) throws SQLException {
        List<String> key = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                        + " AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        return key;
    }
}
