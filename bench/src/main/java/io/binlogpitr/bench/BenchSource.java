package io.binlogpitr.bench;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.testing.embedded.EmbeddedMysql;
import io.binlogpitr.testing.embedded.MysqlSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's source: an embedded MySQL with a replication user for the agent and an empty {@code sbtest}
 * database, and the few questions the benchmark asks it as root (GTID sets, binlog files). Closing it stops mysqld.
 */
final class BenchSource implements AutoCloseable {
    static final String PITR_USER = "pitr";
    static final String PITR_PASSWORD = "bench-ingest-pw";

    private final EmbeddedMysql mysql;
    private Connection sql;

    private BenchSource(EmbeddedMysql mysql) {
        this.mysql = mysql;
    }

    /** Starts mysqld in {@code instanceDir}; {@link #prepare} then connects and creates the user and database. */
    static BenchSource start(Path instanceDir) {
        return new BenchSource(EmbeddedMysql.start(MysqlSettings.pitrSource().withInstanceDir(instanceDir)));
    }

    /** Connects as root, creates the agent's user (replication and SELECT) and the {@code sbtest} database. */
    void prepare() throws SQLException {
        sql = connect();
        exec("CREATE USER '" + PITR_USER + "'@'%' IDENTIFIED BY '" + PITR_PASSWORD + "'");
        exec("GRANT REPLICATION SLAVE, REPLICATION CLIENT, SELECT ON *.* TO '" + PITR_USER + "'@'%'");
        exec("CREATE DATABASE sbtest");
    }

    /** A new root connection, for a helper that needs its own session (the write probe); the caller closes it. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(
                "jdbc:mysql://" + mysql.host() + ":" + mysql.port() + "/?useSSL=false&allowPublicKeyRetrieval=true",
                "root",
                "");
    }

    String host() {
        return mysql.host();
    }

    int port() {
        return mysql.port();
    }

    /** The pid of the running mysqld, for its CPU time. */
    long pid() {
        return mysql.pid();
    }

    void exec(String statement) throws SQLException {
        try (Statement st = sql.createStatement()) {
            st.execute(statement);
        }
    }

    /** The first column of the first row, "" for NULL. */
    String query(String q) throws SQLException {
        try (Statement st = sql.createStatement();
                ResultSet rs = st.executeQuery(q)) {
            rs.next();
            String v = rs.getString(1);
            return v == null ? "" : v;
        }
    }

    String serverUuid() throws SQLException {
        return query("SELECT @@GLOBAL.server_uuid");
    }

    String version() throws SQLException {
        return query("SELECT VERSION()");
    }

    GtidSet gtidExecuted() throws SQLException {
        return GtidSet.parse(query("SELECT @@GLOBAL.gtid_executed").replaceAll("\\s", ""));
    }

    GtidSet gtidPurged() throws SQLException {
        return GtidSet.parse(query("SELECT @@GLOBAL.gtid_purged").replaceAll("\\s", ""));
    }

    /** {@code SHOW BINARY LOGS}: file name to size in bytes, oldest first. */
    Map<String, Long> binaryLogs() throws SQLException {
        Map<String, Long> logs = new LinkedHashMap<>();
        try (Statement st = sql.createStatement();
                ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                logs.put(rs.getString(1), rs.getLong(2));
            }
        }
        return logs;
    }

    /** Sizes of the binlog files written during the run: new since the first flush, excluding the newest. */
    static long runBinlogBytes(Map<String, Long> before, Map<String, Long> after) {
        List<String> names = new ArrayList<>(after.keySet());
        String newest = names.get(names.size() - 1);
        String runFirst = new ArrayList<>(before.keySet()).get(before.size() - 1);
        long sum = 0;
        for (String name : names) {
            if (name.compareTo(runFirst) >= 0 && !name.equals(newest)) {
                sum += after.get(name);
            }
        }
        return sum;
    }

    /** The last transaction number of {@code uuid} in {@code set}, 0 if it has none. */
    static long lastGno(GtidSet set, String uuid) {
        List<GtidSet.Interval> intervals = set.intervals(uuid);
        return intervals.isEmpty() ? 0 : intervals.get(intervals.size() - 1).end();
    }

    /** Closes the root connection and stops mysqld. */
    @Override
    public void close() {
        try {
            if (sql != null) {
                sql.close();
            }
        } catch (SQLException e) {
            // the server goes away next anyway
        }
        mysql.close();
    }
}
