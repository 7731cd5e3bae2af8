package io.binlogpitr.testing.workload;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Stand-in for {@code io.binlogpitr.testing.MysqlServer} until that fixture lands: the mysqld already
 * running on this machine (override with {@code -Dit.mysql.host/port/user/password}). Same method names
 * as the fixture, so switching is a one-line change at each {@code LocalMysql.shared()} call site.
 */
public final class LocalMysql {

    private static final LocalMysql SHARED = new LocalMysql(
            System.getProperty("it.mysql.host", "127.0.0.1"),
            Integer.getInteger("it.mysql.port", 33061),
            System.getProperty("it.mysql.user", "root"),
            System.getProperty("it.mysql.password", ""));

    private final String host;
    private final int port;
    private final String user;
    private final String password;

    private LocalMysql(String host, int port, String user, String password) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    public static LocalMysql shared() {
        return SHARED;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String rootUser() {
        return user;
    }

    public String rootPassword() {
        return password;
    }

    public String jdbcUrl(String database) {
        return "jdbc:mysql://" + host + ":" + port + "/" + (database == null ? "" : database)
                + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&characterEncoding=UTF-8";
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    /** Creates a fresh, uniquely named database and returns its name. */
    public String createDatabase(String prefix) throws SQLException {
        String name =
                prefix + "_" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        execute("CREATE DATABASE `" + name + "`");
        return name;
    }

    public void execute(String... sql) throws SQLException {
        try (Connection c = connect(null);
                Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }
}
