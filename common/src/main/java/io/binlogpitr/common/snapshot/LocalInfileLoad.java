package io.binlogpitr.common.snapshot;

import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.conf.PropertySet;
import com.mysql.cj.conf.RuntimeProperty;
import com.mysql.cj.jdbc.JdbcConnection;
import com.mysql.cj.jdbc.JdbcStatement;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.sql.SqlColumn;
import io.binlogpitr.common.sql.SqlLiteral;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chunk through {@code LOAD DATA LOCAL INFILE}, fed from a {@link LocalInfileStream} (no file is written or
 * read). With LOCAL the server turns errors about values into warnings and skips duplicate keys, so the outcome is
 * accepted only if the server reports no warning at all and as many rows as were sent; otherwise the caller rolls
 * back and loads the chunk by INSERT, whose strict mode names the problem.
 *
 * <p>Connector/J sends the stream the session has been given when the server asks for a file, whatever file name it
 * asks for, but only while {@code allowLoadLocalInfile} is set; otherwise it reads the named file if it lies in
 * {@code allowLoadLocalInfileInPath}. {@code pitr-restore} connects with only the latter, naming an empty private
 * directory, and {@link #run} sets the former for its one statement; {@link #guard} gives a session that allows
 * local data all the time (a test's) an empty stream between loads. Either way the server can read nothing of this
 * host but the chunk being loaded.
 */
final class LocalInfileLoad {
    private static final Logger LOG = LoggerFactory.getLogger(LocalInfileLoad.class);
    private static final InputStream NOTHING = InputStream.nullInputStream();

    /** What one attempt gave: the rows sent, and whether the server took exactly those. */
    record Outcome(long rows, boolean exact) {}

    private LocalInfileLoad() {}

    /**
     * Whether this connection may send local data: Connector/J with {@code allowLoadLocalInfile=true}, or with
     * {@code allowLoadLocalInfileInPath} set, which announces local data to the server but lets the driver read no
     * file outside that directory; {@link #run} then allows the stream for its one statement only.
     */
    static boolean clientAllows(Connection connection) {
        try {
            if (!connection.isWrapperFor(JdbcConnection.class)) {
                return false;
            }
            PropertySet properties = connection.unwrap(JdbcConnection.class).getPropertySet();
            return properties
                            .getBooleanProperty(PropertyKey.allowLoadLocalInfile)
                            .getValue()
                    || properties
                            .getStringProperty(PropertyKey.allowLoadLocalInfileInPath)
                            .isExplicitlySet();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("cannot tell whether the connection allows local data; loading by INSERT", e);
            return false;
        }
    }

    /** Whether every column of the chunk can go through the stream. */
    static boolean carries(ChunkHeader header) {
        return header.columns().stream().allMatch(c -> LocalInfileStream.carries(c.kind()));
    }

    /** Makes the session answer any request for a local file with no data. */
    static void guard(Statement st) throws SQLException {
        st.unwrap(JdbcStatement.class).setLocalInfileInputStream(NOTHING);
    }

    /** The statement that reads the stream into {@code schema}.{@code table}. */
    static String statement(String schema, ChunkHeader header) {
        return "LOAD DATA LOCAL INFILE 'pitr-chunk' INTO TABLE " + SqlLiteral.identifier(schema) + "."
                + SqlLiteral.identifier(header.table())
                + " CHARACTER SET binary FIELDS TERMINATED BY '\\t' ENCLOSED BY '' ESCAPED BY '\\\\'"
                + " LINES STARTING BY '' TERMINATED BY '\\n'"
                + header.columns().stream().map(SqlColumn::quotedName).collect(Collectors.joining(",", " (", ")"));
    }

    /**
     * Sends every row of {@code reader} in one statement.
     *
     * @throws PitrException SNAPSHOT_CORRUPT when the chunk could not be read to its end (the caller rolls back)
     */
    static Outcome run(Statement st, ChunkReader reader, String schema) throws SQLException, IOException {
        LocalInfileStream rows = new LocalInfileStream(reader);
        JdbcStatement jdbc = st.unwrap(JdbcStatement.class);
        RuntimeProperty<Boolean> allow = st.getConnection()
                .unwrap(JdbcConnection.class)
                .getPropertySet()
                .getBooleanProperty(PropertyKey.allowLoadLocalInfile);
        boolean allowedBefore = allow.getValue();
        long affected;
        jdbc.setLocalInfileInputStream(rows);
        allow.setValue(true); // the driver sends a session's stream only while this is set
        try {
            affected = st.executeLargeUpdate(statement(schema, reader.header()));
        } finally {
            allow.setValue(allowedBefore);
            jdbc.setLocalInfileInputStream(NOTHING);
        }
        if (rows.failure() instanceof PitrException e) {
            throw e;
        }
        if (rows.failure() instanceof IOException e) {
            throw e;
        }
        if (rows.failure() instanceof RuntimeException e) {
            throw e;
        }
        long warnings = warningCount(st);
        if (warnings == 0 && affected == rows.rows()) {
            return new Outcome(rows.rows(), true);
        }
        LOG.warn(
                "LOAD DATA into {}.{}: {} rows sent, {} taken, {} warnings ({}); loading the chunk by INSERT instead",
                schema,
                reader.header().table(),
                rows.rows(),
                affected,
                warnings,
                firstWarnings(st));
        return new Outcome(rows.rows(), false);
    }

    private static long warningCount(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SHOW COUNT(*) WARNINGS")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String firstWarnings(Statement st) throws SQLException {
        List<String> found = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SHOW WARNINGS LIMIT 3")) {
            while (rs.next()) {
                found.add(rs.getString(2) + ": " + rs.getString(3));
            }
        }
        return found.isEmpty() ? "none shown" : String.join("; ", found);
    }
}
