package io.binlogpitr.agent.source;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before anything is streamed, that the source can feed an exact journal: binary log on, ROW format,
 * FULL row images, GTIDs on, a replica server id of our own, and the privileges. Every failure is reported in
 * one message, so the DBA fixes them in one round.
 */
public final class SourcePreflight {
    private static final Logger LOG = LoggerFactory.getLogger(SourcePreflight.class);
    static final List<String> STREAM_PRIVILEGES = List.of("REPLICATION SLAVE", "REPLICATION CLIENT");

    private SourcePreflight() {}

    public static SourceInfo check(SourceConnections connections, long agentServerId, String user) {
        try (Connection c = connections.open();
                Statement st = c.createStatement()) {
            SourceInfo info = readInfo(connections.address(), st);
            List<String> failures = new ArrayList<>(settingFailures(st));
            if (info.serverId() == agentServerId) {
                failures.add("source.serverId " + agentServerId + " is the source's own server_id (needs a value no"
                        + " server in the topology uses)");
            }
            failures.addAll(replicaIdFailures(st, agentServerId));
            failures.addAll(privilegeFailures(st, user));
            if (!failures.isEmpty()) {
                throw new PitrException(
                        ErrorCode.SOURCE_PREREQUISITES,
                        "source " + connections.address() + " is not ready for the agent: "
                                + String.join("; ", failures),
                        "fix these on the source (my.cnf or SET PERSIST, and GRANT); docs/agent.md lists the setup");
            }
            if (!info.binlogRowMetadata().equalsIgnoreCase("FULL")) {
                LOG.warn(
                        "source {} has binlog_row_metadata={}: column names are not in the binlog, so decoding relies"
                                + " on the schema history; SET PERSIST binlog_row_metadata=FULL is recommended",
                        connections.address(),
                        info.binlogRowMetadata());
            }
            return info;
        } catch (SQLException e) {
            throw connections.describe(e);
        }
    }

    private static SourceInfo readInfo(String address, Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT @@server_uuid, @@server_id, @@version, @@global.gtid_executed,"
                + " @@global.gtid_purged, @@global.binlog_row_metadata, @@global.binlog_rows_query_log_events,"
                + " @@global.binlog_transaction_compression")) {
            rs.next();
            return new SourceInfo(
                    address,
                    rs.getString(1),
                    rs.getLong(2),
                    rs.getString(3),
                    GtidSet.parse(rs.getString(4)),
                    GtidSet.parse(rs.getString(5)),
                    rs.getString(6),
                    rs.getBoolean(7),
                    rs.getBoolean(8));
        }
    }

    private static List<String> settingFailures(Statement st) throws SQLException {
        List<String> failures = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT @@global.log_bin, @@global.binlog_format,"
                + " @@global.binlog_row_image, @@global.gtid_mode, @@global.enforce_gtid_consistency")) {
            rs.next();
            expect(failures, "log_bin", rs.getString(1), "1", "ON");
            expect(failures, "binlog_format", rs.getString(2), "ROW", "ROW");
            expect(failures, "binlog_row_image", rs.getString(3), "FULL", "FULL");
            expect(failures, "gtid_mode", rs.getString(4), "ON", "ON");
        }
        return failures;
    }

    private static void expect(List<String> failures, String name, String actual, String okValue, String shown) {
        String a = actual == null ? "" : actual.toUpperCase(Locale.ROOT);
        if (!a.equals(okValue) && !(okValue.equals("1") && a.equals("ON"))) {
            String shownActual = okValue.equals("1") ? (a.equals("0") ? "OFF" : a) : a;
            failures.add(name + " is " + shownActual + " (needs " + shown + ")");
        }
    }

    private static List<String> replicaIdFailures(Statement st, long agentServerId) {
        List<String> failures = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SHOW REPLICAS")) {
            while (rs.next()) {
                if (rs.getLong("Server_Id") == agentServerId) {
                    failures.add("source.serverId " + agentServerId + " is already used by the replica at "
                            + rs.getString("Host") + ":" + rs.getString("Port") + " (needs a unique value)");
                }
            }
        } catch (SQLException e) {
            // without REPLICATION SLAVE this fails; the privilege check below reports that
            LOG.debug("SHOW REPLICAS failed: {}", e.getMessage());
        }
        return failures;
    }

    private static List<String> privilegeFailures(Statement st, String user) throws SQLException {
        Set<String> held = new HashSet<>();
        // a user who may read mysql.* sees every account's rows here: keep only this account's
        try (ResultSet rs = st.executeQuery("SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES"
                + " WHERE GRANTEE = CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''',"
                + " SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')")) {
            while (rs.next()) {
                held.add(rs.getString(1).toUpperCase(Locale.ROOT));
            }
        }
        List<String> missing = new ArrayList<>();
        for (String privilege : STREAM_PRIVILEGES) {
            if (!held.contains(privilege)) {
                missing.add(privilege);
            }
        }
        if (missing.isEmpty()) {
            return List.of();
        }
        return List.of("user '" + user + "' lacks " + String.join(", ", missing) + " (GRANT "
                + String.join(", ", STREAM_PRIVILEGES) + " ON *.* TO the agent's user; privileges held only"
                + " through roles are not seen)");
    }

    /** The source's current gtid_purged, used to name a gap after the source refused to stream. */
    public static GtidSet gtidPurged(SourceConnections connections) {
        return globalGtidSet(connections, "gtid_purged");
    }

    /** The source's current gtid_executed, for the lag shown by status. */
    public static GtidSet gtidExecuted(SourceConnections connections) {
        return globalGtidSet(connections, "gtid_executed");
    }

    private static GtidSet globalGtidSet(SourceConnections connections, String variable) {
        try (Connection c = connections.open();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT @@global." + variable)) {
            rs.next();
            return GtidSet.parse(rs.getString(1));
        } catch (SQLException e) {
            throw connections.describe(e);
        }
    }
}
