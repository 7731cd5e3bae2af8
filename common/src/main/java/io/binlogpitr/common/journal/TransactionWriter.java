package io.binlogpitr.common.journal;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction in flight: its events are copied once into a reusable buffer of at most {@code fragmentBytes}
 * (checksummed as they arrive) and written through the {@link RecordAppender} as one TRANSACTION record, or, when
 * the buffer fills, as FRAGMENT records closed by a COMMIT or an ABORT. Nothing is allocated per event. The
 * checks that need the journal's GTID set, and what a commit means for it, stay in {@link JournalWriter}.
 */
final class TransactionWriter {
    /** {@link JournalWriter}'s logger, so that the log reads the same whichever class of the writer speaks. */
    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);

    private final Path dir;
    private final int fragmentBytes;
    private final RecordAppender records;
    private final CRC32C fragmentCrc = new CRC32C();
    private final CRC32C payloadCrc = new CRC32C();

    private TransactionStart current;
    private byte[] buffer = new byte[0];
    private int buffered;
    private int eventCount;
    private long payloadBytes;
    private long fragments;

    TransactionWriter(Path dir, JournalSettings settings, RecordAppender records) {
        this.dir = dir;
        this.fragmentBytes = settings.fragmentBytes();
        this.records = records;
    }

    /** The transaction in flight, or null. */
    TransactionStart current() {
        return current;
    }

    /** Starts buffering {@code start}; the caller has checked that none is in flight. */
    void begin(TransactionStart start) {
        current = start;
        buffered = 0;
        eventCount = 0;
        payloadBytes = 0;
        fragments = 0;
        fragmentCrc.reset();
        payloadCrc.reset();
    }

    void append(byte[] raw, int offset, int length) {
        if (current == null) {
            throw new IllegalStateException("appendEvent outside a transaction");
        }
        if (length < RecordFormat.EVENT_HEADER_BYTES || RecordFormat.eventSize(raw, offset) != length) {
            throw new IllegalArgumentException("binlog event of " + length + " bytes in " + current.gtid()
                    + " declares size " + (length < 13 ? -1 : RecordFormat.eventSize(raw, offset)));
        }
        int off = offset;
        int left = length;
        while (left > 0) {
            if (buffered == fragmentBytes) {
                flushFragment();
            }
            int n = Math.min(left, fragmentBytes - buffered);
            ensureBuffer(buffered + n);
            System.arraycopy(raw, off, buffer, buffered, n);
            fragmentCrc.update(raw, off, n);
            payloadCrc.update(raw, off, n);
            buffered += n;
            off += n;
            left -= n;
        }
        eventCount++;
        payloadBytes += length;
    }

    /**
     * Writes the transaction's last records (TRANSACTION, or the last FRAGMENT and the COMMIT) and ends it. The
     * buffer is kept until {@link #shrinkBuffer()}.
     */
    TransactionHeader commit(long endPosition) {
        TransactionStart s = current;
        if (s == null) {
            throw new IllegalStateException("commitTransaction outside a transaction");
        }
        long endDelta = endPosition - s.startPosition();
        if (endDelta < 0) {
            throw new IllegalArgumentException("end position " + endPosition + " of " + s.gtid()
                    + " is before its start position " + s.startPosition());
        }
        if (fragments == 0) {
            records.start(RecordFormat.TRANSACTION)
                    .txnStart(s)
                    .varLong(endDelta)
                    .varLong(eventCount);
            records.write(buffer, 0, buffered, fragmentCrc);
        } else {
            if (buffered > 0) {
                flushFragment();
            }
            records.start(RecordFormat.COMMIT)
                    .txnStart(s)
                    .varLong(endDelta)
                    .varLong(eventCount)
                    .varLong(payloadBytes)
                    .varLong(fragments)
                    .fixedInt((int) payloadCrc.getValue());
            records.write(null, 0, 0);
        }
        current = null;
        buffered = 0;
        return TransactionHeader.of(s, endPosition, eventCount, payloadBytes);
    }

    /** Discards the transaction in flight, writing an ABORT if fragments were written. A no-op when none. */
    void abort() {
        if (current == null) {
            return;
        }
        if (fragments > 0) {
            records.writeAbort(fragments);
            LOG.info("journal {}: aborted {} after {} fragments", dir, current.gtid(), fragments);
        }
        current = null;
        buffered = 0;
        shrinkBuffer();
    }

    /** Gives back a big buffer after a big transaction so that an idle agent does not hold fragmentBytes. */
    void shrinkBuffer() {
        if (buffer.length > (1 << 20)) {
            buffer = new byte[0];
        }
    }

    int bufferCapacity() {
        return buffer.length;
    }

    private void flushFragment() {
        RecordEncoder header = records.start(RecordFormat.FRAGMENT).varLong(fragments);
        if (fragments == 0) {
            header.txnStart(current);
        }
        records.write(buffer, 0, buffered, fragmentCrc);
        fragments++;
        buffered = 0;
        fragmentCrc.reset();
    }

    private void ensureBuffer(int n) {
        if (buffer.length < n) {
            int size = Math.max(n, Math.min(fragmentBytes, Math.max(64 << 10, buffer.length * 2)));
            buffer = Arrays.copyOf(buffer, size);
        }
    }
}
