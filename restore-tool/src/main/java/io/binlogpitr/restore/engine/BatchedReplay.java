package io.binlogpitr.restore.engine;

import io.binlogpitr.common.binlog.BinlogTransaction;
import io.binlogpitr.common.binlog.FormatDescription;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalEntry;
import io.binlogpitr.common.journal.JournalReader;
import io.binlogpitr.restore.plan.RestorePlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default replay: many source transactions per target transaction. Their row events go to the server in as
 * few {@code BINLOG} statements as the target's packet size allows, and one commit (one redo-log sync) covers the
 * whole batch, together with the progress row, so an interrupted run carries on exactly after the last batch. DDL
 * ends a batch and runs alone. The journal is read and the statements are built on one thread while the target
 * applies the previous batch on another.
 *
 * <p>The source's GTIDs are not given to the batch transactions (they run with {@code sql_log_bin=0}, so they get
 * none); when GTIDs are preserved, the replayed set is added to the target's {@code gtid_purged} once the last batch
 * is in, so the target ends with the source's {@code gtid_executed} at the point, as a per-transaction replay does.
 */
final class BatchedReplay {
    private static final Logger LOG = LoggerFactory.getLogger(BatchedReplay.class);
    /** A batch ends after this many source transactions... */
    static final int BATCH_TRANSACTIONS = 2000;
    /** ... or this many bytes of row events. */
    static final long BATCH_BYTES = 16L << 20;

    private final TargetConnections target;
    private final RestoreOptions options;
    private final String restoreId;
    private final boolean preserveGtids;
    private final TransactionSql sql;
    private final long batchBytes;
    private Applier applier;
    private Thread applierThread;

    BatchedReplay(
            TargetConnections target,
            RestoreOptions options,
            String restoreId,
            boolean preserveGtids,
            TransactionSql sql,
            long maxStatementBytes) {
        this.target = target;
        this.options = options;
        this.restoreId = restoreId;
        this.preserveGtids = preserveGtids;
        this.sql = sql;
        this.batchBytes = Math.min(BATCH_BYTES, maxStatementBytes);
    }

    /** Work for the applying thread: a batch, a DDL, or the end. */
    private sealed interface Work permits Batch, Ddl, End {}

    private record Batch(
            FormatDescription format,
            byte[] formatEvent,
            List<String> statements,
            long lastIndex,
            String firstGtid,
            String lastGtid,
            int transactions,
            int events,
            long commitMicros)
            implements Work {}

    private record Ddl(
            List<String> statements,
            long index,
            String gtid,
            boolean mayHaveRun,
            byte[] formatEvent,
            int events,
            long commitMicros)
            implements Work {}

    private record End() implements Work {}

    ReplayResult run(RestorePlan plan, long appliedIndex, long pendingDdlIndex, ProgressReporter progress)
            throws InterruptedException {
        long total = plan.replay().size();
        progress.phase("replay " + total + " transactions", total);
        BlockingQueue<Work> queue = new ArrayBlockingQueue<>(3);
        applier = new Applier(queue, progress);
        Thread thread = new Thread(applier, "pitr-replay");
        thread.setDaemon(true);
        applierThread = thread;
        thread.start();
        long skipped = 0;
        long bytes = 0;
        try (JournalReader reader = JournalReader.open(options.repository().journal())) {
            Builder batch = new Builder();
            GtidSet seen = new GtidSet();
            Optional<JournalEntry> next;
            while ((next = reader.next()).isPresent() && applier.failure == null) {
                JournalEntry entry = next.get();
                Gtid gtid = entry.header().gtid();
                if (!plan.replay().contains(gtid) || !seen.add(gtid)) {
                    continue;
                }
                if (entry.index() <= appliedIndex) {
                    skipped++;
                } else {
                    bytes += entry.header().payloadBytes();
                    add(entry, batch, queue, pendingDdlIndex);
                    if (batch.full(batchBytes)) {
                        put(queue, batch.take());
                    }
                }
                if (gtid.equals(plan.lastIncluded())) {
                    break;
                }
            }
            if (!batch.isEmpty()) {
                put(queue, batch.take());
            }
            put(queue, new End());
        } catch (RuntimeException | InterruptedException e) {
            // the applier waits for work that will not come: stop it, or the join below never returns
            thread.interrupt();
            throw e;
        } finally {
            thread.join();
        }
        if (applier.failure != null) {
            throw applier.failure;
        }
        progress.done();
        LOG.info(
                "replayed {} transactions ({} row events) in {} batches; {} were applied by an earlier run",
                applier.transactions,
                applier.events,
                applier.batches,
                skipped);
        return new ReplayResult(applier.transactions, skipped, applier.events, bytes);
    }

    /** Hands work to the applier; gives up (the applier's failure is thrown after) once the applier has stopped. */
    private void put(BlockingQueue<Work> queue, Work work) throws InterruptedException {
        while (applier.failure == null && applierThread.isAlive()) {
            if (queue.offer(work, 200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    /**
     * Adds one transaction: its row events to the batch; a transaction with a DDL (CREATE TABLE ... SELECT carries
     * rows too) ends the batch and goes alone, whole.
     */
    private void add(JournalEntry entry, Builder batch, BlockingQueue<Work> queue, long pendingDdlIndex)
            throws InterruptedException {
        BinlogTransaction tx = TransactionSql.classify(entry);
        String gtid = entry.header().gtid().toString();
        FormatDescription fd = tx.formatDescription();
        List<String> alone = new ArrayList<>();
        List<byte[]> rows = new ArrayList<>();
        boolean ddl = false;
        for (BinlogTransaction.Part part : tx.parts()) {
            if (part instanceof BinlogTransaction.Statement statement) {
                List<String> statements = sql.statementSql(statement.query(), gtid);
                if (!statements.isEmpty()) {
                    ddl = true;
                    alone.addAll(statements);
                }
            } else if (part instanceof BinlogTransaction.RowsGroup group) {
                List<byte[]> events = sql.rows(group.events(), fd, gtid);
                rows.addAll(events);
                if (ddl && !events.isEmpty()) {
                    alone.add("BEGIN");
                    alone.addAll(sql.binlogStatements(events, fd, "transaction " + gtid));
                    alone.add("COMMIT");
                }
            }
        }
        if (ddl) {
            if (!batch.isEmpty()) {
                put(queue, batch.take());
            }
            put(
                    queue,
                    new Ddl(
                            alone,
                            entry.index(),
                            gtid,
                            entry.index() == pendingDdlIndex,
                            rows.isEmpty() ? null : entry.formatDescription(),
                            TransactionSql.rowsEventCount(rows),
                            entry.header().originalCommitMicros()));
            return;
        }
        if (!rows.isEmpty()) {
            if (!batch.isEmpty() && !batch.sameFormat(entry.formatDescription())) {
                put(queue, batch.take());
            }
            batch.rows(fd, entry.formatDescription(), rows);
        }
        batch.transaction(entry.index(), gtid, entry.header().originalCommitMicros());
    }

    /** Collects the row events of consecutive transactions. */
    private final class Builder {
        private FormatDescription format;
        private byte[] formatEvent;
        private List<byte[]> events = new ArrayList<>();
        private long eventBytes;
        private long lastIndex = -1;
        private String firstGtid;
        private String lastGtid;
        private int transactions;
        private int rowsEvents;
        private long commitMicros;

        boolean isEmpty() {
            return transactions == 0;
        }

        boolean sameFormat(byte[] fde) {
            return formatEvent == null || Arrays.equals(formatEvent, fde);
        }

        boolean full(long maxBytes) {
            return transactions >= BATCH_TRANSACTIONS || eventBytes >= maxBytes;
        }

        void rows(FormatDescription fd, byte[] fde, List<byte[]> more) {
            format = fd;
            formatEvent = fde;
            events.addAll(more);
            for (byte[] e : more) {
                eventBytes += e.length;
            }
            rowsEvents += TransactionSql.rowsEventCount(more);
        }

        void transaction(long index, String gtid, long micros) {
            if (firstGtid == null) {
                firstGtid = gtid;
            }
            lastGtid = gtid;
            lastIndex = index;
            transactions++;
            commitMicros = micros;
        }

        Batch take() {
            List<String> statements = new ArrayList<>();
            statements.add("BEGIN");
            if (!events.isEmpty()) {
                statements.addAll(sql.binlogStatements(events, format, "the batch " + firstGtid + " .. " + lastGtid));
            }
            statements.add(RestoreState.appliedSql(restoreId, lastIndex, lastGtid));
            statements.add("COMMIT");
            Batch b = new Batch(
                    format,
                    formatEvent,
                    statements,
                    lastIndex,
                    firstGtid,
                    lastGtid,
                    transactions,
                    rowsEvents,
                    commitMicros);
            events = new ArrayList<>();
            eventBytes = 0;
            firstGtid = null;
            transactions = 0;
            rowsEvents = 0;
            formatEvent = null;
            format = null;
            return b;
        }
    }

    /** Applies the work on one connection, in order. */
    private final class Applier implements Runnable {
        private final BlockingQueue<Work> queue;
        private final ProgressReporter progress;
        volatile PitrException failure;
        long transactions;
        long events;
        long batches;
        private byte[] sentFormat;

        Applier(BlockingQueue<Work> queue, ProgressReporter progress) {
            this.queue = queue;
            this.progress = progress;
        }

        @Override
        public void run() {
            try (Connection c = target.open();
                    Statement st = c.createStatement()) {
                st.execute("SET SESSION sql_log_bin = 0");
                while (true) {
                    Work w = queue.take();
                    if (w instanceof End) {
                        return;
                    }
                    try {
                        if (w instanceof Batch b) {
                            apply(st, b);
                        } else if (w instanceof Ddl d) {
                            apply(st, d);
                        }
                    } catch (SQLException e) {
                        rollbackQuietly(st);
                        failure = failed(w, e);
                        return;
                    }
                }
            } catch (SQLException e) {
                failure = target.describe(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e instanceof PitrException p
                        ? p
                        : new PitrException(
                                ErrorCode.INTERNAL, "replay failed unexpectedly: " + e, "report this with the log", e);
            }
        }

        private void sendFormat(Statement st, byte[] fde) throws SQLException {
            if (fde != null && !Arrays.equals(fde, sentFormat)) {
                st.execute("BINLOG '" + Base64.getEncoder().encodeToString(fde) + "'");
                // applying a FORMAT_DESCRIPTION event leaves the session's gtid_next ANONYMOUS
                st.execute("SET SESSION gtid_next = 'AUTOMATIC'");
                sentFormat = fde;
            }
        }

        private void apply(Statement st, Batch b) throws SQLException {
            sendFormat(st, b.formatEvent());
            for (String s : b.statements()) {
                st.execute(s);
            }
            transactions += b.transactions();
            events += b.events();
            batches++;
            progress.progress(
                    transactions,
                    "at " + b.lastGtid() + ", committed " + Instant.EPOCH.plusNanos(b.commitMicros() * 1000));
        }

        private void apply(Statement st, Ddl d) throws SQLException {
            sendFormat(st, d.formatEvent());
            st.execute(RestoreState.pendingSql(restoreId, d.index()));
            try {
                for (String s : d.statements()) {
                    st.execute(s);
                }
            } catch (SQLException e) {
                if (!(d.mayHaveRun() && ParallelApplier.ALREADY_DONE.contains(e.getErrorCode()))) {
                    throw e;
                }
                LOG.warn(
                        "{} was started by an interrupted run and its effect is there already ({}); counting it as"
                                + " applied",
                        d.gtid(),
                        PitrException.firstLine(e.getMessage()));
                st.execute("SET @@session.timestamp = DEFAULT");
            }
            st.execute(RestoreState.appliedSql(restoreId, d.index(), d.gtid()));
            transactions++;
            events += d.events();
        }

        private void rollbackQuietly(Statement st) {
            try {
                st.execute("ROLLBACK");
            } catch (SQLException | RuntimeException e) {
                LOG.debug("rollback after a failure: {}", e.toString());
            }
        }

        private PitrException failed(Work w, SQLException e) {
            String what = w instanceof Batch b
                    ? "the transactions " + b.firstGtid() + " .. " + b.lastGtid() + " (one batch)"
                    : "transaction " + ((Ddl) w).gtid();
            return new PitrException(
                    ErrorCode.REPLAY_FAILED,
                    "the target refused " + what + ": " + PitrException.firstLine(e.getMessage()) + " (MySQL error "
                            + e.getErrorCode() + "); what was applied before it stays",
                    "fix the cause, then run the same command again: it carries on from here (--per-transaction"
                            + " names the exact transaction)",
                    e);
        }
    }

    /** Adds the replayed transactions to the target's gtid_purged (those it does not have yet). */
    static void recordGtids(Connection c, GtidSet replayed, GtidSet executed) throws SQLException {
        GtidSet missing = replayed.subtract(executed);
        if (missing.isEmpty()) {
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("SET GLOBAL gtid_purged = '+" + missing + "'");
        }
    }
}
