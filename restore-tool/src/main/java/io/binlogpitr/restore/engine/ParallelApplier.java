package io.binlogpitr.restore.engine;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies transactions on several connections at once where the source's own logical clock says they were
 * independent, the way MySQL's replica applier does with {@code replica_parallel_type=LOGICAL_CLOCK}: a
 * transaction starts only when every transaction of its binlog file with a sequence number up to its
 * {@code last_committed} has committed; DDL runs alone; a new binlog file starts after everything before it is
 * done. Order within a row is kept because two transactions that touched it never overlap on that clock.
 *
 * <p>With one worker it applies strictly in journal order. The first failure stops every worker; what was
 * committed stays (each unit is a whole transaction) and the error names the transaction.
 */
final class ParallelApplier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ParallelApplier.class);
    /**
     * What the target answers when a DDL's effect is already there: database/table/column/key exists or is
     * unknown, duplicate key name, can't drop.
     */
    static final java.util.Set<Integer> ALREADY_DONE =
            java.util.Set.of(1007, 1008, 1050, 1051, 1054, 1060, 1061, 1091, 1146, 1304, 1305, 1359, 1360, 1537, 1539);

    /** Runs once on each new worker connection (session settings). */
    interface SessionSetup {
        void prepare(Connection c) throws SQLException;
    }

    private final TargetConnections target;

    private final List<Worker> workers = new ArrayList<>();
    private final AtomicReference<PitrException> failure = new AtomicReference<>();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong appliedEvents = new AtomicLong();
    private final Object lock = new Object();
    /** Sequence numbers of the current file started but not yet committed. */
    private final TreeSet<Long> running = new TreeSet<>();

    private String file;
    private long highestStarted;
    private int inFlight;
    private volatile Instant lastCommit;

    ParallelApplier(TargetConnections target, int threads, SessionSetup setup) {
        this.target = target;
        for (int i = 0; i < threads; i++) {
            Connection c = target.open();
            try {
                setup.prepare(c);
            } catch (SQLException e) {
                closeQuietly(c);
                close();
                throw target.describe(e);
            }
            workers.add(new Worker(i + 1, c));
        }
        workers.forEach(w -> w.thread.start());
    }

    long applied() {
        return applied.get();
    }

    long appliedEvents() {
        return appliedEvents.get();
    }

    Instant lastCommit() {
        return lastCommit;
    }

    /**
     * Hands one unit to a worker, blocking until the logical clock allows it to start and a worker is free.
     * Throws the first failure of any worker.
     */
    void submit(ApplyUnit unit) throws InterruptedException {
        synchronized (lock) {
            if (!unit.binlogFile().equals(file) || unit.exclusive()) {
                awaitIdle();
                file = unit.binlogFile();
                highestStarted = 0;
            }
            // every transaction of this file up to last_committed must have committed
            while (failure.get() == null && !(committedUpTo(unit.lastCommitted()) && freeWorker() != null)) {
                lock.wait();
            }
            throwIfFailed();
            running.add(unit.sequenceNumber());
            highestStarted = Math.max(highestStarted, unit.sequenceNumber());
            inFlight++;
            freeWorker().assign(unit);
            if (unit.exclusive()) {
                awaitIdle();
            }
        }
    }

    /** Waits for every unit handed out to finish; throws the first failure. */
    void drain() throws InterruptedException {
        synchronized (lock) {
            awaitIdle();
        }
    }

    private void awaitIdle() throws InterruptedException {
        while (inFlight > 0 && failure.get() == null) {
            lock.wait();
        }
        throwIfFailed();
    }

    private boolean committedUpTo(long lastCommitted) {
        // nothing started with a sequence number <= lastCommitted is still running
        return running.isEmpty() || running.first() > lastCommitted;
    }

    private Worker freeWorker() {
        for (Worker w : workers) {
            if (w.unit == null) {
                return w;
            }
        }
        return null;
    }

    private void throwIfFailed() {
        PitrException f = failure.get();
        if (f != null) {
            throw f;
        }
    }

    private void finished(Worker w, ApplyUnit unit, PitrException error) {
        synchronized (lock) {
            w.unit = null;
            running.remove(unit.sequenceNumber());
            inFlight--;
            if (error != null) {
                failure.compareAndSet(null, error);
            } else {
                applied.incrementAndGet();
                appliedEvents.addAndGet(unit.events());
                lastCommit = Instant.EPOCH.plusNanos(unit.commitMicros() * 1000);
            }
            lock.notifyAll();
        }
    }

    @Override
    public void close() {
        for (Worker w : workers) {
            w.thread.interrupt();
            closeQuietly(w.connection);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("closing a target connection: {}", e.toString());
        }
    }

    /** A connection and its thread, applying one unit at a time. */
    private final class Worker {
        final int number;
        final Connection connection;
        final Thread thread;
        volatile ApplyUnit unit;
        private byte[] sentFormat;

        Worker(int number, Connection connection) {
            this.number = number;
            this.connection = connection;
            this.thread = new Thread(this::loop, "pitr-replay-" + number);
            this.thread.setDaemon(true);
        }

        void assign(ApplyUnit u) {
            unit = u;
            synchronized (this) {
                notifyAll();
            }
        }

        private void loop() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    ApplyUnit u;
                    synchronized (this) {
                        while ((u = unit) == null) {
                            wait();
                        }
                    }
                    PitrException error = null;
                    try {
                        apply(u);
                    } catch (SQLException e) {
                        error = failed(u, e);
                    } catch (RuntimeException e) {
                        error = new PitrException(
                                ErrorCode.INTERNAL,
                                "replaying " + u.gtid() + " failed unexpectedly: " + e,
                                "report this with the restore's log",
                                e);
                    }
                    finished(this, u, error);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void apply(ApplyUnit u) throws SQLException {
            try (Statement st = connection.createStatement()) {
                if (u.formatDescription() != null && !Arrays.equals(u.formatDescription(), sentFormat)) {
                    st.execute("BINLOG '" + Base64.getEncoder().encodeToString(u.formatDescription()) + "'");
                    // applying a FORMAT_DESCRIPTION event leaves the session's gtid_next ANONYMOUS
                    st.execute("SET SESSION gtid_next = 'AUTOMATIC'");
                    sentFormat = u.formatDescription();
                }
                try {
                    for (String statement : u.sql()) {
                        st.execute(statement);
                    }
                } catch (SQLException e) {
                    if (!(u.mayHaveRun() && ALREADY_DONE.contains(e.getErrorCode()))) {
                        throw e;
                    }
                    LOG.warn(
                            "{} was started by an interrupted run and its effect is there already ({}); counting it as"
                                    + " applied",
                            u.gtid(),
                            PitrException.firstLine(e.getMessage()));
                    st.execute("SET SESSION gtid_next = 'AUTOMATIC'");
                }
                if (u.afterSql() != null) {
                    st.execute(u.afterSql());
                }
            }
        }

        private PitrException failed(ApplyUnit u, SQLException e) {
            rollbackQuietly();
            String when = Instant.EPOCH.plusNanos(u.commitMicros() * 1000).toString();
            return new PitrException(
                    ErrorCode.REPLAY_FAILED,
                    "the target refused transaction " + u.gtid() + " (committed on the source at " + when
                            + ", journal index " + u.index() + "): " + PitrException.firstLine(e.getMessage())
                            + " (MySQL error "
                            + e.getErrorCode() + "); what was applied before it stays",
                    "fix the cause, then run the same command again: it carries on from here",
                    e);
        }

        private void rollbackQuietly() {
            try (Statement st = connection.createStatement()) {
                st.execute("ROLLBACK");
                st.execute("SET SESSION gtid_next = 'AUTOMATIC'");
            } catch (SQLException | RuntimeException e) {
                LOG.debug("worker {}: rollback after a failure: {}", number, e.toString());
            }
        }
    }
}
