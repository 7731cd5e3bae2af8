package io.binlogpitr.restore.plan;

import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import java.time.Instant;
import java.util.Objects;

/**
 * What a restore does: load {@code snapshot}, then apply the journal's transactions in {@code replay}, in journal
 * order (the order they committed on the source), stopping after {@code lastIncluded}.
 *
 * <p>How to apply it: read the journal from its start with {@code JournalReader}; skip every transaction whose
 * GTID is not in {@code replay} (those in {@code startAfter} are already in the snapshot, later ones are past the
 * point); apply the others, each GTID once (the first time it is met); stop after applying {@code lastIncluded}.
 *
 * @param snapshot the snapshot to load: readable, holding the journal's base, and holding nothing past the point
 * @param startAfter the snapshot's GTID set: what the loaded data holds ({@code gtid_purged} on the target)
 * @param replay exactly the journaled transactions to apply; disjoint from {@code startAfter}; may be empty
 * @param lastIncluded the last transaction of {@code replay} in journal order, or null when {@code replay} is empty
 * @param pointTime the time the restored data corresponds to: for {@code --to-time} the time asked for; otherwise
 *     the original commit time of the point's last transaction in journal order ({@code --to-gtid G}: G's;
 *     {@code --before-gtid G}: the one journaled just before G), replayed or already in the snapshot; when the
 *     point includes no journaled transaction at all, the snapshot's {@code startedAt}
 */
public record RestorePlan(
        SnapshotCatalog.Entry snapshot, GtidSet startAfter, GtidSet replay, Gtid lastIncluded, Instant pointTime) {

    public RestorePlan {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(startAfter, "startAfter");
        Objects.requireNonNull(replay, "replay");
        Objects.requireNonNull(pointTime, "pointTime");
        if (replay.isEmpty() != (lastIncluded == null)) {
            throw new IllegalArgumentException("lastIncluded must be set exactly when something is replayed");
        }
    }
}
