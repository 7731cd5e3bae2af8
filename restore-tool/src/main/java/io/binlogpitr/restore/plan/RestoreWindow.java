package io.binlogpitr.restore.plan;

import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import java.time.Instant;

/**
 * The points a repository can restore to: from the oldest snapshot a restore can start from (its consistent
 * point: its GTID set, at {@code earliestTime}) to the last journaled transaction ({@code latestGtid}, committed at
 * {@code latestTime}); when the newest restore base is later than the last journaled commit, to that snapshot.
 *
 * @param earliest the oldest restore base
 * @param earliestTime when it started, or the commit time of the latest transaction it holds if that is later
 * @param newest the newest restore base
 * @param latestGtid the last journaled transaction, or null when the journal holds none
 * @param latestTime the latest original commit time in the journal (the last transaction's, unless the clocks of
 *     several sources disagree), or the newest restore base's point time if that is later
 */
public record RestoreWindow(
        SnapshotPosition earliest, Instant earliestTime, SnapshotPosition newest, Gtid latestGtid, Instant latestTime) {

    public GtidSet earliestSet() {
        return earliest.set();
    }

    /**
     * One line for messages, e.g. {@code restorable: 2026-11-21T06:37:09Z (snapshot 20261121T063709Z, after
     * uuid:1-126) to 2026-11-21T07:12:44.123456Z (uuid:4821)}.
     */
    public String describe() {
        return "restorable: " + earliestTime + " (snapshot " + earliest.id() + ", after "
                + earliest.set().abbreviated() + ") to " + latestTime + " (" + latestDescription() + ")";
    }

    private String latestDescription() {
        return latestGtid == null
                ? "snapshot " + newest.id() + "; the journal holds no transaction yet"
                : latestGtid.toString();
    }
}
