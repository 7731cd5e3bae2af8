package io.binlogpitr.restore.engine;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * <p>With one worker it applies strictly in journal order. The workers run on an executor; any {@link Throwable}
 * while applying a unit is a failure, and every wait for a worker is bounded and notices a worker that is gone. The
 * first failure stops every worker; what was committed stays (each unit is a whole transaction) and the error names
 * the transaction.
 */
final class ParallelApplier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ParallelApplier.class);
    /** How often a wait looks whether every worker is still there. */
    private static final long CHECK_MILLIS = 200;

    /** Runs once on each new worker connection (session settings). */
    interface SessionSetup {
        void prepare(Connection c) throws SQLException;
    }

    private final TargetConnections target;

    private final List<Worker> workers = new ArrayList<>();
    private final ExecutorService pool;
    private final GtidSet committed = new GtidSet();
    private volatile boolean closed;
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
        pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "pitr-replay");
            t.setDaemon(true);
            return t;
        });
        workers.forEach(w -> w.future = pool.submit(w::loop));
    }

    /** The GTIDs of the units that committed. */
    GtidSet committed() {
        synchronized (lock) {
            return committed.copy();
        }
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
                waitChecked();
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
            waitChecked();
        }
        throwIfFailed();
    }

    /**
     * Waits (holding {@code lock}) for a worker to finish a unit, a bounded time at a time: a worker that is gone
     * (its task ended, whatever the reason) fails the replay instead of being waited for.
     */
    private void waitChecked() throws InterruptedException {
        lock.wait(CHECK_MILLIS);
        for (Worker w : workers) {
            if (w.future.isDone() && failure.get() == null) {
                ApplyUnit u = w.unit;
                failure.compareAndSet(
                        null,
                        new PitrException(
                                ErrorCode.INTERNAL,
                                "replay worker " + w.number + " stopped unexpectedly"
                                        + (u == null ? "" : " while applying " + u.gtid()) + ": "
                                        + outcome(w.future) + "; what was applied before it stays",
                                "report this with the restore's log; run the same command again to carry on"));
            }
        }
    }

    private static String outcome(Future<?> f) {
        try {
            f.get(0, TimeUnit.MILLISECONDS);
            return "it returned";
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause());
        } catch (CancellationException | TimeoutException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
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
                committed.add(Gtid.parse(unit.gtid()));
                appliedEvents.addAndGet(unit.events());
                lastCommit = Instant.EPOCH.plusNanos(unit.commitMicros() * 1000);
            }
            lock.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (pool != null) {
            pool.shutdownNow();
        }
        for (Worker w : workers) {
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

    /** A connection and its task, applying one unit at a time. */
    private final class Worker {
        final int number;
        final Connection connection;
        volatile Future<?> future;
        volatile ApplyUnit unit;
        private byte[] sentFormat;

        Worker(int number, Connection connection) {
            this.number = number;
            this.connection = connection;
        }

        void assign(ApplyUnit u) {
            unit = u;
            synchronized (this) {
                notifyAll();
            }
        }

        private void loop() {
            try {
                while (!closed) {
                    ApplyUnit u;
                    synchronized (this) {
                        while ((u = unit) == null && !closed) {
                            wait(CHECK_MILLIS);
                        }
                    }
                    if (u == null) {
                        return;
                    }
                    PitrException error = null;
                    try {
                        apply(u);
                    } catch (SQLException e) {
                        error = failed(u, e);
                    } catch (Throwable e) { // an Error too: it must fail the restore, never pass for applied
                        rollbackQuietly();
                        error = new PitrException(
                                ErrorCode.INTERNAL,
                                "replaying " + u.gtid() + " (journal index " + u.index() + ") failed unexpectedly: " + e
                                        + "; what was applied before it stays",
                                "report this with the restore's log; run the same command again to carry on",
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
                UnitStatements.run(st, u.sql(), u.mayHaveRun(), u.gtid());
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
