package io.binlogpitr.common.snapshot;

import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.sql.JsonDocument;
import io.binlogpitr.common.sql.SqlColumn;
import io.binlogpitr.common.sql.SqlLiteral;
import io.binlogpitr.common.sql.ValueKind;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one chunk file into a table, by {@code LOAD DATA LOCAL INFILE} from a stream where the settings prefer it
 * and the target and connection allow it ({@link LoadMethod}), else through multi-row INSERTs. The file is checked
 * as it is read, in one transaction (a damaged one fails with SNAPSHOT_CORRUPT and none of its rows stay); a chunk
 * larger than {@link #VERIFY_FIRST_ABOVE} is checked first and inserted in transactions of bounded size. The session
 * is set up for a bulk load and left so: {@code foreign_key_checks=0}, {@code unique_checks=0},
 * {@code time_zone='+00:00'}, a strict {@code sql_mode} with {@code NO_AUTO_VALUE_ON_ZERO}, autocommit
 * off, and {@code sql_log_bin=0} unless the settings write the binlog — give the loader its own
 * connection. A failure rolls back the transaction in progress; the ones committed before it stay, so the
 * caller empties the table before loading the chunk again.
 */
public final class ChunkLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkLoader.class);
    private static final String SQL_MODE = "NO_AUTO_VALUE_ON_ZERO,STRICT_ALL_TABLES,ALLOW_INVALID_DATES";
    /** Compressed size above which a chunk is checked in a first pass and committed in parts. */
    static final long VERIFY_FIRST_ABOVE = 256L << 20;

    private final LoadSettings settings;

    public ChunkLoader(LoadSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** What {@link #loadChunk} did: the rows loaded and the method they went by. */
    public record Loaded(long rows, LoadMethod method) {}

    /** Work done on the load connection inside the chunk's transaction, just before it commits. */
    @FunctionalInterface
    public interface BeforeCommit {
        BeforeCommit NOTHING = c -> {};

        void run(Connection connection) throws SQLException;
    }

    /**
     * Loads {@code file} into the table of the same name in {@code targetSchema}.
     *
     * @param expectedCrc32c the CRC32C the manifest recorded, or -1 to rely on the file's own checksum
     * @return the rows loaded
     */
    public long load(Connection connection, Path file, long expectedCrc32c, String targetSchema)
            throws SQLException, IOException {
        return loadChunk(connection, file, expectedCrc32c, targetSchema).rows();
    }

    /**
     * Loads {@code file} into the table of the same name in {@code targetSchema}, by the preferred method of the
     * settings where it can be used (see {@link LoadMethod#LOAD_DATA_LOCAL}), else by INSERT.
     *
     * @param expectedCrc32c the CRC32C the manifest recorded, or -1 to rely on the file's own checksum
     */
    public Loaded loadChunk(Connection connection, Path file, long expectedCrc32c, String targetSchema)
            throws SQLException, IOException {
        return loadChunk(connection, file, expectedCrc32c, targetSchema, BeforeCommit.NOTHING);
    }

    /**
     * As {@link #loadChunk(Connection, Path, long, String)}, running {@code beforeCommit} in the transaction that
     * commits the chunk's last rows (its only one, unless the chunk is larger than {@link #VERIFY_FIRST_ABOVE}).
     */
    public Loaded loadChunk(
            Connection connection, Path file, long expectedCrc32c, String targetSchema, BeforeCommit beforeCommit)
            throws SQLException, IOException {
        // a chunk up to VERIFY_FIRST_ABOVE is loaded in one transaction and checked as it is read: a damaged one is
        // rolled back whole; a larger one is checked before a row is sent, then committed in parts
        boolean verifyFirst = Files.size(file) > VERIFY_FIRST_ABOVE;
        if (verifyFirst) {
            ChunkReader.verify(file, expectedCrc32c);
        }
        try (Statement st = connection.createStatement()) {
            Session session = prepareSession(st);
            connection.setAutoCommit(false);
            try {
                Loaded loaded = null;
                if (session.localInfile() && !verifyFirst) {
                    loaded = loadByLocalInfile(st, file, expectedCrc32c, targetSchema);
                }
                if (loaded == null) {
                    loaded = new Loaded(
                            loadByInsert(st, file, expectedCrc32c, targetSchema, session.statementBytes(), verifyFirst),
                            LoadMethod.INSERT);
                }
                beforeCommit.run(connection);
                connection.commit();
                return loaded;
            } catch (SQLException | IOException | RuntimeException e) {
                rollback(connection, e);
                if (!verifyFirst && !(e instanceof PitrException)) {
                    // read in one pass, a damaged file can fail as a value the target or the renderer refuses
                    // before its checksum is reached: name the damage, not its symptom
                    ChunkReader.verify(file, expectedCrc32c);
                }
                throw e;
            }
        }
    }

    /** Rolls back after {@code cause}; a connection already lost (a socket timeout) must not hide the cause. */
    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** The chunk by LOAD DATA LOCAL, or null (rolled back) if the server did not take it exactly or cannot. */
    private Loaded loadByLocalInfile(Statement st, Path file, long expectedCrc32c, String targetSchema)
            throws SQLException, IOException {
        try (ChunkReader reader = ChunkReader.open(file)) {
            if (!LocalInfileLoad.carries(reader.header())) {
                return null;
            }
            LocalInfileLoad.Outcome outcome = LocalInfileLoad.run(st, reader, targetSchema);
            checkCrc(file, reader, expectedCrc32c);
            if (outcome.exact()) {
                return new Loaded(outcome.rows(), LoadMethod.LOAD_DATA_LOCAL);
            }
        }
        st.getConnection().rollback();
        return null;
    }

    private long loadByInsert(
            Statement st, Path file, long expectedCrc32c, String targetSchema, int statementBytes, boolean verifyFirst)
            throws SQLException, IOException {
        try (ChunkReader reader = ChunkReader.open(file)) {
            long rows = insertAll(reader, st, targetSchema, statementBytes, verifyFirst);
            if (!verifyFirst) {
                checkCrc(file, reader, expectedCrc32c);
            }
            return rows;
        }
    }

    private static void checkCrc(Path file, ChunkReader reader, long expectedCrc32c) {
        if (expectedCrc32c >= 0 && reader.contentCrc32c() != expectedCrc32c) {
            throw ChunkReader.corrupt(
                    file,
                    "crc32c " + String.format("%08x", reader.contentCrc32c()) + " differs from the recorded "
                            + String.format("%08x", expectedCrc32c),
                    null);
        }
    }

    /** The INSERT statement size for this server, and whether LOAD DATA LOCAL can be used on this session. */
    private record Session(int statementBytes, boolean localInfile) {}

    private Session prepareSession(Statement st) throws SQLException {
        st.execute("SET SESSION foreign_key_checks = 0, unique_checks = 0, time_zone = '+00:00', sql_mode = '"
                + SQL_MODE + "'");
        if (!settings.writeBinlog()) {
            st.execute("SET SESSION sql_log_bin = 0");
        }
        boolean client =
                settings.method() == LoadMethod.LOAD_DATA_LOCAL && LocalInfileLoad.clientAllows(st.getConnection());
        if (client) {
            LocalInfileLoad.guard(st);
        }
        try (ResultSet rs = st.executeQuery("SELECT @@max_allowed_packet, @@global.local_infile")) {
            rs.next();
            long packet = rs.getLong(1) - 1024; // room for the last row's overshoot is the caller's
            int statementBytes = (int) Math.max(4096, Math.min(settings.statementBytes(), packet / 2));
            return new Session(statementBytes, client && rs.getLong(2) == 1);
        }
    }

    private long insertAll(
            ChunkReader reader, Statement st, String targetSchema, int statementBytes, boolean commitInParts)
            throws SQLException, IOException {
        ChunkHeader header = reader.header();
        List<SqlColumn> columns = header.columns();
        if (reader.version() == ChunkFormat.VERSION_TEXT_JSON
                && columns.stream().anyMatch(c -> c.kind() == ValueKind.JSON)) {
            LOG.warn(
                    "chunk of {}.{} is of chunk format 1, which kept JSON as text only: JSON scalars of type DECIMAL,"
                            + " UNSIGNED INTEGER, DATE, TIME, DATETIME, TIMESTAMP or OPAQUE in it were changed when the"
                            + " snapshot was taken (docs/snapshots.md); take a new snapshot to keep them",
                    header.schema(),
                    header.table());
        }
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
                Object value = decode(columns.get(i), row[i]);
                List<JsonDocument.Scalar> typed = reader.typed(i);
                SqlLiteral.append(sql, columns.get(i), typed.isEmpty() ? value : new JsonDocument(row[i], typed));
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
