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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A server the restore benchmark loads and replays into: a fresh embedded MySQL with GTIDs on and the settings of a
 * replica (MySQL 8.0.31's defaults: binlog on, {@code log_replica_updates=ON}, {@code sync_binlog=1},
 * {@code replica_preserve_commit_order=ON}), {@code replica_parallel_workers} and {@code local_infile} set explicitly. The same settings for
 * MySQL's replica and for our restore, so both write into the same kind of server. Closing it stops mysqld.
 */
final class BenchTarget implements AutoCloseable {
    static final String LOAD_USER = "loader";
    static final String LOAD_PASSWORD = "bench-restore-pw";

    private final EmbeddedMysql mysql;
    private final Connection sql;

    private BenchTarget(EmbeddedMysql mysql, Connection sql) {
        this.mysql = mysql;
        this.sql = sql;
    }

    /** The server's settings: GTIDs on, {@code replica_parallel_workers=workers}, defaults otherwise. */
    static MysqlSettings settings(int serverId, int workers, Path instanceDir) {
        return MysqlSettings.defaults()
                .withServerId(serverId)
                .withFlag("gtid_mode", "ON")
                .withFlag("enforce_gtid_consistency", "ON")
                .withFlag("replica_parallel_workers", String.valueOf(workers))
                .withInstanceDir(instanceDir);
    }

    /**
     * Starts mysqld, creates the account every loader uses ({@code mysql_native_password}: myloader is built on
     * MariaDB's client library; all privileges, as a restore needs), then {@code RESET MASTER}, so that its
     * {@code gtid_executed} starts empty and can be compared with the source's at the end.
     */
    static BenchTarget start(int serverId, int workers, Path instanceDir, boolean localInfile) throws SQLException {
        EmbeddedMysql mysql = EmbeddedMysql.start(settings(serverId, workers, instanceDir));
        try {
            BenchTarget t = new BenchTarget(mysql, root(mysql));
            t.exec("CREATE USER '" + LOAD_USER + "'@'%' IDENTIFIED WITH mysql_native_password BY '" + LOAD_PASSWORD
                    + "'");
            t.exec("GRANT ALL PRIVILEGES ON *.* TO '" + LOAD_USER + "'@'%' WITH GRANT OPTION");
            t.exec("RESET MASTER");
            t.exec("SET GLOBAL local_infile = " + (localInfile ? "ON" : "OFF"));
            return t;
        } catch (SQLException | RuntimeException e) {
            mysql.close();
            throw e;
        }
    }

    /** A new root connection (its own session); the caller closes it. */
    Connection connectRoot() throws SQLException {
        return root(mysql);
    }

    private static Connection root(EmbeddedMysql mysql) throws SQLException {
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

    /** The first column of the first row, "" for NULL or no row. */
    String query(String q) throws SQLException {
        try (Statement st = sql.createStatement();
                ResultSet rs = st.executeQuery(q)) {
            if (!rs.next()) {
                return "";
            }
            String v = rs.getString(1);
            return v == null ? "" : v;
        }
    }

    GtidSet gtidExecuted() throws SQLException {
        return GtidSet.parse(query("SELECT @@GLOBAL.gtid_executed").replaceAll("\\s", ""));
    }

    /** What the server did since it started (syncs, statements). */
    ServerActivity activity() throws SQLException {
        return ServerActivity.read(sql);
    }

    /** {@code CHECKSUM TABLE} of each sysbench table; see {@link #checksums(Connection, int)}. */
    Map<String, Long> checksums(int tables) throws SQLException {
        return checksums(sql, tables);
    }

    /** {@code CHECKSUM TABLE sbtest.sbtestN} for N = 1..tables, by table name; -1 for a missing table. */
    static Map<String, Long> checksums(Connection c, int tables) throws SQLException {
        Map<String, Long> sums = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            for (int t = 1; t <= tables; t++) {
                String table = "sbtest.sbtest" + t;
                try (ResultSet rs = st.executeQuery("CHECKSUM TABLE " + table)) {
                    rs.next();
                    long sum = rs.getLong(2);
                    sums.put(table, rs.wasNull() ? -1 : sum);
                }
            }
        }
        return sums;
    }

    /** Closes the root connection and stops mysqld (its directory stays: it is under the work directory). */
    @Override
    public void close() {
        try {
            sql.close();
        } catch (SQLException e) {
            // the server goes away next anyway
        }
        mysql.close();
    }
}
