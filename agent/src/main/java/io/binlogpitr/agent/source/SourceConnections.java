package io.binlogpitr.agent.source;

import io.binlogpitr.agent.config.AgentConfig;
import io.binlogpitr.common.config.Passwords;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Opens JDBC connections to the source and turns connection failures into one-line errors with a hint. */
public final class SourceConnections {
    /** The environment variable that holds the source password when agent.yml has no passwordFile. */
    public static final String PASSWORD_ENV = "PITR_SOURCE_PASSWORD";

    /**
     * What every session on the source runs first, whatever the server's global {@code sql_mode} is (as mysqldump
     * does): with ANSI_QUOTES, SHOW CREATE quotes names with double quotes, which the loader and the DDL parser would
     * misread, and PAD_CHAR_TO_FULL_LENGTH pads the CHAR values a snapshot reads. The empty mode quotes with
     * backquotes and reads values as stored; it changes no object's own sql_mode (SHOW CREATE of a routine, trigger
     * or event names the one it was created with).
     */
    static final String SESSION_SQL_MODE = "SET SESSION sql_mode = ''";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SourceConnections.class);
    private final String host;
    private final int port;
    private final String user;
    private final String password;

    public SourceConnections(String host, int port, String user, String password) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** Connections for agent.yml's source, the password read from its passwordFile or PITR_SOURCE_PASSWORD. */
    public static SourceConnections of(AgentConfig.Source src) {
        String password = Passwords.resolve(src.passwordFile(), PASSWORD_ENV, System.getenv(), "source");
        if (password.isEmpty()) {
            LOG.warn(
                    "no source password: neither source.passwordFile nor {} is set; logging in without one",
                    PASSWORD_ENV);
        }
        return new SourceConnections(src.host(), src.port(), src.user(), password);
    }

    /** The password, for the replication client, which opens its own connection. */
    public String password() {
        return password;
    }

    public String address() {
        return host + ":" + port;
    }

    public Connection open() {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5000");
        props.setProperty("socketTimeout", "60000");
        props.setProperty("useSSL", "false");
        props.setProperty("allowPublicKeyRetrieval", "true");
        props.setProperty("connectionTimeZone", "UTC");
        String url = "jdbc:mysql://" + host + ":" + port + "/";
        try {
            Connection c = DriverManager.getConnection(url, props);
            try (Statement st = c.createStatement()) {
                st.execute(SESSION_SQL_MODE);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return c;
        } catch (SQLException e) {
            throw describe(e);
        }
    }

    /** Maps a failure to connect to the error a DBA can act on. */
    public PitrException describe(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String code = " (MySQL error " + e.getErrorCode() + ", SQLSTATE " + state + ")";
        if (e.getErrorCode() == 1045 || state.equals("28000")) {
            return new PitrException(
                    ErrorCode.SOURCE_ACCESS_DENIED,
                    "source " + address() + " refused user '" + user + "': access denied" + code,
                    "check source.user, and the password in source.passwordFile or PITR_SOURCE_PASSWORD",
                    e);
        }
        if (state.startsWith("08") || e.getErrorCode() == 0) {
            return new PitrException(
                    ErrorCode.SOURCE_UNREACHABLE,
                    "cannot reach the source at " + address() + ": " + PitrException.firstLine(e.getMessage()),
                    "check source.host and source.port, that mysqld runs there, and that no firewall blocks it",
                    e);
        }
        return new PitrException(
                ErrorCode.SOURCE_UNREACHABLE,
                "cannot connect to the source at " + address() + ": " + PitrException.firstLine(e.getMessage()) + code,
                "check the source's error log and max_connections",
                e);
    }
}
