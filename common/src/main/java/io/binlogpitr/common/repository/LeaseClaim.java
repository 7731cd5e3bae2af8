package io.binlogpitr.common.repository;

import io.binlogpitr.common.gtid.GtidSet;
import java.util.List;

/**
 * What a reader needs kept while it runs: snapshots by id (or every snapshot) and the journal after a GTID set
 * (every journal record whose transaction is not in {@code journalAfter}; an empty set: the whole journal).
 *
 * @param command the reader, for people ("pitr-restore restore")
 * @param allSnapshots every snapshot of the repository (a reader that has not yet chosen one, or reads them all)
 * @param snapshots the snapshot ids it reads, when not {@code allSnapshots}
 * @param journalAfter retention may delete journal files only of transactions in this set
 */
public record LeaseClaim(String command, boolean allSnapshots, List<String> snapshots, GtidSet journalAfter) {
    public LeaseClaim {
        snapshots = List.copyOf(snapshots);
        journalAfter = journalAfter.copy();
    }

    /** Every snapshot and the whole journal: what a reader claims before it knows what it will read. */
    public static LeaseClaim everything(String command) {
        return new LeaseClaim(command, true, List.of(), new GtidSet());
    }

    /** One snapshot and the journal after its GTID set: what a planned restore reads. */
    public static LeaseClaim snapshot(String command, String snapshotId, GtidSet journalAfter) {
        return new LeaseClaim(command, false, List.of(snapshotId), journalAfter);
    }

    public boolean needsSnapshot(String id) {
        return allSnapshots || snapshots.contains(id);
    }

    /** What it claims, for log lines and status. */
    public String describe() {
        String what = allSnapshots ? "every snapshot" : "snapshot " + String.join(", ", snapshots);
        String journal =
                journalAfter.isEmpty() ? "the whole journal" : "the journal after " + journalAfter.abbreviated();
        return what + " and " + journal;
    }
}
