package io.binlogpitr.agent.source;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
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
            Map<String, String> variables = readVariables(st);
            SourceInfo info = readInfo(connections.address(), variables);
            List<String> failures = new ArrayList<>(settingFailures(variables));
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

    private static final List<String> VARIABLES = List.of(
            "server_uuid",
            "server_id",
            "version",
            "gtid_executed",
            "gtid_purged",
            "binlog_row_metadata",
            "log_bin",
            "binlog_format",
            "binlog_row_image",
            "gtid_mode");

    /**
     * Reads the variables by name, so a server that lacks one (binlog_row_metadata came in 8.0.1) yields a clear
     * finding instead of a failed query.
     */
    private static Map<String, String> readVariables(Statement st) throws SQLException {
        Map<String, String> values = new HashMap<>();
        String in = VARIABLES.stream().map(v -> "'" + v + "'").collect(Collectors.joining(","));
        try (ResultSet rs = st.executeQuery("SHOW GLOBAL VARIABLES WHERE Variable_name IN (" + in + ")")) {
            while (rs.next()) {
                values.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
            }
        }
        return values;
    }

    private static SourceInfo readInfo(String address, Map<String, String> v) {
        return new SourceInfo(
                address,
                v.getOrDefault("server_uuid", ""),
                Long.parseLong(v.getOrDefault("server_id", "0")),
                v.getOrDefault("version", "unknown"),
                GtidSet.parse(v.get("gtid_executed")),
                GtidSet.parse(v.get("gtid_purged")),
                v.getOrDefault("binlog_row_metadata", "MINIMAL"));
    }

    static List<String> settingFailures(Map<String, String> v) {
        List<String> failures = new ArrayList<>();
        String version = v.getOrDefault("version", "");
        if (majorVersion(version) < 8) {
            failures.add("MySQL " + version + " is not supported (needs 8.0 or newer: the agent relies on"
                    + " original_commit_timestamp and binlog_row_metadata)");
        }
        expect(failures, "log_bin", v.get("log_bin"), "1", "ON");
        expect(failures, "binlog_format", v.get("binlog_format"), "ROW", "ROW");
        expect(failures, "binlog_row_image", v.get("binlog_row_image"), "FULL", "FULL");
        expect(failures, "gtid_mode", v.get("gtid_mode"), "ON", "ON");
        return failures;
    }

    static int majorVersion(String version) {
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void expect(List<String> failures, String name, String actual, String okValue, String shown) {
        if (actual == null) {
            failures.add(name + " does not exist on this server (needs " + shown + ")");
            return;
        }
        String a = actual.toUpperCase(Locale.ROOT);
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
