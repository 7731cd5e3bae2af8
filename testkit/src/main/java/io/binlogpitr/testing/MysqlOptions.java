package io.binlogpitr.testing;

import io.binlogpitr.testing.embedded.MysqlSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Server options for a test MySQL, as {@code mysqld} flags in their underscore form. Two options with the same flags
 * are equal, so {@link MysqlServer#shared(MysqlOptions)} gives them the same server.
 */
public record MysqlOptions(Map<String, String> flags) {
    /** The server's time zone in {@link #defaults()}: not the JVM's (UTC in CI), so time handling is really tested. */
    public static final String SERVER_TIME_ZONE = "+05:30";

    public MysqlOptions {
        Map<String, String> normalized = new TreeMap<>();
        flags.forEach((name, value) -> normalized.put(MysqlSettings.normalizeFlag(name), value));
        flags = java.util.Collections.unmodifiableMap(normalized);
    }

    /** GTIDs on, ROW format with FULL images and metadata, original SQL in the binlog, time zone {@code +05:30}. */
    public static MysqlOptions defaults() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("gtid_mode", "ON");
        flags.put("enforce_gtid_consistency", "ON");
        flags.put("binlog_format", "ROW");
        flags.put("binlog_row_image", "FULL");
        flags.put("binlog_row_metadata", "FULL");
        flags.put("binlog_rows_query_log_events", "ON");
        flags.put("default_time_zone", SERVER_TIME_ZONE);
        return new MysqlOptions(flags);
    }

    /** A copy with one flag set, e.g. {@code with("binlog_transaction_compression", "ON")}. */
    public MysqlOptions with(String flag, String value) {
        Map<String, String> copy = new LinkedHashMap<>(flags);
        copy.put(flag, value);
        return new MysqlOptions(copy);
    }

    /** A copy without a flag, so the server's own default applies. */
    public MysqlOptions without(String flag) {
        Map<String, String> copy = new LinkedHashMap<>(flags);
        copy.remove(MysqlSettings.normalizeFlag(flag));
        return new MysqlOptions(copy);
    }
}
