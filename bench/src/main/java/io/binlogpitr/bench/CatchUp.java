package io.binlogpitr.bench;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalSummary;

/**
 * The agent catching up from an empty repository: time to durable (of which start-up before replication
 * connected, -1 if unseen), what it streamed, and the journal it wrote with its allocated size on disk (-1 unknown).
 */
record CatchUp(
        long nanos,
        long startupNanos,
        long events,
        long eventBytes,
        long transactions,
        JournalSummary journal,
        long journalAllocated) {

    double seconds() {
        return nanos / 1e9;
    }

    /** Whether the journal is healthy and holds every transaction of {@code executed}. */
    boolean covers(GtidSet executed) {
        return journal.covered().containsAll(executed) && journal.healthy();
    }
}
