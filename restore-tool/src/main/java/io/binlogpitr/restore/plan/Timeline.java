package io.binlogpitr.restore.plan;

import io.binlogpitr.common.binlog.SourceIncident;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalEntry;
import io.binlogpitr.common.journal.JournalReader;
import io.binlogpitr.common.journal.TransactionHeader;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One pass over the journal's transaction headers (in journal order, never their events, so memory stays bounded
 * by the GTID sets) that places every snapshot on the journal and, when a restore point is given, finds where the
 * point falls: the journal's prefix it includes. Used by {@link RestorePlanner} and {@code pitr-restore list}.
 *
 * <p>Positions count journaled transactions from 1 in journal order. The point's prefix ends: for
 * {@code --to-gtid G} with the first occurrence of G; for {@code --before-gtid G} just before it; for
 * {@code --to-time T} just before the first transaction committed after T (as {@code mysqlbinlog
 * --stop-datetime} stops), so a later transaction with an earlier commit time (clock skew between sources) is not
 * included.
 */
public final class Timeline {
    private final RestorePoint point;
    private final List<SnapshotPosition> snapshots;
    private final GtidSet journaled = new GtidSet();
    private final GtidSet prefix = new GtidSet();
    private GtidSet base = new GtidSet();
    private long transactions;
    private long firstMicros;
    private long lastMicros;
    private long maxMicros = Long.MIN_VALUE;
    private Gtid lastGtid;
    private boolean pointOpen;
    private long pointLength;
    private long pointLastMicros;
    private long targetPosition;
    private long targetMicros;
    private final List<Incident> incidents = new ArrayList<>();

    /** An INCIDENT the source logged, journaled as its own transaction. */
    public record Incident(TransactionHeader at, SourceIncident incident) {
        public String describe() {
            return incident.describe(at);
        }
    }

    private Timeline(RestorePoint point, List<SnapshotPosition> snapshots) {
        this.point = point;
        this.snapshots = snapshots;
        this.pointOpen = point != null;
    }

    /** Walks the repository's journal once; {@code point} may be null (nothing is planned, as for {@code list}). */
    public static Timeline read(RepositoryLayout repo, RestorePoint point) {
        List<SnapshotPosition> snapshots = new ArrayList<>();
        try {
            for (SnapshotCatalog.Entry e : SnapshotCatalog.list(repo)) {
                snapshots.add(SnapshotPosition.of(e));
            }
        } catch (IOException e) {
            throw new PitrException(
                    ErrorCode.IO,
                    "cannot list the snapshots of " + repo.root() + ": " + e,
                    "check the permissions of " + repo.snapshots(),
                    e);
        }
        Timeline t = new Timeline(point, snapshots);
        // a repository the agent created but has not journaled into yet has no queue: an empty journal
        if (Files.exists(repo.journal().resolve("metadata.cq4t"))) {
            try (JournalReader reader = JournalReader.open(repo.journal())) {
                Optional<JournalEntry> e;
                while ((e = reader.next()).isPresent()) {
                    TransactionHeader h = e.get().header();
                    t.accept(h.gtid(), h.originalCommitMicros());
                    SourceIncident.of(e.get()).ifPresent(i -> t.incidents.add(new Incident(h, i)));
                }
                t.base = reader.baseGtidSet();
            }
        }
        for (SnapshotPosition s : snapshots) {
            s.finish(t.base, t.journaled);
        }
        return t;
    }

    private void accept(Gtid gtid, long micros) {
        transactions++;
        if (transactions == 1) {
            firstMicros = micros;
        }
        lastMicros = micros;
        maxMicros = Math.max(maxMicros, micros);
        lastGtid = gtid;
        boolean first = journaled.add(gtid);
        boolean inPoint = pointOpen && includes(gtid, micros);
        if (inPoint) {
            prefix.add(gtid);
            pointLength = transactions;
            pointLastMicros = micros;
        }
        if (first && targetPosition == 0 && targetGtid() != null && targetGtid().equals(gtid)) {
            targetPosition = transactions;
            targetMicros = micros;
        }
        for (SnapshotPosition s : snapshots) {
            s.accept(gtid, micros, transactions, first, inPoint);
        }
    }

    /** Whether the point includes this transaction; closes the point at its end. */
    private boolean includes(Gtid gtid, long micros) {
        if (point instanceof RestorePoint.ToGtid p) {
            if (p.gtid().equals(gtid)) {
                pointOpen = false;
            }
            return true;
        }
        if (point instanceof RestorePoint.BeforeGtid p && p.gtid().equals(gtid)) {
            pointOpen = false;
            return false;
        }
        if (point instanceof RestorePoint.ToTime p && instant(micros).isAfter(p.time())) {
            pointOpen = false;
            return false;
        }
        return true;
    }

    private Gtid targetGtid() {
        if (point instanceof RestorePoint.ToGtid p) {
            return p.gtid();
        }
        if (point instanceof RestorePoint.BeforeGtid p) {
            return p.gtid();
        }
        return null;
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }

    /** The incidents the source logged, in journal order. */
    public List<Incident> incidents() {
        return Collections.unmodifiableList(incidents);
    }

    /** Every snapshot directory, oldest first. */
    public List<SnapshotPosition> snapshots() {
        return Collections.unmodifiableList(snapshots);
    }

    /** The snapshots a restore can start from, oldest first. */
    public List<SnapshotPosition> restoreBases() {
        return snapshots.stream().filter(SnapshotPosition::restoreBase).toList();
    }

    /** The GTID set the journal starts after. */
    public GtidSet base() {
        return base;
    }

    /** The GTIDs of the journaled transactions. */
    public GtidSet journaled() {
        return journaled;
    }

    public long transactions() {
        return transactions;
    }

    public Optional<Instant> firstCommit() {
        return transactions == 0 ? Optional.empty() : Optional.of(instant(firstMicros));
    }

    public Optional<Instant> lastCommit() {
        return transactions == 0 ? Optional.empty() : Optional.of(instant(lastMicros));
    }

    /** The last journaled transaction, or null when the journal holds none. */
    public Gtid lastGtid() {
        return lastGtid;
    }

    /** The journaled transactions the point includes (its prefix of the journal, without the base). */
    GtidSet prefix() {
        return prefix;
    }

    /** How many journaled transactions, from the start in journal order, the point includes. */
    long pointLength() {
        return pointLength;
    }

    /** Original commit time of the point's last journaled transaction; null when the point includes none. */
    Instant pointLastCommit() {
        return pointLength == 0 ? null : instant(pointLastMicros);
    }

    /** Position of the first occurrence of the point's GTID in the journal; 0 when not journaled (or a time). */
    long targetPosition() {
        return targetPosition;
    }

    Instant targetTime() {
        return targetPosition == 0 ? null : instant(targetMicros);
    }

    /** The restorable window: from the oldest restore base to the journal's end (or the newest base, if later). */
    public RestoreWindow window() {
        List<SnapshotPosition> bases = restoreBases();
        if (bases.isEmpty()) {
            return null;
        }
        SnapshotPosition oldest = bases.get(0);
        SnapshotPosition newest = bases.get(bases.size() - 1);
        Instant latest = newest.pointTime();
        // the latest commit time rather than the last one's: with clocks of several sources a little apart, the
        // whole journal is the point of its latest commit time
        if (transactions > 0 && !instant(maxMicros).isBefore(latest)) {
            latest = instant(maxMicros);
        }
        return new RestoreWindow(oldest, oldest.pointTime(), newest, lastGtid, latest);
    }
}
