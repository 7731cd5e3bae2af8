package io.binlogpitr.agent.schema;

import io.binlogpitr.agent.source.SourceConnections;
import io.binlogpitr.common.schema.SchemaBaseline;
import io.binlogpitr.common.sql.SqlLiteral;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a schema baseline from the source: the {@code SHOW CREATE TABLE} of every base table of every non-system
 * database and {@code @@GLOBAL.gtid_executed}, all under {@code LOCK INSTANCE FOR BACKUP}, which keeps every DDL
 * out (a DDL holds the backup lock until it has committed) while writes go on: the definitions are exactly those
 * after the GTID set read. Without BACKUP_ADMIN, or when a DDL holds the lock past the wait, no baseline is taken
 * (a warning says so): a guess at the GTID set would be worse than none.
 */
public final class SchemaBaselineTaker {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaBaselineTaker.class);
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    private static final int ER_SPECIFIC_ACCESS_DENIED = 1227;
    private static final int LOCK_WAIT_SECONDS = 10;
    private static final DateTimeFormatter ID =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private SchemaBaselineTaker() {}

    /** The baseline, or empty (with a warning) when it cannot be read consistently. */
    public static Optional<SchemaBaseline> take(SourceConnections connections, String sourceUuid) {
        Instant now = Instant.now();
        try (Connection c = connections.open();
                Statement st = c.createStatement()) {
            st.execute("SET SESSION lock_wait_timeout = " + LOCK_WAIT_SECONDS);
            st.execute("SET SESSION sql_mode = ''"); // SHOW CREATE quotes with backticks, as the history reads it
            try {
                st.execute("LOCK INSTANCE FOR BACKUP");
            } catch (SQLException e) {
                if (e.getErrorCode() == ER_SPECIFIC_ACCESS_DENIED || e.getErrorCode() == ER_LOCK_WAIT_TIMEOUT) {
                    LOG.warn(
                            "no schema baseline recorded ({}): on a binlog_row_metadata=MINIMAL source, column names"
                                    + " before the next baseline or snapshot are then unknown; GRANT BACKUP_ADMIN ON"
                                    + " *.* to the agent's account",
                            e.getMessage());
                    return Optional.empty();
                }
                throw e;
            }
            try {
                String gtids = single(st, "SELECT @@GLOBAL.gtid_executed").replace("\n", "");
                List<SchemaBaseline.Database> dbs = databases(c);
                SchemaBaseline b = new SchemaBaseline(ID.format(now), sourceUuid, gtids, now.toString(), true, dbs);
                LOG.info(
                        "schema baseline {}: {} tables in {} databases, as of {}",
                        b.id(),
                        dbs.stream().mapToInt(d -> d.tables().size()).sum(),
                        dbs.size(),
                        gtids.isEmpty() ? "(empty GTID set)" : abbreviate(gtids));
                return Optional.of(b);
            } finally {
                st.execute("UNLOCK INSTANCE");
            }
        } catch (SQLException e) {
            LOG.warn("no schema baseline recorded: {}", connections.describe(e).getMessage());
            return Optional.empty();
        }
    }

    private static List<SchemaBaseline.Database> databases(Connection c) throws SQLException {
        Map<String, List<String>> names = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES"
                        + " WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA NOT IN"
                        + " ('mysql', 'sys', 'information_schema', 'performance_schema')"
                        + " ORDER BY TABLE_SCHEMA, TABLE_NAME")) {
            while (rs.next()) {
                names.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME"
                        + " NOT IN ('mysql', 'sys', 'information_schema', 'performance_schema')")) {
            while (rs.next()) {
                names.putIfAbsent(rs.getString(1), new ArrayList<>());
            }
        }
        List<SchemaBaseline.Database> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> d : names.entrySet()) {
            List<SchemaBaseline.Table> tables = new ArrayList<>();
            for (String t : d.getValue()) {
                String create = showCreate(c, d.getKey(), t);
                tables.add(new SchemaBaseline.Table(t, create));
            }
            out.add(new SchemaBaseline.Database(d.getKey(), tables));
        }
        return out;
    }

    private static String showCreate(Connection c, String db, String table) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SHOW CREATE TABLE " + SqlLiteral.identifier(db) + "." + SqlLiteral.identifier(table))) {
            if (!rs.next()) {
                throw new SQLException("table " + db + "." + table + " vanished under LOCK INSTANCE FOR BACKUP");
            }
            return rs.getString(2);
        }
    }

    private static String single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String abbreviate(String gtids) {
        return gtids.length() <= 80 ? gtids : gtids.substring(0, 77) + "...";
    }
}
