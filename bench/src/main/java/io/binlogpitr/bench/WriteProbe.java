package io.binlogpitr.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures how long writes are blocked, the same way for every tool: a thread on its own connection runs an
 * autocommit {@code UPDATE} of one row of a probe table every {@value #INTERVAL_MILLIS} ms (at once when the
 * previous one took longer) and records when each started and ended. {@link #begin} and {@link #end} bracket one
 * dump; a write blocked by a global read lock shows as one long write. The probe tables live in their own
 * database, which no dump reads.
 */
final class WriteProbe implements AutoCloseable {
    static final long INTERVAL_MILLIS = 5;
    static final String DATABASE = "bench_probe";

    /** What the probe's writes wait for. */
    enum Kind {
        /**
         * A MEMORY table, binlog off for the session: a write touches no disk, so it waits only for locks (and the
         * CPU). Any DML waits on {@code FLUSH TABLES WITH READ LOCK}, whatever the engine.
         */
        LOCK("lock_probe", "MEMORY", false),
        /** An InnoDB table, binlogged: an application's commit, which also waits for two fsyncs under the dump's I/O. */
        COMMIT("commit_probe", "InnoDB", true);

        private final String table;
        private final String engine;
        private final boolean binlog;

        Kind(String table, String engine, boolean binlog) {
            this.table = table;
            this.engine = engine;
            this.binlog = binlog;
        }
    }

    private final Connection connection;
    private final Thread thread;
    private final Object lock = new Object();
    /** Writes of the open window as {start, end} nanos; null when no window is open. Guarded by {@link #lock}. */
    private List<long[]> window;
    /** The start of the last write that has completed (nanos). Guarded by {@link #lock}. */
    private long lastCompletedStart;

    private long windowStart;
    private volatile boolean stopping;
    private volatile Exception failure;

    private final String table;

    private WriteProbe(Connection connection, Kind kind) {
        this.connection = connection;
        this.table = DATABASE + "." + kind.table;
        this.thread = new Thread(this::loop, "bench-" + kind.table);
        this.thread.setDaemon(true);
    }

    /**
     * Creates the probe table of {@code kind} through {@code connection} (a root session, which the probe then
     * owns) and starts writing.
     */
    static WriteProbe start(Connection connection, Kind kind) throws SQLException {
        String table = DATABASE + "." + kind.table;
        try (Statement st = connection.createStatement()) {
            if (!kind.binlog) {
                st.execute("SET SESSION sql_log_bin = 0");
            }
            // keeps the probe's writes out of the statement history that ReadLockRecorder reads
            st.execute("UPDATE performance_schema.threads SET INSTRUMENTED = 'NO'"
                    + " WHERE THREAD_ID = PS_CURRENT_THREAD_ID()");
            st.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
            st.execute("CREATE TABLE IF NOT EXISTS " + table + " (id INT PRIMARY KEY, n BIGINT NOT NULL) ENGINE="
                    + kind.engine);
            st.execute("INSERT INTO " + table + " VALUES (1, 0) ON DUPLICATE KEY UPDATE n = 0");
        }
        connection.setAutoCommit(true);
        WriteProbe probe = new WriteProbe(connection, kind);
        probe.thread.start();
        return probe;
    }

    /** Opens a window: from now on, writes are recorded. */
    void begin() {
        synchronized (lock) {
            window = new ArrayList<>();
            windowStart = System.nanoTime();
        }
    }

    /**
     * Closes the window opened by {@link #begin}: waits until the write in flight now has completed (a write that
     * started inside the window counts in full), then returns what the window saw.
     *
     * @throws IllegalStateException if the probe failed, or did not complete a write within {@code timeout}
     */
    WriteStall end(Duration timeout) throws InterruptedException {
        long end = System.nanoTime();
        long deadline = end + timeout.toNanos();
        while (true) {
            checkHealthy();
            synchronized (lock) {
                if (lastCompletedStart > end) {
                    WriteStall stall = WriteStall.of(window, windowStart, end);
                    window = null;
                    return stall;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the write probe completed no write within " + timeout
                        + " after the dump ended: writes are still blocked");
            }
            Thread.sleep(1);
        }
    }

    private void checkHealthy() {
        Exception e = failure;
        if (e != null) {
            throw new IllegalStateException("the write probe failed: " + e.getMessage(), e);
        }
    }

    private void loop() {
        try (PreparedStatement update =
                connection.prepareStatement("UPDATE " + table + " SET n = n + 1 WHERE id = 1")) {
            long interval = INTERVAL_MILLIS * 1_000_000;
            while (!stopping) {
                long start = System.nanoTime();
                update.executeUpdate();
                long end = System.nanoTime();
                synchronized (lock) {
                    if (window != null) {
                        window.add(new long[] {start, end});
                    }
                    lastCompletedStart = start;
                }
                long wait = start + interval - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        } catch (SQLException | RuntimeException e) {
            if (!stopping) {
                failure = e;
            }
        }
    }

    /** Stops the thread (waiting for its last write) and closes the connection. */
    @Override
    public void close() throws InterruptedException, SQLException {
        stopping = true;
        thread.join(30_000);
        connection.close();
    }
}
