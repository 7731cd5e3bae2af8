package io.binlogpitr.agent.stream;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A column of a live table, as INFORMATION_SCHEMA describes it. */
record LiveColumn(
        String name,
        String dataType,
        String columnType,
        boolean unsigned,
        String charset,
        long octetLength,
        boolean primaryKey) {

    static List<LiveColumn> of(Connection c, String database, String table) throws SQLException {
        String sql =
                "SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, CHARACTER_SET_NAME, CHARACTER_OCTET_LENGTH, COLUMN_KEY"
                        + " FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION";
        List<LiveColumn> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String columnType = rs.getString(3).toLowerCase();
                    columns.add(new LiveColumn(
                            rs.getString(1),
                            rs.getString(2).toLowerCase(),
                            columnType,
                            columnType.contains("unsigned"),
                            rs.getString(4),
                            rs.getLong(5),
                            "PRI".equals(rs.getString(6))));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new SQLException("table " + database + "." + table + " not found in INFORMATION_SCHEMA");
        }
        return columns;
    }

    String quotedName() {
        return "`" + name.replace("`", "``") + "`";
    }
}
