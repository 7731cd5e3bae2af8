package io.binlogpitr.agent;

import io.binlogpitr.common.journal.DurabilityListener;
import io.binlogpitr.common.journal.TransactionHeader;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Lag from source commit to durable journal, per transaction: the sync time minus the transaction's original
 * commit timestamp. Keeps the latest value and how long the journal's syncs take (count, total, last, longest);
 * with {@link #sampling(int)} also a bounded sample (the most recent {@code capacity}) for percentiles, which only
 * the ingest benchmark reads: a production agent keeps no sample (it cost 8 MiB per agent).
 */
public final class LagRecorder implements DurabilityListener {
    private final long[] samples;
    private long count;
    private volatile long lastLagMicros = -1;
    private volatile long lastOriginalCommitMicros;
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong syncNanos = new AtomicLong();
    private final AtomicLong maxSyncNanos = new AtomicLong();
    private volatile long lastSyncNanos = -1;
    private volatile LongConsumer syncObserver = nanos -> {};

    private LagRecorder(int capacity) {
        this.samples = new long[capacity];
    }

    /** Latest lag and sync times only: what {@code /status} and {@code /metrics} show. */
    public static LagRecorder latestOnly() {
        return new LagRecorder(0);
    }

    /** Also keeps the most recent {@code capacity} lags for {@link #percentileMicros}. */
    public static LagRecorder sampling(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        return new LagRecorder(capacity);
    }

    @Override
    public synchronized void onDurable(List<TransactionHeader> batch, long syncedAtMicros) {
        for (TransactionHeader h : batch) {
            long lag = Math.max(0, syncedAtMicros - h.originalCommitMicros());
            if (samples.length > 0) {
                samples[(int) (count % samples.length)] = lag;
            }
            count++;
            lastLagMicros = lag;
            lastOriginalCommitMicros = h.originalCommitMicros();
        }
    }

    @Override
    public void onSyncTime(long nanos) {
        syncs.incrementAndGet();
        syncNanos.addAndGet(nanos);
        maxSyncNanos.accumulateAndGet(nanos, Math::max);
        lastSyncNanos = nanos;
        syncObserver.accept(nanos);
    }

    /** Also tells {@code observer} each sync's time (metrics); it runs on the sync thread, so keep it short. */
    public void observeSyncs(LongConsumer observer) {
        this.syncObserver = observer;
    }

    /** Syncs that forced something since the start. */
    public long syncs() {
        return syncs.get();
    }

    /** Their total time in nanoseconds. */
    public long syncNanos() {
        return syncNanos.get();
    }

    /** The longest sync since the start, in nanoseconds (0 before the first). */
    public long maxSyncNanos() {
        return maxSyncNanos.get();
    }

    /** The last sync's time in nanoseconds, or -1 before the first. */
    public long lastSyncNanos() {
        return lastSyncNanos;
    }

    /** Original commit time (source clock) of the most recently synced transaction, or 0 before the first. */
    public long lastOriginalCommitMicros() {
        return lastOriginalCommitMicros;
    }

    /** Lag of the most recently synced transaction, or -1 before the first sync. */
    public long lastLagMicros() {
        return lastLagMicros;
    }

    /** Transactions made durable since the start or the last {@link #reset()} (not bounded by the capacity). */
    public synchronized long recorded() {
        return count;
    }

    public synchronized long sampleCount() {
        return Math.min(count, samples.length);
    }

    /** The given percentile (0-100) of the recorded lags in microseconds, or -1 with no sample (or not sampling). */
    public synchronized long percentileMicros(double percentile) {
        int n = (int) Math.min(count, samples.length);
        if (n == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, index))];
    }

    public synchronized void reset() {
        count = 0;
    }
}
