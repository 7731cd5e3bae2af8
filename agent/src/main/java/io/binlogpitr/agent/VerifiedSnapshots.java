package io.binlogpitr.agent;

import io.binlogpitr.common.snapshot.SnapshotCatalog;
import io.binlogpitr.common.snapshot.SnapshotVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which snapshots retention may count: each read back whole by {@link SnapshotVerifier} once per process (a
 * published snapshot never changes), before it can stand in for older ones or become the anchor the journal is
 * pruned up to.
 */
final class VerifiedSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(VerifiedSnapshots.class);

    private final SnapshotStats stats;
    private final Map<String, SnapshotVerifier.Result> results = new ConcurrentHashMap<>();

    VerifiedSnapshots(SnapshotStats stats) {
        this.stats = stats;
    }

    /**
     * {@code readable} (oldest first) without the damaged snapshots among those that would be kept: verified from
     * the newest down until {@code keep} passed; the older ones are deleted anyway and need no verification.
     */
    List<SnapshotCatalog.Entry> withoutDamaged(List<SnapshotCatalog.Entry> readable, int keep) {
        List<SnapshotCatalog.Entry> usable = new ArrayList<>(readable);
        int good = 0;
        for (int i = usable.size() - 1; i >= 0 && good < keep; i--) {
            SnapshotCatalog.Entry e = usable.get(i);
            SnapshotVerifier.Result r = results.computeIfAbsent(e.id(), id -> verify(e));
            if (r.ok()) {
                good++;
            } else {
                usable.remove(i);
                LOG.error(
                        "snapshot {} failed verification ({}{}); it does not count for retention and is kept for"
                                + " inspection, older snapshots are kept in its place; 'pitr-restore verify' lists"
                                + " the damage",
                        e.id(),
                        r.findings().get(0),
                        r.findings().size() > 1 ? " and " + (r.findings().size() - 1) + " more" : "");
            }
        }
        return usable;
    }

    /** A snapshot deleted: its result is no longer needed. */
    void forget(String id) {
        results.remove(id);
    }

    private SnapshotVerifier.Result verify(SnapshotCatalog.Entry e) {
        long started = System.nanoTime();
        SnapshotVerifier.Result r = SnapshotVerifier.verify(e);
        if (r.ok()) {
            LOG.info(
                    "retention: snapshot {} verified ({} chunks, {} rows, {} MiB) in {} ms",
                    e.id(),
                    r.chunks(),
                    r.rows(),
                    r.bytes() >> 20,
                    (System.nanoTime() - started) / 1_000_000);
        } else {
            stats.failedVerification();
        }
        return r;
    }
}
