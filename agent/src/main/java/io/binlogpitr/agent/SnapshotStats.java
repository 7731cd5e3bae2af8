package io.binlogpitr.agent;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.ErrorCounts;
import io.binlogpitr.common.journal.RetentionResult;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of the snapshot schedule and of retention, written by {@link SnapshotService} and read by status and
 * metrics. Only what this process did since its start; the snapshots on disk are read from the repository.
 */
public final class SnapshotStats {
    private final ErrorCounts errors;
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong snapshotsDeleted = new AtomicLong();
    private final AtomicLong journalFilesDeleted = new AtomicLong();
    private final AtomicLong journalBytesDeleted = new AtomicLong();
    private final AtomicLong journalTransactionsDeleted = new AtomicLong();
    private final AtomicLong retentionRuns = new AtomicLong();
    private volatile long lastDurationNanos = -1;
    private volatile Instant lastRetentionAt;
    private final AtomicLong heldBack = new AtomicLong();
    private final AtomicLong unverified = new AtomicLong();
    private volatile String lastHeldBack;

    public SnapshotStats(ErrorCounts errors) {
        this.errors = errors;
    }

    void taken(long nanos) {
        taken.incrementAndGet();
        lastDurationNanos = nanos;
    }

    void failed(ErrorCode code) {
        failures.incrementAndGet();
        errors.add(code);
    }

    void retentionFailed(ErrorCode code) {
        errors.add(code);
    }

    void retentionRan(int deletedSnapshots, Instant at) {
        retentionRuns.incrementAndGet();
        snapshotsDeleted.addAndGet(deletedSnapshots);
        lastRetentionAt = at;
    }

    void journalPruned(RetentionResult result) {
        journalFilesDeleted.addAndGet(result.deletedFiles().size());
        journalBytesDeleted.addAndGet(result.deletedBytes());
        journalTransactionsDeleted.addAndGet(result.deletedTransactions());
    }

    /** A retention pass kept something it would have deleted because a reader's lease needs it. */
    void heldBack(String why) {
        heldBack.incrementAndGet();
        lastHeldBack = why;
    }

    /** A snapshot failed verification and does not count for retention. */
    void failedVerification() {
        unverified.incrementAndGet();
    }

    /** Snapshots this process completed. */
    public long taken() {
        return taken.get();
    }

    /** Scheduled snapshots that failed. */
    public long failures() {
        return failures.get();
    }

    /** How long the last completed snapshot took, in nanoseconds, or -1 before the first. */
    public long lastDurationNanos() {
        return lastDurationNanos;
    }

    public long snapshotsDeleted() {
        return snapshotsDeleted.get();
    }

    public long journalFilesDeleted() {
        return journalFilesDeleted.get();
    }

    public long journalBytesDeleted() {
        return journalBytesDeleted.get();
    }

    public long journalTransactionsDeleted() {
        return journalTransactionsDeleted.get();
    }

    /** Retention passes completed (after each snapshot, and every few minutes). */
    public long retentionRuns() {
        return retentionRuns.get();
    }

    /** Times a retention pass held something back for a reader's lease. */
    public long heldBack() {
        return heldBack.get();
    }

    /** What the last held-back pass kept, and for whom. */
    public Optional<String> lastHeldBack() {
        return Optional.ofNullable(lastHeldBack);
    }

    /** Snapshots found damaged when retention verified them before making one the anchor. */
    public long unverified() {
        return unverified.get();
    }

    public Optional<Instant> lastRetentionAt() {
        return Optional.ofNullable(lastRetentionAt);
    }
}
