package io.binlogpitr.restore.engine;

import io.binlogpitr.common.config.Passwords;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Connections to the restore target, and one-line errors for the ways connecting fails. Sessions are opened with
 * multi-statement packets allowed (a replayed transaction travels as one packet) and UTC as the connection zone.
 * Every connection has a connect timeout and a socket (read) timeout ({@link Timeouts}), so a network cut fails the
 * command instead of hanging it, and a session {@code wait_timeout} of a year: a connection that waits while others
 * work (the restore's control connection during the whole snapshot load) is not closed by a short server default.
 * Not final: a test gives the restore a target whose connections fail in chosen ways.
 */
public class TargetConnections {
    /** The environment variable holding the target password when no password file is given. */
    public static final String PASSWORD_ENV = "PITR_TARGET_PASSWORD";
    /** The largest {@code wait_timeout} MySQL takes (a year). */
    static final long IDLE_SECONDS = 31_536_000;

    /**
     * How long to wait for a connection to open, and for any answer from the target on an open one ({@code ZERO}:
     * forever). A statement that runs longer than {@code socket} on the target (a large ALTER TABLE replayed) fails.
     */
    public record Timeouts(Duration connect, Duration socket) {
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofHours(1));

        public Timeouts {
            if (connect.isNegative() || connect.isZero() || connect.toMillis() > Integer.MAX_VALUE) {
                throw new PitrException(
                        ErrorCode.USAGE,
                        "connect timeout " + connect + " is out of range",
                        "give a duration from 1ms to 24d, e.g. --connect-timeout 10s");
            }
            if (socket.isNegative() || socket.toMillis() > Integer.MAX_VALUE) {
                throw new PitrException(
                        ErrorCode.USAGE,
                        "socket timeout " + socket + " is out of range",
                        "give a duration up to 24d, e.g. --socket-timeout 1h, or 0 to wait forever");
            }
        }
    }

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final Timeouts timeouts;

    public TargetConnections(String host, int port, String user, String password) {
        this(host, port, user, password, Timeouts.DEFAULT);
    }

    public TargetConnections(String host, int port, String user, String password, Timeouts timeouts) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.timeouts = timeouts;
    }

    /** The same target with other timeouts. */
    public TargetConnections withTimeouts(Timeouts other) {
        return new TargetConnections(host, port, user, password, other);
    }

    public Timeouts timeouts() {
        return timeouts;
    }

    /**
     * From {@code --target HOST:PORT}, {@code --target-user} and the password file or {@link #PASSWORD_ENV}.
     *
     * @throws PitrException USAGE for a malformed address
     */
    public static TargetConnections of(
            String address, String user, Optional<Path> passwordFile, Map<String, String> env) {
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? address : address.substring(0, colon);
        int port = 3306;
        if (colon >= 0) {
            try {
                port = Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (host.isBlank() || port < 1 || port > 65535) {
            throw new PitrException(
                    ErrorCode.USAGE,
                    "--target '" + address + "' is not HOST:PORT",
                    "give the target server as host:port, e.g. --target 10.0.0.7:3306");
        }
        String password = Passwords.resolve(passwordFile, PASSWORD_ENV, env, "target");
        return new TargetConnections(host, port, user, password);
    }

    public String address() {
        return host + ":" + port;
    }

    public String user() {
        return user;
    }

    public Connection open() {
        return open(false);
    }

    /**
     * A connection for the snapshot load: like {@link #open()}, and announcing local data to the server, so that
     * chunks can go by {@code LOAD DATA LOCAL INFILE} when the target's {@code local_infile} is ON. Only through
     * {@code allowLoadLocalInfileInPath}, naming an empty directory of this process: the driver itself would read
     * no file for the server; the loader allows its chunk stream for the one statement that sends it.
     */
    public Connection openForLoad() {
        return open(true);
    }

    private Connection open(boolean localData) {
        Properties props = new Properties();
        if (localData) {
            props.setProperty("allowLoadLocalInfileInPath", NoLocalFiles.DIRECTORY.toString());
        }
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", String.valueOf(timeouts.connect().toMillis()));
        props.setProperty("socketTimeout", String.valueOf(timeouts.socket().toMillis()));
        props.setProperty("sessionVariables", "wait_timeout=" + IDLE_SECONDS);
        props.setProperty("useSSL", "false");
        props.setProperty("allowPublicKeyRetrieval", "true");
        props.setProperty("allowMultiQueries", "true");
        props.setProperty("connectionTimeZone", "UTC");
        props.setProperty("characterEncoding", "utf8");
        props.setProperty("useServerPrepStmts", "false");
        try {
            return DriverManager.getConnection("jdbc:mysql://" + host + ":" + port + "/", props);
        } catch (SQLException e) {
            throw describe(e);
        }
    }

    /** An empty directory only this process can write, created once, removed when the JVM exits. */
    private static final class NoLocalFiles {
        static final Path DIRECTORY = create();

        private static Path create() {
            try {
                Path dir = Files.createTempDirectory("pitr-no-local-files");
                dir.toFile().deleteOnExit();
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create an empty temporary directory", e);
            }
        }
    }

    /** Maps a failure to connect to the error a DBA can act on. */
    public PitrException describe(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String code = " (MySQL error " + e.getErrorCode() + ", SQLSTATE " + state + ")";
        if (e.getErrorCode() == 1045 || state.equals("28000")) {
            return new PitrException(
                    ErrorCode.TARGET_ACCESS_DENIED,
                    "target " + address() + " refused user '" + user + "': access denied" + code,
                    "check --target-user and the password in --target-password-file or " + PASSWORD_ENV,
                    e);
        }
        return new PitrException(
                ErrorCode.TARGET_UNREACHABLE,
                "cannot reach the target at " + address() + ": " + PitrException.firstLine(e.getMessage()) + code,
                "check --target, that mysqld runs there and accepts connections from this host",
                e);
    }
}
