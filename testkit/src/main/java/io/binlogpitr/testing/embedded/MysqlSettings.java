package io.binlogpitr.testing.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to run an {@link EmbeddedMysql}. Flag names are stored in their underscore form ({@code binlog_row_metadata})
 * and passed to {@code mysqld} as {@code --name=value}; an empty value passes a bare {@code --name}.
 *
 * @param serverId the {@code server_id}; ignored if {@code flags} holds {@code server_id}
 * @param flags extra server options, e.g. {@code binlog_row_metadata=FULL}, {@code default_time_zone=+05:30}
 * @param port the TCP port, or 0 to pick a free one at the first start (restarts keep it)
 * @param instanceDir where the data directory, logs and pid file live, or null for a fresh temporary directory that
 *     {@link EmbeddedMysql#close()} deletes; an existing, initialized directory is reused
 * @param startTimeout how long to wait for the server to accept connections
 */
public record MysqlSettings(
        int serverId, Map<String, String> flags, int port, Path instanceDir, Duration startTimeout) {

    public MysqlSettings {
        if (serverId < 1) {
            throw new IllegalArgumentException("serverId must be at least 1, was " + serverId);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (pick a free one) or 1-65535, was " + port);
        }
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (startTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("startTimeout cannot be less than 1000ms, was " + startTimeout);
        }
        Map<String, String> normalized = new LinkedHashMap<>();
        flags.forEach((name, value) -> normalized.put(
                normalizeFlag(name), Objects.requireNonNull(value, () -> "value of flag " + name + " is null")));
        flags = Map.copyOf(normalized);
    }

    /** No extra flags: a binlogging server with the server's own defaults. */
    public static MysqlSettings defaults() {
        return new MysqlSettings(1, Map.of(), 0, null, Duration.ofSeconds(120));
    }

    /** A server that meets every source prerequisite of the agent (GTIDs, ROW, FULL images and metadata). */
    public static MysqlSettings pitrSource() {
        return defaults()
                .withFlag("gtid_mode", "ON")
                .withFlag("enforce_gtid_consistency", "ON")
                .withFlag("binlog_format", "ROW")
                .withFlag("binlog_row_image", "FULL")
                .withFlag("binlog_row_metadata", "FULL")
                .withFlag("binlog_rows_query_log_events", "ON");
    }

    public MysqlSettings withFlag(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(flags);
        copy.put(normalizeFlag(name), value);
        return new MysqlSettings(serverId, copy, port, instanceDir, startTimeout);
    }

    public MysqlSettings withFlags(Map<String, String> more) {
        Map<String, String> copy = new LinkedHashMap<>(flags);
        more.forEach((name, value) -> copy.put(normalizeFlag(name), value));
        return new MysqlSettings(serverId, copy, port, instanceDir, startTimeout);
    }

    /** The server's time zone, e.g. {@code +05:30} or {@code SYSTEM}. */
    public MysqlSettings withTimeZone(String timeZone) {
        return withFlag("default_time_zone", timeZone);
    }

    public MysqlSettings withServerId(int id) {
        return new MysqlSettings(id, flags, port, instanceDir, startTimeout);
    }

    public MysqlSettings withPort(int newPort) {
        return new MysqlSettings(serverId, flags, newPort, instanceDir, startTimeout);
    }

    public MysqlSettings withInstanceDir(Path dir) {
        return new MysqlSettings(serverId, flags, port, dir, startTimeout);
    }

    public MysqlSettings withStartTimeout(Duration timeout) {
        return new MysqlSettings(serverId, flags, port, instanceDir, timeout);
    }

    /** {@code --binlog-row-metadata} and {@code binlog_row_metadata} name the same flag. */
    public static String normalizeFlag(String name) {
        String trimmed = name.strip();
        while (trimmed.startsWith("-")) {
            trimmed = trimmed.substring(1);
        }
        if (trimmed.isEmpty() || !trimmed.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("flag name must be letters, digits, '_' or '-', was '" + name + "'");
        }
        return trimmed.replace('-', '_').toLowerCase(java.util.Locale.ROOT);
    }
}
