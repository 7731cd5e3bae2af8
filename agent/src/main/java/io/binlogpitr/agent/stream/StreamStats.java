package io.binlogpitr.agent.stream;

import io.binlogpitr.common.gtid.Gtid;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counters of the replication stream, written by the replication thread and read by status and metrics.
 * Heartbeats are counted apart: they are not progress of the journal.
 */
public final class StreamStats {
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong eventBytes = new AtomicLong();
    private final AtomicLong heartbeats = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong duplicatesSkipped = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicReference<Gtid> lastGtid = new AtomicReference<>();
    private volatile boolean connected;
    private volatile long lastEventNanos = System.nanoTime();

    void eventReceived(boolean heartbeat, int length) {
        lastEventNanos = System.nanoTime();
        if (heartbeat) {
            heartbeats.incrementAndGet();
        } else {
            events.incrementAndGet();
            eventBytes.addAndGet(length);
        }
    }

    void transactionJournaled(Gtid gtid) {
        transactions.incrementAndGet();
        lastGtid.set(gtid);
    }

    void duplicateSkipped() {
        duplicatesSkipped.incrementAndGet();
    }

    void reconnecting() {
        reconnects.incrementAndGet();
    }

    void connected(boolean value) {
        connected = value;
        lastEventNanos = System.nanoTime();
    }

    /** Binlog events received, heartbeats excluded. */
    public long events() {
        return events.get();
    }

    public long eventBytes() {
        return eventBytes.get();
    }

    public long heartbeats() {
        return heartbeats.get();
    }

    /** Transactions handed to the journal (appended; durable only after the next sync). */
    public long transactions() {
        return transactions.get();
    }

    public long duplicatesSkipped() {
        return duplicatesSkipped.get();
    }

    public long reconnects() {
        return reconnects.get();
    }

    public Gtid lastGtid() {
        return lastGtid.get();
    }

    public boolean connected() {
        return connected;
    }

    /** Nanoseconds since anything (a heartbeat included) arrived from the source. */
    public long nanosSinceLastEvent() {
        return System.nanoTime() - lastEventNanos;
    }
}
