package io.binlogpitr.agent;

import io.binlogpitr.common.journal.DurabilityListener;
import io.binlogpitr.common.journal.TransactionHeader;
import java.util.Arrays;
import java.util.List;

/**
 * Lag from source commit to durable journal, per transaction: the sync time minus the transaction's original
 * commit timestamp. Keeps the latest value and a bounded sample (the most recent {@code capacity}) for percentiles.
 */
public final class LagRecorder implements DurabilityListener {
    private final long[] samples;
    private long count;
    private volatile long lastLagMicros = -1;

    public LagRecorder(int capacity) {
        this.samples = new long[capacity];
    }

    @Override
    public synchronized void onDurable(List<TransactionHeader> batch, long syncedAtMicros) {
        for (TransactionHeader h : batch) {
            long lag = Math.max(0, syncedAtMicros - h.originalCommitMicros());
            samples[(int) (count++ % samples.length)] = lag;
            lastLagMicros = lag;
        }
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

    /** The given percentile (0-100) of the recorded lags in microseconds, or -1 with no sample. */
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
