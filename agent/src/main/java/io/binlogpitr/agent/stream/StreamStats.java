package io.binlogpitr.agent.stream;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.ErrorCounts;
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
    private final AtomicLong incidents = new AtomicLong();
    private final AtomicLong heartbeats = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong duplicatesSkipped = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicReference<Gtid> lastGtid = new AtomicReference<>();
    private final AtomicReference<String> lastPosition = new AtomicReference<>();
    private final ErrorCounts errors;
    private volatile boolean connected;
    private volatile long lastEventNanos = System.nanoTime();
    private volatile long disconnectedSinceNanos = System.nanoTime();

    public StreamStats() {
        this(new ErrorCounts());
    }

    /** Counts the errors streaming survives (an unreachable source, retried) into {@code errors}. */
    public StreamStats(ErrorCounts errors) {
        this.errors = errors;
    }

    void eventReceived(boolean heartbeat, int length) {
        lastEventNanos = System.nanoTime();
        if (heartbeat) {
            heartbeats.incrementAndGet();
        } else {
            events.incrementAndGet();
            eventBytes.addAndGet(length);
        }
    }

    void transactionJournaled(Gtid gtid, String binlogFile, long endPosition) {
        transactions.incrementAndGet();
        lastGtid.set(gtid);
        lastPosition.set(binlogFile + ":" + endPosition);
    }

    void errorSeen(ErrorCode code) {
        errors.add(code);
    }

    /** The source logged an INCIDENT event (it may have lost changes). */
    void incidentJournaled() {
        incidents.incrementAndGet();
    }

    /** INCIDENT events the source logged since the start. */
    public long incidents() {
        return incidents.get();
    }

    void duplicateSkipped() {
        duplicatesSkipped.incrementAndGet();
    }

    void reconnecting() {
        reconnects.incrementAndGet();
    }

    void connected(boolean value) {
        if (connected && !value) {
            disconnectedSinceNanos = System.nanoTime();
        }
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

    /** Nanoseconds since the replication connection was lost (or since start, before the first); 0 while connected. */
    public long nanosDisconnected() {
        return connected ? 0 : System.nanoTime() - disconnectedSinceNanos;
    }

    /** {@code file:position} in the source's binlog after the last transaction handed to the journal, or null. */
    public String lastBinlogPosition() {
        return lastPosition.get();
    }

    public ErrorCounts errors() {
        return errors;
    }

    /** Nanoseconds since anything (a heartbeat included) arrived from the source. */
    public long nanosSinceLastEvent() {
        return System.nanoTime() - lastEventNanos;
    }
}
