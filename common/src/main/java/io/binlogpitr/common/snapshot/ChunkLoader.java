package io.binlogpitr.common.snapshot;

import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.sql.SqlColumn;
import io.binlogpitr.common.sql.SqlLiteral;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Loads one chunk file into a table through multi-row INSERTs, in transactions of bounded size. The file
 * checked as it is read, in one transaction (a damaged one fails with SNAPSHOT_CORRUPT and none of its rows stay). The session is
 * set up for a bulk load and left so: {@code foreign_key_checks=0}, {@code unique_checks=0},
 * {@code time_zone='+00:00'}, a strict {@code sql_mode} with {@code NO_AUTO_VALUE_ON_ZERO}, autocommit
 * off, and {@code sql_log_bin=0} unless the settings write the binlog — give the loader its own
 * connection. A failure rolls back the transaction in progress; the ones committed before it stay, so the
 * caller empties the table before loading the chunk again.
 */
public final class ChunkLoader {
    private static final String SQL_MODE = "NO_AUTO_VALUE_ON_ZERO,STRICT_ALL_TABLES,ALLOW_INVALID_DATES";
    /** Compressed size above which a chunk is checked in a first pass and committed in parts. */
    static final long VERIFY_FIRST_ABOVE = 256L << 20;

    private final LoadSettings settings;

    public ChunkLoader(LoadSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Loads {@code file} into the table of the same name in {@code targetSchema}.
     *
     * @param expectedCrc32c the CRC32C the manifest recorded, or -1 to rely on the file's own checksum
     * @return the rows loaded
     */
    public long load(Connection connection, Path file, long expectedCrc32c, String targetSchema)
            throws SQLException, IOException {
        // a chunk up to VERIFY_FIRST_ABOVE is loaded in one transaction and checked as it is read: a damaged one is
        // rolled back whole; a larger one is checked before a row is sent, then committed in parts
        boolean verifyFirst = Files.size(file) > VERIFY_FIRST_ABOVE;
        if (verifyFirst) {
            ChunkReader.verify(file, expectedCrc32c);
        }
        try (ChunkReader reader = ChunkReader.open(file);
                Statement st = connection.createStatement()) {
            int statementBytes = prepareSession(st);
            connection.setAutoCommit(false);
            try {
                long rows = insertAll(reader, st, targetSchema, statementBytes, verifyFirst);
                if (!verifyFirst && expectedCrc32c >= 0 && reader.contentCrc32c() != expectedCrc32c) {
                    throw ChunkReader.corrupt(
                            file,
                            "crc32c " + String.format("%08x", reader.contentCrc32c()) + " differs from the recorded "
                                    + String.format("%08x", expectedCrc32c),
                            null);
                }
                connection.commit();
                return rows;
            } catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                if (!verifyFirst && !(e instanceof PitrException)) {
                    // read in one pass, a damaged file can fail as a value the target or the renderer refuses
                    // before its checksum is reached: name the damage, not its symptom
                    ChunkReader.verify(file, expectedCrc32c);
                }
                throw e;
            }
        }
    }

    private int prepareSession(Statement st) throws SQLException {
        st.execute("SET SESSION foreign_key_checks = 0, unique_checks = 0, time_zone = '+00:00', sql_mode = '"
                + SQL_MODE + "'");
        if (!settings.writeBinlog()) {
            st.execute("SET SESSION sql_log_bin = 0");
        }
        try (ResultSet rs = st.executeQuery("SELECT @@max_allowed_packet")) {
            rs.next();
            long packet = rs.getLong(1) - 1024; // room for the last row's overshoot is the caller's
            return (int) Math.max(4096, Math.min(settings.statementBytes(), packet / 2));
        }
    }

    private long insertAll(
            ChunkReader reader, Statement st, String targetSchema, int statementBytes, boolean commitInParts)
            throws SQLException, IOException {
        ChunkHeader header = reader.header();
        List<SqlColumn> columns = header.columns();
        String prefix =
                "INSERT INTO " + SqlLiteral.identifier(targetSchema) + "." + SqlLiteral.identifier(header.table())
                        + columns.stream().map(SqlColumn::quotedName).collect(Collectors.joining(",", " (", ")"))
                        + " VALUES ";
        StringBuilder sql = new StringBuilder(statementBytes + statementBytes / 4);
        long rows = 0;
        long inTransaction = 0;
        byte[][] row;
        while ((row = reader.next()) != null) {
            sql.append(sql.length() == 0 ? prefix : ",").append('(');
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    sql.append(',');
                }
                SqlLiteral.append(sql, columns.get(i), decode(columns.get(i), row[i]));
            }
            sql.append(')');
            rows++;
            if (sql.length() >= statementBytes) {
                inTransaction += execute(st, sql);
                if (commitInParts && inTransaction >= settings.transactionBytes()) {
                    st.getConnection().commit();
                    inTransaction = 0;
                }
            }
        }
        if (sql.length() > 0) {
            execute(st, sql);
        }
        return rows;
    }

    private static int execute(Statement st, StringBuilder sql) throws SQLException {
        int length = sql.length();
        st.executeUpdate(sql.toString());
        sql.setLength(0);
        return length;
    }

    /** The chunk's bytes as the Java value {@link SqlLiteral} takes for the column's kind. */
    static Object decode(SqlColumn column, byte[] value) {
        if (value == null) {
            return null;
        }
        return switch (column.kind()) {
            case INTEGER, DECIMAL, TEMPORAL, YEAR -> new String(value, StandardCharsets.US_ASCII);
            case FLOAT -> ByteBuffer.wrap(value).getFloat();
            case DOUBLE -> ByteBuffer.wrap(value).getDouble();
            default -> value;
        };
    }
}
