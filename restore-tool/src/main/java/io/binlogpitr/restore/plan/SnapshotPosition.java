package io.binlogpitr.restore.plan;

import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Where one snapshot stands on the journal, as {@link Timeline} found it: which journaled transactions it holds
 * (by their first position in journal order, from 1), whether it can be a restore base, and what it lacks up to
 * the restore point. Filled in during the walk; read-only after it.
 */
public final class SnapshotPosition {
    private final SnapshotCatalog.Entry entry;
    private final GtidSet set;
    private final Instant startedAt;
    private final String problem;
    private long lastPosition;
    private long lastHeldMicros = Long.MIN_VALUE;
    private Gtid lastMissing;
    private Gtid firstHeldAfterPoint;
    private long firstHeldAfterPointMicros;
    private boolean holdsBase;
    private GtidSet aheadOfJournal = new GtidSet();

    private SnapshotPosition(SnapshotCatalog.Entry entry, GtidSet set, Instant startedAt, String problem) {
        this.entry = entry;
        this.set = set;
        this.startedAt = startedAt;
        this.problem = problem;
    }

    /** Reads what the manifest says; a missing chunk file or one of the wrong size makes the snapshot damaged. */
    static SnapshotPosition of(SnapshotCatalog.Entry e) {
        if (!e.readable()) {
            return new SnapshotPosition(e, null, null, e.problem());
        }
        SnapshotManifest m = e.manifest();
        GtidSet set;
        Instant started;
        if (m.startedAt() == null) {
            return new SnapshotPosition(e, null, null, "manifest.json has no startedAt");
        }
        try {
            set = GtidSet.parse(m.gtidSet());
            started = Instant.parse(m.startedAt());
        } catch (IllegalArgumentException | DateTimeParseException ex) {
            return new SnapshotPosition(e, null, null, "manifest.json: " + ex.getMessage());
        }
        return new SnapshotPosition(e, set, started, chunkProblem(e.dir(), m));
    }

    private static String chunkProblem(Path dir, SnapshotManifest m) {
        int bad = 0;
        String first = null;
        for (SnapshotManifest.Database d : m.databases()) {
            for (SnapshotManifest.Table t : d.tables()) {
                for (SnapshotManifest.Chunk c : t.chunks()) {
                    String what = null;
                    try {
                        long size = Files.size(dir.resolve(c.file()));
                        if (size != c.bytes()) {
                            what = c.file() + " has " + size + " bytes, the manifest says " + c.bytes();
                        }
                    } catch (IOException ex) {
                        what = c.file() + " is missing";
                    }
                    if (what != null && bad++ == 0) {
                        first = what;
                    }
                }
            }
        }
        return bad == 0 ? null : first + (bad > 1 ? " (and " + (bad - 1) + " more chunk files)" : "");
    }

    /** Called for each journaled transaction, in journal order. */
    void accept(Gtid gtid, long micros, long position, boolean firstOccurrence, boolean inPoint) {
        if (set == null) {
            return;
        }
        if (set.contains(gtid)) {
            if (firstOccurrence) {
                lastPosition = position;
                lastHeldMicros = Math.max(lastHeldMicros, micros);
                if (!inPoint && firstHeldAfterPoint == null) {
                    firstHeldAfterPoint = gtid;
                    firstHeldAfterPointMicros = micros;
                }
            }
        } else if (inPoint) {
            lastMissing = gtid;
        }
    }

    void finish(GtidSet base, GtidSet journaled) {
        if (set != null) {
            holdsBase = set.containsAll(base);
            aheadOfJournal = set.subtract(base).subtract(journaled);
        }
    }

    public SnapshotCatalog.Entry entry() {
        return entry;
    }

    public String id() {
        return entry.id();
    }

    /** The snapshot's GTID set, or null when its manifest is unreadable. */
    public GtidSet set() {
        return set;
    }

    /** Null when the manifest is unreadable. */
    public Instant startedAt() {
        return startedAt;
    }

    /** Why the snapshot is damaged (unreadable manifest, missing or truncated chunk file), or null. */
    public String problem() {
        return problem;
    }

    /** True when the journal starts at or before the snapshot: its set holds the journal's base. */
    public boolean holdsBase() {
        return holdsBase;
    }

    /** What the snapshot holds that is neither in the journal's base nor journaled (the journal is behind it). */
    public GtidSet aheadOfJournal() {
        return aheadOfJournal;
    }

    /**
     * Can a restore start from it: not damaged, holds the journal's base, and holds nothing the journal lacks (so
     * its consistent point is a point of the journal).
     */
    public boolean restoreBase() {
        return problem == null && holdsBase && aheadOfJournal.isEmpty();
    }

    /** The last position (from 1) of a journaled transaction the snapshot holds; 0 if it holds none. */
    public long lastPosition() {
        return lastPosition;
    }

    /**
     * The time of the snapshot's consistent point as far as it is known: when it started or, if it holds a
     * transaction committed later (one that committed while the snapshot waited for its lock), that commit time.
     */
    public Instant pointTime() {
        if (startedAt == null) {
            return null;
        }
        if (lastHeldMicros == Long.MIN_VALUE) {
            return startedAt;
        }
        Instant held = Timeline.instant(lastHeldMicros);
        return held.isAfter(startedAt) ? held : startedAt;
    }

    Gtid lastMissing() {
        return lastMissing;
    }

    Gtid firstHeldAfterPoint() {
        return firstHeldAfterPoint;
    }

    Instant firstHeldAfterPointTime() {
        return firstHeldAfterPoint == null ? null : Timeline.instant(firstHeldAfterPointMicros);
    }
}
