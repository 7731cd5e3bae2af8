package io.binlogpitr.restore.engine;

import io.binlogpitr.common.binlog.BinlogTransaction;
import io.binlogpitr.common.binlog.FormatDescription;
import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalEntry;
import io.binlogpitr.common.journal.JournalReader;
import io.binlogpitr.restore.plan.RestorePlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * none); when GTIDs are preserved, the GTIDs of the batches that committed are added to the target's
 * {@code gtid_purged} once the last batch is in, so the target ends with the source's {@code gtid_executed} at the
 * point, as a per-transaction replay does. A journal that ends before the plan's last transaction fails the replay.
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
    private BatchApplier applier;
    private Future<?> applying;

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
    sealed interface Work permits Batch, Ddl, End {}

    record Batch(
            FormatDescription format,
            byte[] formatEvent,
            List<String> statements,
            long lastIndex,
            String firstGtid,
            String lastGtid,
            GtidSet gtids,
            int transactions,
            int events,
            long commitMicros)
            implements Work {}

    record Ddl(
            List<String> statements,
            long index,
            Gtid gtid,
            boolean mayHaveRun,
            byte[] formatEvent,
            int events,
            long commitMicros)
            implements Work {}

    record End() implements Work {}

    ReplayResult run(RestorePlan plan, long appliedIndex, long pendingDdlIndex, ProgressReporter progress)
            throws InterruptedException {
        long total = plan.replay().size();
        progress.phase("replay " + total + " transactions", total);
        BlockingQueue<Work> queue = new ArrayBlockingQueue<>(3);
        applier = new BatchApplier(target, restoreId, queue, progress);
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pitr-replay");
            t.setDaemon(true);
            return t;
        });
        applying = pool.submit(applier);
        GtidSet earlier = new GtidSet();
        GtidSet seen = new GtidSet();
        long bytes = 0;
        try (JournalReader reader = JournalReader.open(options.repository().journal())) {
            Builder batch = new Builder();
            Optional<JournalEntry> next;
            while (!applying.isDone() && (next = reader.next()).isPresent()) {
                JournalEntry entry = next.get();
                Gtid gtid = entry.header().gtid();
                if (!plan.replay().contains(gtid) || !seen.add(gtid)) {
                    continue;
                }
                if (entry.index() <= appliedIndex) {
                    earlier.add(gtid);
                    sql.alreadyApplied(entry);
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
            // the applier waits for work that will not come: stop it
            applier.stop();
            applying.cancel(true);
            throw e;
        } finally {
            pool.shutdown();
        }
        applier.await(applying);
        if (!applier.failed() && !seen.contains(plan.lastIncluded())) {
            throw Replayer.journalEndedEarly(plan, seen);
        }
        applier.throwIfFailed();
        progress.done();
        LOG.info(
                "replayed {} transactions ({} row events) in {} batches; {} were applied by an earlier run",
                applier.transactions(),
                applier.events(),
                applier.batches(),
                earlier.size());
        return new ReplayResult(
                applier.transactions(), earlier.size(), applier.events(), bytes, applier.committed(), earlier);
    }

    /** Hands work to the applier; gives up (its failure is thrown after) once the applier has stopped. */
    private void put(BlockingQueue<Work> queue, Work work) throws InterruptedException {
        while (!applying.isDone()) {
            if (queue.offer(work, 200, TimeUnit.MILLISECONDS)) {
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
        boolean ctas = false;
        for (BinlogTransaction.Part part : tx.parts()) {
            if (part instanceof BinlogTransaction.Statement statement) {
                List<String> statements = sql.statementSql(statement.query(), gtid);
                if (!statements.isEmpty()) {
                    ddl = true;
                    alone.addAll(statements);
                    ctas |= TransactionSql.opensTransaction(statements);
                }
            } else if (part instanceof BinlogTransaction.RowsGroup group) {
                List<byte[]> events = sql.rows(group.events(), fd, gtid);
                rows.addAll(events);
                if (ddl && !events.isEmpty()) {
                    // a CREATE TABLE ... SELECT opened the transaction its rows belong to
                    alone.addAll(ctas ? List.of() : List.of("BEGIN"));
                    alone.addAll(sql.binlogStatements(events, fd, "transaction " + gtid));
                    alone.addAll(ctas ? List.of() : List.of("COMMIT"));
                }
            }
        }
        if (ctas) {
            alone.addAll(TransactionSql.closeCtas());
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
                            entry.header().gtid(),
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
        batch.transaction(entry.index(), entry.header().gtid(), entry.header().originalCommitMicros());
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
        private GtidSet gtids = new GtidSet();
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

        void transaction(long index, Gtid gtid, long micros) {
            if (firstGtid == null) {
                firstGtid = gtid.toString();
            }
            lastGtid = gtid.toString();
            gtids.add(gtid);
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
                    gtids,
                    transactions,
                    rowsEvents,
                    commitMicros);
            events = new ArrayList<>();
            gtids = new GtidSet();
            eventBytes = 0;
            firstGtid = null;
            transactions = 0;
            rowsEvents = 0;
            formatEvent = null;
            format = null;
            return b;
        }
    }

    /**
     * Adds the GTIDs of the batches that committed (this run's and an earlier run's, {@link
     * ReplayResult#accounted()}) to the target's gtid_purged, those it does not have yet; never a planned GTID
     * that was not applied.
     */
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
