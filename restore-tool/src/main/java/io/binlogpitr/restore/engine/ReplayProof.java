package io.binlogpitr.restore.engine;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.snapshot.SnapshotLoadResult;
import java.util.Optional;

/**
 * The proof a restore gives before it says complete: the transactions it applied are exactly the planned ones,
 * and every snapshot chunk it loaded matched its checksum. Counted from the target itself when GTIDs are
 * preserved (its {@code gtid_executed} after the replay); otherwise from what the replay committed, each batch or
 * transaction together with its progress row.
 *
 * @param planned transactions the plan replays
 * @param applied planned transactions found applied (this run and earlier ones)
 * @param earlier of those, applied by an earlier run
 * @param chunksVerified snapshot chunks loaded by this run, each matching its CRC32C; -1 when an earlier run loaded
 *     the snapshot
 * @param chunks snapshot chunks to load; -1 when an earlier run loaded the snapshot
 * @param fromGtidExecuted true when {@code applied} was counted in the target's {@code gtid_executed}
 */
public record ReplayProof(
        long planned, long applied, long earlier, int chunksVerified, int chunks, boolean fromGtidExecuted) {

    /**
     * Checks the replay against the plan and the load against the snapshot.
     *
     * @param executed the target's gtid_executed after the replay, when GTIDs are preserved
     * @throws PitrException REPLAY_FAILED naming the first missing GTID when anything planned is not applied;
     *     SNAPSHOT_LOAD_FAILED when a chunk was not verified
     */
    static ReplayProof check(
            GtidSet planned,
            GtidSet snapshotSet,
            ReplayResult replay,
            Optional<GtidSet> executed,
            Optional<SnapshotLoadResult> load) {
        GtidSet found;
        if (executed.isPresent()) {
            GtidSet lacking = snapshotSet.subtract(executed.get());
            if (!lacking.isEmpty()) {
                throw new PitrException(
                        ErrorCode.REPLAY_FAILED,
                        "after the replay the target's gtid_executed lacks " + lacking.size()
                                + " transactions of the snapshot's set, the first is " + first(lacking)
                                + "; the restore is not complete",
                        "report this with the restore's log; run the same command again to retry");
            }
            found = planned.intersect(executed.get());
        } else {
            found = planned.intersect(replay.accounted());
        }
        GtidSet missing = planned.subtract(found);
        if (!missing.isEmpty()) {
            throw new PitrException(
                    ErrorCode.REPLAY_FAILED,
                    "the restore applied " + found.size() + " of the " + planned.size() + " planned transactions"
                            + (executed.isPresent() ? " (counted in the target's gtid_executed)" : "")
                            + ": the first missing is " + first(missing) + " (" + missing.abbreviated()
                            + " missing); the restore is not complete",
                    "run the same command again: it carries on with what is missing; if it fails again, report it"
                            + " with the restore's log");
        }
        int verified = load.map(SnapshotLoadResult::chunksVerified).orElse(-1);
        int chunks = load.map(SnapshotLoadResult::chunks).orElse(-1);
        if (verified != chunks) {
            throw new PitrException(
                    ErrorCode.SNAPSHOT_LOAD_FAILED,
                    "only " + verified + " of the " + chunks + " snapshot chunks were loaded and verified",
                    "drop the target databases and run the same command again");
        }
        long earlier = planned.intersect(replay.earlier()).size();
        return new ReplayProof(planned.size(), found.size(), earlier, verified, chunks, executed.isPresent());
    }

    /** The line the restore prints: {@code planned 12345 transactions, applied 12345 (100 by an earlier run), ...} */
    public String describe() {
        return "planned " + planned + " transactions, applied " + applied
                + (earlier > 0 ? " (" + earlier + " by an earlier run)" : "")
                + (fromGtidExecuted ? " (in the target's gtid_executed)" : "")
                + ", snapshot chunks verified "
                + (chunks < 0 ? "by an earlier run" : chunksVerified + "/" + chunks);
    }

    /** The first GTID of {@code set} (its first source, lowest number), as text; "none" for an empty set. */
    static String first(GtidSet set) {
        if (set.isEmpty()) {
            return "none";
        }
        String key = set.sourceKeys().get(0);
        return key + ":" + set.intervals(key).get(0).start();
    }
}
