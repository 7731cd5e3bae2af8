package io.binlogpitr.restore.engine;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalEntry;
import io.binlogpitr.common.journal.JournalReader;
import io.binlogpitr.restore.plan.RestorePlan;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays the plan's transactions from the journal into the target, in journal order, each as one packet of
 * statements ({@link TransactionSql}). With preserved GTIDs several connections apply transactions the source's
 * logical clock marks as independent ({@link ParallelApplier}); with new GTIDs one connection applies them one after
 * another, each with its progress row, so a re-run carries on exactly where the last one stopped.
 */
final class Replayer {
    private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);

    private final TargetConnections target;
    private final RestoreOptions options;
    private final String restoreId;
    private final boolean preserveGtids;

    Replayer(TargetConnections target, RestoreOptions options, String restoreId, boolean preserveGtids) {
        this.target = target;
        this.options = options;
        this.restoreId = restoreId;
        this.preserveGtids = preserveGtids;
    }

    /**
     * @param targetExecuted the target's gtid_executed now: with preserved GTIDs, what is in it is skipped
     * @param appliedIndex with new GTIDs, the journal index of the last transaction applied by an earlier run
     * @param pendingDdlIndex with new GTIDs, a DDL an earlier run started; if it is the next one, it may have run
     */
    ReplayResult replay(
            RestorePlan plan,
            GtidSet targetExecuted,
            long maxAllowedPacket,
            long appliedIndex,
            long pendingDdlIndex,
            ProgressReporter progress)
            throws InterruptedException {
        if (plan.replay().isEmpty()) {
            return ReplayResult.NONE;
        }
        Map<Integer, String> collations = collations();
        // statements stay well under the target's max_allowed_packet
        long packetBytes = Math.max(1 << 20, maxAllowedPacket / 2);
        TransactionSql sql = new TransactionSql(
                options,
                restoreId,
                preserveGtids,
                collations::get,
                packetBytes / 2,
                plan.snapshot().manifest());
        if (!options.perTransaction()) {
            return new BatchedReplay(target, options, restoreId, preserveGtids, sql, packetBytes / 2)
                    .run(plan, appliedIndex, pendingDdlIndex, progress);
        }
        int threads = preserveGtids ? options.replayThreads() : 1;
        long total = plan.replay().size();
        progress.phase("replay " + total + " transactions", total);
        GtidSet seen = new GtidSet();
        GtidSet earlier = new GtidSet();
        GtidSet nothingToApply = new GtidSet();
        long bytes = 0;
        try (ParallelApplier applier = new ParallelApplier(target, threads, Replayer::prepareSession);
                JournalReader reader = JournalReader.open(options.repository().journal())) {
            Optional<JournalEntry> next;
            while ((next = reader.next()).isPresent()) {
                JournalEntry entry = next.get();
                Gtid gtid = entry.header().gtid();
                if (!plan.replay().contains(gtid) || !seen.add(gtid)) {
                    continue;
                }
                boolean done = preserveGtids ? targetExecuted.contains(gtid) : entry.index() <= appliedIndex;
                if (done) {
                    earlier.add(gtid);
                    sql.alreadyApplied(entry);
                } else {
                    ApplyUnit unit = sql.unit(entry, !preserveGtids && entry.index() == pendingDdlIndex);
                    if (unit != null) {
                        applier.submit(unit);
                        bytes += entry.header().payloadBytes();
                    } else {
                        nothingToApply.add(gtid);
                    }
                }
                progress.progress(
                        applier.applied() + earlier.size(), "at " + gtid + ", committed " + applier.lastCommit());
                if (gtid.equals(plan.lastIncluded())) {
                    break;
                }
            }
            applier.drain();
            if (!seen.contains(plan.lastIncluded())) {
                throw journalEndedEarly(plan, seen);
            }
            progress.done();
            LOG.info(
                    "replayed {} transactions ({} row events) on {} connection(s); {} were already applied",
                    applier.applied(),
                    applier.appliedEvents(),
                    threads,
                    earlier.size());
            GtidSet applied = applier.committed();
            applied.addAll(nothingToApply);
            return new ReplayResult(
                    applier.applied(), earlier.size(), applier.appliedEvents(), bytes, applied, earlier);
        }
    }

    /** The journal ended before the plan's last transaction: what was applied stays, the restore fails. */
    static PitrException journalEndedEarly(RestorePlan plan, GtidSet seen) {
        GtidSet missing = plan.replay().subtract(seen);
        return new PitrException(
                ErrorCode.REPLAY_FAILED,
                "the journal ended before the planned last transaction " + plan.lastIncluded() + ": "
                        + missing.size() + " of the " + plan.replay().size()
                        + " planned transactions are not in it, the first missing is " + ReplayProof.first(missing)
                        + "; the restore is not complete (what was applied stays)",
                "check the journal with 'pitr-restore verify' (was it truncated or were files removed during the"
                        + " restore?), then run the same command again");
    }

    /** Settings every replay connection runs with. */
    private static void prepareSession(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            // the replayed transactions are not written to the target's binlog: they carry their own GTIDs (or are
            // recorded in the progress row), and a replica of the target must not receive a side database
            st.execute("SET SESSION sql_log_bin = 0");
        }
    }

    private Map<Integer, String> collations() {
        Map<Integer, String> names = new HashMap<>();
        try (Connection c = target.open();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT ID, COLLATION_NAME FROM information_schema.COLLATIONS")) {
            while (rs.next()) {
                names.put(rs.getInt(1), rs.getString(2));
            }
        } catch (SQLException e) {
            throw target.describe(e);
        }
        return names;
    }
}
