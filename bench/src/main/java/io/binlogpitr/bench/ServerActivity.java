package io.binlogpitr.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What a target server did since it started, from {@code performance_schema}: the syncs of its binlog and redo log
 * ({@code file_summary_by_event_name.COUNT_MISC}: fsyncs, plus the few opens and closes) and the time they took,
 * and the statements it executed, most frequent first. Read once at the end of a side (load and replay together).
 *
 * @param binlogSyncs binlog files' misc operations (mostly fsyncs)
 * @param binlogSyncSeconds their total time
 * @param redoSyncs redo log files' misc operations (mostly fsyncs)
 * @param redoSyncSeconds their total time
 * @param statements statement event name (without {@code statement/sql/} etc.) to count, most frequent first
 */
record ServerActivity(
        long binlogSyncs,
        double binlogSyncSeconds,
        long redoSyncs,
        double redoSyncSeconds,
        Map<String, Long> statements) {

    static ServerActivity read(Connection c) throws SQLException {
        long binlog = 0;
        double binlogSeconds = 0;
        long redo = 0;
        double redoSeconds = 0;
        Map<String, Long> statements = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT EVENT_NAME, COUNT_MISC, SUM_TIMER_MISC / 1e12"
                    + " FROM performance_schema.file_summary_by_event_name WHERE EVENT_NAME IN"
                    + " ('wait/io/file/sql/binlog', 'wait/io/file/innodb/innodb_log_file')")) {
                while (rs.next()) {
                    if (rs.getString(1).endsWith("binlog")) {
                        binlog = rs.getLong(2);
                        binlogSeconds = rs.getDouble(3);
                    } else {
                        redo = rs.getLong(2);
                        redoSeconds = rs.getDouble(3);
                    }
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT EVENT_NAME, COUNT_STAR"
                    + " FROM performance_schema.events_statements_summary_global_by_event_name"
                    + " WHERE COUNT_STAR > 0 ORDER BY COUNT_STAR DESC LIMIT 8")) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    statements.put(name.substring(name.lastIndexOf('/') + 1), rs.getLong(2));
                }
            }
        }
        return new ServerActivity(binlog, binlogSeconds, redo, redoSeconds, statements);
    }

    /** One line: syncs and their time, then the statements. */
    String describe() {
        StringJoiner s = new StringJoiner(", ");
        statements.forEach((name, count) -> s.add(String.format(Locale.ROOT, "%s %,d", name, count)));
        return String.format(
                Locale.ROOT,
                "binlog syncs %,d (%.1f s), redo log syncs %,d (%.1f s); statements: %s",
                binlogSyncs,
                binlogSyncSeconds,
                redoSyncs,
                redoSyncSeconds,
                s);
    }
}
