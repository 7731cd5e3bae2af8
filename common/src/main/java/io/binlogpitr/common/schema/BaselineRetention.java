package io.binlogpitr.common.schema;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.repository.ReaderLease;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which of the agent's schema baselines ({@code schema/baseline-*.json}) retention may delete once the journal has
 * been pruned. A reader walks the kept journal from its first record; before it, it takes every baseline whose GTID
 * set the journal's start holds, in the order of their sets (see {@link SchemaTracker}). The newest complete one of
 * those (the <em>foundation</em>) replaces the whole view, so every baseline taken before it, and only those, is
 * of no use to any reader: they go. The foundation stays (the oldest kept record needs it), and so does every
 * baseline after it, and every baseline a live reader's lease may still need: for a lease, the journal starts
 * where its claim lets it start ({@code journalAfter}), so a reader of the whole journal keeps every baseline.
 * Pure: the caller deletes the files. See "Retention" in docs/design/schema-history.md.
 */
public final class BaselineRetention {
    private BaselineRetention() {}

    /**
     * @param foundation the baseline readers of the kept journal start from, if any precedes the journal's start
     * @param deletable baselines no reader needs, oldest first
     * @param heldBack baselines only a live lease keeps, oldest first
     * @param readers the leases that keep them, as {@link ReaderLease.Holder#describe()} says
     */
    public record Plan(
            Optional<SchemaBaselineStore.Stored> foundation,
            List<SchemaBaselineStore.Stored> deletable,
            List<SchemaBaselineStore.Stored> heldBack,
            List<String> readers) {
        public Plan {
            deletable = List.copyOf(deletable);
            heldBack = List.copyOf(heldBack);
            readers = List.copyOf(readers);
        }
    }

    /**
     * What may go once the journal starts after {@code journalStart} (its base: every GTID before its first kept
     * record), with {@code leases} live.
     */
    public static Plan plan(
            List<SchemaBaselineStore.Stored> stored, GtidSet journalStart, List<ReaderLease.Holder> leases) {
        List<SchemaBaselineStore.Stored> ordered = new ArrayList<>(stored);
        // the tracker's order: by the size of the set (each a prefix of the source's history), then by file
        ordered.sort(Comparator.comparingLong(
                        (SchemaBaselineStore.Stored s) -> s.baseline().gtids().size())
                .thenComparing(s -> s.file().getFileName().toString()));
        GtidSet leasedStart = journalStart.copy();
        List<String> readers = new ArrayList<>();
        for (ReaderLease.Holder h : leases) {
            GtidSet narrower = leasedStart.intersect(h.claim().journalAfter());
            if (!narrower.equals(leasedStart)) {
                readers.add(h.describe());
                leasedStart = narrower;
            }
        }
        Optional<SchemaBaselineStore.Stored> free = foundation(ordered, journalStart);
        Optional<SchemaBaselineStore.Stored> leased = foundation(ordered, leasedStart);
        List<SchemaBaselineStore.Stored> unneeded = before(ordered, free);
        List<SchemaBaselineStore.Stored> deletable = before(ordered, leased);
        List<SchemaBaselineStore.Stored> heldBack = new ArrayList<>(unneeded);
        heldBack.removeAll(deletable);
        return new Plan(free, deletable, heldBack, heldBack.isEmpty() ? List.of() : readers);
    }

    /** The last complete baseline, in tracker order, whose set {@code start} holds. */
    private static Optional<SchemaBaselineStore.Stored> foundation(
            List<SchemaBaselineStore.Stored> ordered, GtidSet start) {
        SchemaBaselineStore.Stored found = null;
        for (SchemaBaselineStore.Stored s : ordered) {
            if (s.baseline().complete() && start.containsAll(s.baseline().gtids())) {
                found = s;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The baselines a reader takes before {@code foundation} (and that it then replaces whole). */
    private static List<SchemaBaselineStore.Stored> before(
            List<SchemaBaselineStore.Stored> ordered, Optional<SchemaBaselineStore.Stored> foundation) {
        List<SchemaBaselineStore.Stored> out = new ArrayList<>();
        if (foundation.isEmpty()) {
            return out;
        }
        GtidSet upTo = foundation.get().baseline().gtids();
        for (SchemaBaselineStore.Stored s : ordered) {
            if (s == foundation.get()) {
                break;
            }
            if (upTo.containsAll(s.baseline().gtids())) {
                out.add(s);
            }
        }
        return out;
    }
}
