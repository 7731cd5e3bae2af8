package io.binlogpitr.restore.engine;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The applying side of {@link BatchedReplay}: takes batches and DDL from the queue and applies them on one
 * connection, in order. Any {@link Throwable} while applying (an SQL error, a lost connection, an {@code Error})
 * stops it and becomes its failure, naming the GTIDs in progress; only work that committed counts in
 * {@link #committed()}.
 */
final class BatchApplier implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchApplier.class);

    private final TargetConnections target;
    private final String restoreId;
    private final BlockingQueue<BatchedReplay.Work> queue;
    private final ProgressReporter progress;
    private final GtidSet committed = new GtidSet();
    private volatile PitrException failure;
    private volatile boolean stop;
    private volatile boolean ended;
    private long transactions;
    private long events;
    private long batches;
    private byte[] sentFormat;

    BatchApplier(
            TargetConnections target,
            String restoreId,
            BlockingQueue<BatchedReplay.Work> queue,
            ProgressReporter progress) {
        this.target = target;
        this.restoreId = restoreId;
        this.queue = queue;
        this.progress = progress;
    }

    @Override
    public void run() {
        BatchedReplay.Work w = null;
        try (Connection c = target.open();
                Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_log_bin = 0");
            while (!stop) {
                w = queue.poll(200, TimeUnit.MILLISECONDS);
                if (w == null) {
                    continue;
                }
                if (w instanceof BatchedReplay.End) {
                    ended = true;
                    return;
                }
                try {
                    if (w instanceof BatchedReplay.Batch b) {
                        apply(st, b);
                    } else if (w instanceof BatchedReplay.Ddl d) {
                        apply(st, d);
                    }
                } catch (SQLException e) {
                    rollbackQuietly(st);
                    failure = refused(w, e);
                    return;
                }
            }
        } catch (InterruptedException e) {
            failure = new PitrException(
                    ErrorCode.INTERNAL,
                    "the replay was interrupted" + (w == null ? "" : " after " + what(w)),
                    "run the same command again to carry on",
                    e);
            Thread.currentThread().interrupt();
        } catch (PitrException e) {
            failure = e;
        } catch (SQLException e) {
            failure = target.describe(e);
        } catch (Throwable e) { // an Error too: the replay must fail, never end as if it were done
            failure = new PitrException(
                    ErrorCode.INTERNAL,
                    "the replay stopped unexpectedly" + (w == null ? "" : " while applying " + what(w)) + ": " + e
                            + "; what was applied before it stays",
                    "report this with the restore's log; run the same command again to carry on",
                    e);
        }
    }

    /** Tells the applier to take no more work. */
    void stop() {
        stop = true;
    }

    /**
     * Waits until the applier has finished (it stops when its work ends, or it failed, or it was stopped); an
     * applier that stopped before the end of its work without a failure of its own fails too.
     */
    void await(Future<?> applying) throws InterruptedException {
        try {
            applying.get();
            if (!ended && failure == null) {
                failure = new PitrException(
                        ErrorCode.INTERNAL,
                        "the replay's applier stopped before the end of its work",
                        "report this with the restore's log; run the same command again to carry on");
            }
        } catch (CancellationException e) {
            if (failure == null) {
                failure = new PitrException(
                        ErrorCode.INTERNAL, "the replay was cancelled", "run the same command again", e);
            }
        } catch (ExecutionException e) {
            if (failure == null) {
                failure = new PitrException(
                        ErrorCode.INTERNAL,
                        "the replay stopped unexpectedly: " + e.getCause(),
                        "report this with the restore's log; run the same command again to carry on",
                        e.getCause());
            }
        }
    }

    boolean failed() {
        return failure != null;
    }

    void throwIfFailed() {
        if (failure != null) {
            throw failure;
        }
    }

    /** The GTIDs of the batches and DDL that committed; read after {@link #await}. */
    GtidSet committed() {
        return committed.copy();
    }

    long transactions() {
        return transactions;
    }

    long events() {
        return events;
    }

    long batches() {
        return batches;
    }

    private void sendFormat(Statement st, byte[] fde) throws SQLException {
        if (fde != null && !Arrays.equals(fde, sentFormat)) {
            st.execute("BINLOG '" + Base64.getEncoder().encodeToString(fde) + "'");
            // applying a FORMAT_DESCRIPTION event leaves the session's gtid_next ANONYMOUS
            st.execute("SET SESSION gtid_next = 'AUTOMATIC'");
            sentFormat = fde;
        }
    }

    private void apply(Statement st, BatchedReplay.Batch b) throws SQLException {
        sendFormat(st, b.formatEvent());
        for (String s : b.statements()) {
            st.execute(s);
        }
        committed.addAll(b.gtids());
        transactions += b.transactions();
        events += b.events();
        batches++;
        progress.progress(
                transactions, "at " + b.lastGtid() + ", committed " + Instant.EPOCH.plusNanos(b.commitMicros() * 1000));
    }

    private void apply(Statement st, BatchedReplay.Ddl d) throws SQLException {
        sendFormat(st, d.formatEvent());
        st.execute(RestoreState.pendingSql(restoreId, d.index()));
        UnitStatements.run(st, d.statements(), d.mayHaveRun(), d.gtid().toString());
        st.execute(RestoreState.appliedSql(restoreId, d.index(), d.gtid().toString()));
        committed.add(d.gtid());
        transactions++;
        events += d.events();
    }

    private static void rollbackQuietly(Statement st) {
        try {
            st.execute("ROLLBACK");
        } catch (SQLException | RuntimeException e) {
            LOG.debug("rollback after a failure: {}", e.toString());
        }
    }

    private static String what(BatchedReplay.Work w) {
        if (w instanceof BatchedReplay.Batch b) {
            return "the transactions " + b.firstGtid() + " .. " + b.lastGtid() + " (one batch)";
        }
        return w instanceof BatchedReplay.Ddl d ? "transaction " + d.gtid() : "the end of the replay";
    }

    private static PitrException refused(BatchedReplay.Work w, SQLException e) {
        return new PitrException(
                ErrorCode.REPLAY_FAILED,
                "the target refused " + what(w) + ": " + PitrException.firstLine(e.getMessage()) + " (MySQL error "
                        + e.getErrorCode() + "); what was applied before it stays",
                "fix the cause, then run the same command again: it carries on from here (--per-transaction"
                        + " names the exact transaction)",
                e);
    }
}
