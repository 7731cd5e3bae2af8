package io.binlogpitr.quickstart;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code CHECKSUM TABLE} and the row count of some tables of one database, keyed by table name without the database,
 * so that a restored copy under another name ({@code shop_before}) compares equal to the original.
 *
 * @param checksums per table, the checksum MySQL computes over every row and column
 * @param rows per table, its row count
 */
public record TableChecksums(Map<String, Long> checksums, Map<String, Long> rows) {
    /** The demo's tables, in the order they are shown. */
    public static final List<String> SHOP_TABLES = List.of("customers", "orders");

    public TableChecksums {
        checksums = Map.copyOf(checksums);
        rows = Map.copyOf(rows);
    }

    /** The statement {@link #read} runs, as a DBA would type it. */
    public static String statement(String database, List<String> tables) {
        StringBuilder sb = new StringBuilder("CHECKSUM TABLE ");
        for (int i = 0; i < tables.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(database).append('.').append(tables.get(i));
        }
        return sb.toString();
    }

    public static TableChecksums read(Connection c, String database, List<String> tables) throws SQLException {
        Map<String, Long> checksums = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery(statement(database, tables))) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    long checksum = rs.getLong(2);
                    if (rs.wasNull()) {
                        throw new SQLException("table " + table + " does not exist");
                    }
                    checksums.put(table.substring(table.indexOf('.') + 1), checksum);
                }
            }
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + database + "." + t)) {
                    rs.next();
                    rows.put(t, rs.getLong(1));
                }
            }
        }
        return new TableChecksums(checksums, rows);
    }

    public long checksum(String table) {
        return checksums.getOrDefault(table, -1L);
    }

    public long rows(String table) {
        return rows.getOrDefault(table, -1L);
    }
}
