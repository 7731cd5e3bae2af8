package io.binlogpitr.restore.plan;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.repository.RepositoryLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a restore point against a repository: which snapshot to load and which journaled transactions to
 * apply after it. Reads the journal's transaction headers once (see {@link Timeline}).
 *
 * <p>Rules: the snapshot is the newest restore base (see {@link SnapshotPosition#restoreBase()}) whose GTID set
 * holds nothing past the point, i.e. is contained in the journal's base plus the journal's prefix up to the
 * point; for {@code --to-time T} it must also have started at or before T. The replay is every transaction of that
 * prefix the snapshot does not hold, in journal order. Every refusal is {@link ErrorCode#RESTORE_POINT_OUT_OF_RANGE}
 * (exit 2) and states the restorable window.
 */
public final class RestorePlanner {
    private RestorePlanner() {}

    public static RestorePlan plan(RepositoryLayout repo, RestorePoint point) {
        Timeline t = Timeline.read(repo, point);
        RestoreWindow window = t.window();
        if (window == null) {
            throw nothingRestorable(repo, t);
        }
        if (point instanceof RestorePoint.ToGtid p) {
            return planToGtid(repo, t, window, p.gtid(), false);
        }
        if (point instanceof RestorePoint.BeforeGtid p) {
            return planToGtid(repo, t, window, p.gtid(), true);
        }
        return planToTime(repo, t, window, ((RestorePoint.ToTime) point).time());
    }

    private static RestorePlan planToGtid(
            RepositoryLayout repo, Timeline t, RestoreWindow window, Gtid gtid, boolean before) {
        String what = (before ? "--before-gtid " : "--to-gtid ") + gtid;
        if (t.targetPosition() == 0) {
            throw refused(repo, window, what + ": " + notJournaled(t, gtid));
        }
        List<SnapshotPosition> fitting = t.restoreBases().stream()
                .filter(s -> s.lastPosition() <= t.pointLength())
                .toList();
        if (fitting.isEmpty()) {
            SnapshotPosition oldest = window.earliest();
            String why = before && oldest.set().contains(gtid)
                    ? "GTID " + gtid + " is already in every usable snapshot (the oldest, " + oldest.id()
                            + ", holds it), so the data before it cannot be restored"
                    : "the point is before the earliest restorable point: the oldest usable snapshot, " + oldest.id()
                            + ", already holds " + heldAfter(oldest);
            throw refused(repo, window, what + ": " + why);
        }
        SnapshotPosition s = newest(fitting);
        Instant time = t.pointLastCommit() == null ? s.pointTime() : t.pointLastCommit();
        return plan(t, s, time);
    }

    private static RestorePlan planToTime(RepositoryLayout repo, Timeline t, RestoreWindow window, Instant time) {
        String what = "--to-time " + time;
        if (time.isAfter(window.latestTime())) {
            throw refused(
                    repo,
                    window,
                    what + ": the time is after the latest restorable point, " + window.latestTime()
                            + (window.latestGtid() == null
                                    ? " (the newest usable snapshot; the journal holds no transaction)"
                                    : " (the journal ends with " + window.latestGtid() + ")"));
        }
        List<SnapshotPosition> fitting = t.restoreBases().stream()
                .filter(s -> !s.startedAt().isAfter(time) && s.lastPosition() <= t.pointLength())
                .toList();
        if (fitting.isEmpty()) {
            SnapshotPosition oldest = window.earliest();
            String why = oldest.startedAt().isAfter(time)
                    ? "the time is before the oldest usable snapshot, " + oldest.id() + ", started at "
                            + oldest.startedAt()
                    : "the time is before the earliest restorable point: the oldest usable snapshot, " + oldest.id()
                            + ", started at " + oldest.startedAt() + " but holds " + heldAfter(oldest);
            throw refused(repo, window, what + ": " + why);
        }
        return plan(t, newest(fitting), time);
    }

    private static RestorePlan plan(Timeline t, SnapshotPosition s, Instant time) {
        GtidSet replay = t.prefix().subtract(s.set());
        // refused before anything is loaded: a replica stops at an incident, so does a restore
        for (Timeline.Incident i : t.incidents()) {
            if (replay.contains(i.at().gtid())) {
                throw i.incident()
                        .refusal(i.at(), "the restore to " + t.prefix().abbreviated());
            }
        }
        return new RestorePlan(s.entry(), s.set().copy(), replay, s.lastMissing(), time);
    }

    /** The snapshot that leaves the least to replay: the furthest along the journal, the newest of equals. */
    private static SnapshotPosition newest(List<SnapshotPosition> fitting) {
        SnapshotPosition best = fitting.get(0);
        for (SnapshotPosition s : fitting) {
            if (s.lastPosition() >= best.lastPosition()) {
                best = s;
            }
        }
        return best;
    }

    private static String heldAfter(SnapshotPosition s) {
        Gtid g = s.firstHeldAfterPoint();
        return g == null
                ? "transactions past it"
                : g + ", committed at " + s.firstHeldAfterPointTime() + ", which is past it";
    }

    private static String notJournaled(Timeline t, Gtid gtid) {
        if (t.base().contains(gtid)) {
            return "GTID " + gtid + " is before the journal's start (in its base, "
                    + t.base().abbreviated() + "), so no restore can stop at it";
        }
        List<String> holders = t.snapshots().stream()
                .filter(s -> s.set() != null && s.set().contains(gtid))
                .map(SnapshotPosition::id)
                .toList();
        if (!holders.isEmpty()) {
            return "GTID " + gtid + " is not journaled; only snapshot " + String.join(", ", holders)
                    + " holds it, and the journal has not reached it yet";
        }
        List<GtidSet.Interval> known = t.journaled().intervals(gtid.sourceKey());
        if (!known.isEmpty()
                && gtid.transactionId() > known.get(known.size() - 1).end()) {
            return "GTID " + gtid + " is after the last journaled transaction of its source (" + gtid.sourceKey() + ":"
                    + known.get(known.size() - 1).end() + ")";
        }
        return "GTID " + gtid + " is not in the repository (neither in a snapshot nor in the journal)";
    }

    private static PitrException refused(RepositoryLayout repo, RestoreWindow window, String message) {
        return new PitrException(
                ErrorCode.RESTORE_POINT_OUT_OF_RANGE,
                "cannot restore to " + message + "; " + window.describe(),
                "choose a point inside that window; 'pitr-restore list --repo " + repo.root()
                        + "' shows every snapshot and the journal");
    }

    private static PitrException nothingRestorable(RepositoryLayout repo, Timeline t) {
        List<String> why = new ArrayList<>();
        long older = t.snapshots().stream()
                .filter(s -> s.problem() == null && !s.holdsBase())
                .count();
        long damaged = t.snapshots().stream().filter(s -> s.problem() != null).count();
        long ahead = t.snapshots().stream()
                .filter(s -> s.problem() == null
                        && s.holdsBase()
                        && !s.aheadOfJournal().isEmpty())
                .count();
        if (older > 0) {
            why.add(older + " older than the journal's start");
        }
        if (damaged > 0) {
            why.add(damaged + " damaged");
        }
        if (ahead > 0) {
            why.add(ahead + " ahead of the journal");
        }
        String snapshots = t.snapshots().isEmpty()
                ? "the repository has no snapshot"
                : "no snapshot can start a restore (" + t.snapshots().size() + ": " + String.join(", ", why) + ")";
        return new PitrException(
                ErrorCode.RESTORE_POINT_OUT_OF_RANGE,
                "nothing is restorable yet in " + repo.root() + ": " + snapshots + "; the journal starts after "
                        + t.base().abbreviated() + " and holds " + t.transactions() + " transactions",
                "take a snapshot with 'pitr-agent snapshot --config agent.yml'; 'pitr-restore list --repo "
                        + repo.root() + "' shows each snapshot's state");
    }
}
