package io.binlogpitr.common.snapshot;

import io.binlogpitr.common.sql.SqlColumn;
import io.binlogpitr.common.sql.SqlLiteral;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Exports the rows of one table, or of one primary-key range of it, into one chunk file. The connection
 * must already be in the transaction that gives the snapshot its consistency (the caller's job); rows
 * are streamed, so memory stays bounded whatever the table's size. While exporting, the session's
 * {@code time_zone} is {@code '+00:00'} (TIMESTAMPs are written in UTC), and is put back afterwards.
 */
public final class TableChunkExporter {
    private final ChunkCompression compression;

    public TableChunkExporter(ChunkCompression compression) {
        this.compression = Objects.requireNonNull(compression, "compression");
    }

    /** Writes the rows of {@code table} within {@code range} to the new file {@code file}. */
    public ChunkInfo export(Connection connection, TableSpec table, KeyRange range, Path file)
            throws SQLException, IOException {
        String sql = selectSql(table, range);
        String zone = sessionTimeZone(connection);
        setTimeZone(connection, "+00:00");
        ChunkInfo info;
        try {
            info = exportRows(connection, table, range, sql, file);
        } catch (SQLException | IOException | RuntimeException e) {
            try {
                setTimeZone(connection, zone);
            } catch (SQLException restore) {
                e.addSuppressed(restore);
            }
            throw e;
        }
        setTimeZone(connection, zone);
        return info;
    }

    private ChunkInfo exportRows(Connection connection, TableSpec table, KeyRange range, String sql, Path file)
            throws SQLException, IOException {
        try (PreparedStatement ps =
                        connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                ChunkWriter writer = ChunkWriter.create(
                        file, compression, new ChunkHeader(table.schema(), table.table(), table.columns()))) {
            ps.setFetchSize(Integer.MIN_VALUE); // stream row by row
            List<Object> parameters = range.parameters();
            for (int i = 0; i < parameters.size(); i++) {
                ps.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<SqlColumn> columns = table.columns();
                byte[][] row = new byte[columns.size()][];
                while (rs.next()) {
                    for (int i = 0; i < row.length; i++) {
                        row[i] = value(rs, i + 1, columns.get(i));
                    }
                    writer.writeRow(row);
                }
            }
            return writer.finish();
        }
    }

    static String selectSql(TableSpec table, KeyRange range) {
        String columns =
                table.columns().stream().map(TableChunkExporter::expression).collect(Collectors.joining(", "));
        String sql = "SELECT " + columns + " FROM " + SqlLiteral.identifier(table.schema()) + "."
                + SqlLiteral.identifier(table.table());
        if (range.lower() == null && range.upper() == null) {
            return sql;
        }
        if (table.primaryKey().isEmpty()) {
            throw new IllegalArgumentException(
                    "table " + table.schema() + "." + table.table() + " has no primary key to take a range of");
        }
        List<String> key =
                table.primaryKey().stream().map(SqlLiteral::identifier).toList();
        return sql + " WHERE " + range.condition(key);
    }

    /** What to select so that the text or bytes received are exactly the stored value. */
    private static String expression(SqlColumn column) {
        String c = column.quotedName();
        return switch (column.kind()) {
                // the text protocol prints FLOAT with 6 digits; a DOUBLE prints in full and holds any float
            case FLOAT -> "CAST(" + c + " AS DOUBLE)";
                // the stored bytes in the column's character set, not converted to the connection's
            case TEXT -> "CAST(" + c + " AS BINARY)";
            case TEMPORAL -> "CAST(" + c + " AS CHAR)";
            case YEAR -> c + "+0";
            default -> c;
        };
    }

    private static byte[] value(ResultSet rs, int index, SqlColumn column) throws SQLException {
        switch (column.kind()) {
            case DECIMAL -> {
                BigDecimal d = rs.getBigDecimal(index); // getString would print 1E-9
                return d == null ? null : d.toPlainString().getBytes(StandardCharsets.US_ASCII);
            }
            case INTEGER, TEMPORAL, YEAR -> {
                // the text protocol's bytes as they came (ASCII digits, or the CAST's text): no parse and re-print
                return rs.getBytes(index);
            }
            case FLOAT -> {
                float f = (float) rs.getDouble(index);
                return rs.wasNull() ? null : ByteBuffer.allocate(4).putFloat(f).array();
            }
            case DOUBLE -> {
                double d = rs.getDouble(index);
                return rs.wasNull() ? null : ByteBuffer.allocate(8).putDouble(d).array();
            }
            default -> {
                return rs.getBytes(index);
            }
        }
    }

    static String sessionTimeZone(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT @@session.time_zone")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void setTimeZone(Connection connection, String zone) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SET time_zone = ?")) {
            ps.setString(1, zone);
            ps.execute();
        }
    }
}
