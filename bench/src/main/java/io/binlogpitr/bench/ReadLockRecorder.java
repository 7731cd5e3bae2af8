package io.binlogpitr.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How long a dump held the global read lock, from the server's own clock: {@code performance_schema}'s statement
 * history records when each {@code FLUSH TABLES WITH READ LOCK} started and when the {@code UNLOCK TABLES} of the
 * same session ended, whichever tool sent them. The write probes' sessions are not instrumented, so they do not
 * crowd the history.
 */
final class ReadLockRecorder {
    /** One statement of the history, with the server's timers in picoseconds. */
    record Entry(long thread, String sql, long start, long end) {}

    private final Connection connection;

    private ReadLockRecorder(Connection connection) {
        this.connection = connection;
    }

    /** Turns on the {@code events_statements_history_long} consumer; the recorder then owns {@code connection}. */
    static ReadLockRecorder start(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("UPDATE performance_schema.setup_consumers SET ENABLED = 'YES'"
                    + " WHERE NAME = 'events_statements_history_long'");
            st.execute("UPDATE performance_schema.threads SET INSTRUMENTED = 'NO'"
                    + " WHERE THREAD_ID = PS_CURRENT_THREAD_ID()");
        }
        return new ReadLockRecorder(connection);
    }

    /** Forgets the history: call before a dump. */
    void reset() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("TRUNCATE TABLE performance_schema.events_statements_history_long");
        }
    }

    /** The milliseconds the global read lock was held since {@link #reset}; see {@link #heldMillis(List)}. */
    double heldMillis() throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT THREAD_ID, SQL_TEXT, TIMER_START, TIMER_END"
                        + " FROM performance_schema.events_statements_history_long"
                        + " WHERE SQL_TEXT LIKE 'FLUSH TABLES WITH READ LOCK%' OR SQL_TEXT LIKE 'UNLOCK TABLES%'"
                        + " ORDER BY TIMER_START")) {
            while (rs.next()) {
                entries.add(new Entry(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
            }
        }
        return heldMillis(entries);
    }

    /**
     * The sum over the sessions of the time from each {@code FLUSH TABLES WITH READ LOCK} starting (the lock is
     * asked for then, and writes queue behind it) to the end of the next {@code UNLOCK TABLES} of the same session;
     * -1 if a lock was taken and never released in the history (the session ended holding it).
     */
    static double heldMillis(List<Entry> entries) {
        Map<Long, Long> lockedAt = new HashMap<>();
        long held = 0;
        for (Entry e : entries) {
            String sql = e.sql().trim().toUpperCase(Locale.ROOT);
            if (sql.startsWith("FLUSH TABLES WITH READ LOCK")) {
                lockedAt.putIfAbsent(e.thread(), e.start());
            } else if (sql.startsWith("UNLOCK TABLES")) {
                Long since = lockedAt.remove(e.thread());
                if (since != null) {
                    held += e.end() - since;
                }
            }
        }
        return lockedAt.isEmpty() ? held / 1e9 : -1;
    }

    void close() throws SQLException {
        connection.close();
    }
}
