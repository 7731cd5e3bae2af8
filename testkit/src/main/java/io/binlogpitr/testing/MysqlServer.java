package io.binlogpitr.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real MySQL for integration tests. By default an embedded {@code mysqld} 8.0.31; with
 * {@code -Dit.mysql.image=mysql:8.4} and a Docker engine, the same API on Testcontainers.
 *
 * <p>{@link #shared(MysqlOptions)} gives one server per distinct options per test JVM; each test takes its own
 * database from {@link #createDatabase(String)}. A test that stops, kills or restarts a server uses
 * {@link #startNew(MysqlOptions)} and closes it; a shared server refuses those calls, so one test cannot pull the
 * server from under the others.
 */
public final class MysqlServer implements AutoCloseable {
    /** The system property that picks the Docker image, e.g. {@code mysql:8.4}. */
    public static final String IMAGE_PROPERTY = "it.mysql.image";

    private static final Map<MysqlOptions, MysqlServer> SHARED = new ConcurrentHashMap<>();
    private static final AtomicInteger SERVER_IDS = new AtomicInteger();
    private static final AtomicLong DATABASES = new AtomicLong();
    private static final String JDBC_PARAMETERS =
            "useSSL=false&allowPublicKeyRetrieval=true&connectTimeout=10000&socketTimeout=300000";

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(MysqlServer::closeShared, "mysql-server-shared-shutdown"));
    }

    private final MysqlOptions options;
    private final MysqlBackend backend;
    private final boolean shared;

    private MysqlServer(MysqlOptions options, boolean shared) {
        this.options = options;
        this.shared = shared;
        int serverId = SERVER_IDS.incrementAndGet();
        String image = dockerImage();
        this.backend =
                image == null ? new EmbeddedBackend(options, serverId) : new ContainerBackend(image, options, serverId);
    }

    /** The server for these options in this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized MysqlServer shared(MysqlOptions options) {
        MysqlServer server = SHARED.get(options);
        if (server == null) {
            server = new MysqlServer(options, true);
            SHARED.put(options, server);
        }
        return server;
    }

    /** A server of the caller's own, e.g. a restore target or one to restart; the caller closes it. */
    public static MysqlServer startNew(MysqlOptions options) {
        return new MysqlServer(options, false);
    }

    /** The Docker image asked for with {@code -Dit.mysql.image}, or null for the embedded mysqld. */
    public static String dockerImage() {
        String image = System.getProperty(IMAGE_PROPERTY);
        if (image == null || image.isBlank() || image.startsWith("${")) {
            return null;
        }
        return image.strip();
    }

    public MysqlOptions options() {
        return options;
    }

    public boolean isEmbedded() {
        return backend instanceof EmbeddedBackend;
    }

    public String host() {
        return backend.host();
    }

    public int port() {
        return backend.port();
    }

    public String rootUser() {
        return "root";
    }

    public String rootPassword() {
        return backend.rootPassword();
    }

    /** The pid of the embedded {@code mysqld}. */
    public long pid() {
        return backend.pid();
    }

    /** A URL without a database if {@code db} is null or empty; no SSL, public key retrieval allowed, timeouts set. */
    public String jdbcUrl(String db) {
        String path = db == null ? "" : db;
        return "jdbc:mysql://" + host() + ":" + port() + "/" + path + "?" + JDBC_PARAMETERS;
    }

    /** A new root connection; the session keeps the server's time zone. */
    public Connection connect(String db) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(db), rootUser(), rootPassword());
    }

    /** Creates a database with a name no other test in this JVM gets: {@code prefix_N_xxxx}. */
    public String createDatabase(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        clean = clean.substring(0, Math.min(clean.length(), 40));
        String name = clean + "_" + DATABASES.incrementAndGet() + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        execute("CREATE DATABASE `" + name + "`");
        return name;
    }

    /** Runs each statement as root on one connection, without a default database. */
    public void execute(String... sql) {
        try (Connection connection = connect(null);
                Statement statement = connection.createStatement()) {
            for (String each : sql) {
                try {
                    statement.execute(each);
                } catch (SQLException e) {
                    throw new IllegalStateException("failed: " + each + ": " + e.getMessage(), e);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + backend.description() + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the first row, or null if there is no row. */
    public String queryString(String sql) {
        try (Connection connection = connect(null);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    public String serverUuid() {
        return queryString("SELECT @@GLOBAL.server_uuid");
    }

    /** {@code @@GLOBAL.gtid_executed} without the line breaks the server puts between source UUIDs. */
    public String gtidExecuted() {
        return queryString("SELECT @@GLOBAL.gtid_executed").replace("\n", "");
    }

    /**
     * Creates {@code user@'%'} and grants each clause, e.g. {@code "REPLICATION SLAVE, REPLICATION CLIENT"} (on
     * {@code *.*}) or {@code "SELECT ON shop.*"}.
     */
    public void createUser(String user, String password, String... grants) {
        List<String> sql = new ArrayList<>();
        String account = "'" + user.replace("'", "''") + "'@'%'";
        sql.add("CREATE USER " + account + " IDENTIFIED BY '" + password.replace("'", "''") + "'");
        for (String grant : grants) {
            String clause = grant.toUpperCase(Locale.ROOT).contains(" ON ") ? grant : grant + " ON *.*";
            sql.add("GRANT " + clause + " TO " + account);
        }
        execute(sql.toArray(String[]::new));
    }

    /** Stops cleanly and starts again: same data directory, same port, same {@code server_uuid}. */
    public void restart() {
        requireOwn("restart");
        backend.restart();
    }

    /** SIGKILL, as a crash; call {@link #start()} to bring it back (InnoDB crash recovery runs). */
    public void kill() {
        requireOwn("kill");
        backend.kill();
    }

    /** A clean shutdown; {@link #start()} brings it back. */
    public void stop() {
        requireOwn("stop");
        backend.stop();
    }

    /** Starts a stopped or killed server on its data directory and port. */
    public void start() {
        requireOwn("start");
        backend.start();
    }

    /** Stops and deletes a server from {@link #startNew}; does nothing on a shared one (the JVM's exit stops it). */
    @Override
    public void close() {
        if (!shared) {
            backend.close();
        }
    }

    @Override
    public String toString() {
        return backend.description() + " on " + host() + ":" + port() + (shared ? " (shared)" : "");
    }

    private void requireOwn(String what) {
        if (shared) {
            throw new IllegalStateException(
                    what + " would break the other tests on this shared server: use MysqlServer.startNew(options)");
        }
    }

    private static void closeShared() {
        SHARED.values().forEach(server -> server.backend.close());
    }
}
