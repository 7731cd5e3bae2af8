package io.binlogpitr.common.snapshot;

import io.binlogpitr.common.sql.JsonDocument;
import io.binlogpitr.common.sql.SqlColumn;
import io.binlogpitr.common.sql.SqlLiteral;
import io.binlogpitr.common.sql.ValueKind;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
        JsonTypeProbe probe = JsonTypeProbe.hasJson(table) ? firstPass(connection, table, range) : null;
        List<Integer> probed = probe == null ? List.of() : probe.probedColumns();
        String select = probed.isEmpty() ? sql : selectSql(table, range, probe.expressions());
        try (PreparedStatement ps =
                        connection.prepareStatement(select, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                ChunkWriter writer = ChunkWriter.create(
                        file, compression, new ChunkHeader(table.schema(), table.table(), table.columns()))) {
            ps.setFetchSize(Integer.MIN_VALUE); // stream row by row
            bind(ps, range);
            try (ResultSet rs = ps.executeQuery()) {
                List<SqlColumn> columns = table.columns();
                byte[][] row = new byte[columns.size()][];
                @SuppressWarnings("unchecked")
                List<JsonDocument.Scalar>[] typed = new List[columns.size()];
                while (rs.next()) {
                    for (int i = 0; i < row.length; i++) {
                        row[i] = value(rs, i + 1, columns.get(i));
                    }
                    for (int p = 0; p < probed.size(); p++) {
                        int c = probed.get(p);
                        typed[c] = probe.typed(c, row[c], rs.getString(row.length + 1 + p));
                    }
                    writer.writeRow(row, typed);
                }
            }
            return writer.finish();
        }
    }

    /**
     * Reads the chunk's JSON columns once, to find the paths whose JSON type the text may lose: the first pass of
     * {@link JsonTypeProbe}, inside the same consistent read as the export.
     */
    private static JsonTypeProbe firstPass(Connection connection, TableSpec table, KeyRange range) throws SQLException {
        JsonTypeProbe probe = new JsonTypeProbe(table);
        List<Integer> json = new ArrayList<>();
        for (int i = 0; i < table.columns().size(); i++) {
            if (table.columns().get(i).kind() == ValueKind.JSON) {
                json.add(i);
            }
        }
        TableSpec only = new TableSpec(
                table.schema(),
                table.table(),
                json.stream().map(table.columns()::get).toList(),
                table.primaryKey());
        try (PreparedStatement ps = connection.prepareStatement(
                selectSql(only, range), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(Integer.MIN_VALUE);
            bind(ps, range);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (int j = 0; j < json.size(); j++) {
                        probe.see(json.get(j), rs.getBytes(j + 1));
                    }
                }
            }
        }
        return probe;
    }

    private static void bind(PreparedStatement ps, KeyRange range) throws SQLException {
        List<Object> parameters = range.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            ps.setObject(i + 1, parameters.get(i));
        }
    }

    static String selectSql(TableSpec table, KeyRange range) {
        return selectSql(table, range, List.of());
    }

    /** The export's SELECT, with {@code extra} expressions selected after the columns. */
    static String selectSql(TableSpec table, KeyRange range, List<String> extra) {
        String columns = Stream.concat(table.columns().stream().map(TableChunkExporter::expression), extra.stream())
                .collect(Collectors.joining(", "));
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
