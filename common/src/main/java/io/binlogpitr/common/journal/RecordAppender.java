package io.binlogpitr.common.journal;

import io.binlogpitr.common.error.PitrException;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes and appends one record as one Chronicle excerpt, and holds whether the journal may still be written:
 * closed, poisoned by a failed append, or failed to sync. Used by {@link JournalWriter} on the appending thread
 * (and by {@link TailRepair} while opening).
 */
final class RecordAppender {
    /** {@link JournalWriter}'s logger, so that the log reads the same whichever class of the writer speaks. */
    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);

    private final Path dir;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final JournalSyncer syncer;
    private final RecordEncoder encoder = new RecordEncoder();
    private final CRC32C recordCrc = new CRC32C();

    private boolean closed;
    /** Set when an append failed: the journal's state is unknown, so nothing more is written (see checkOpen). */
    private volatile PitrException poisoned;
    /** Test hook: runs inside the excerpt after the header and half of the payload are written. */
    private Runnable insideDocumentHook;

    RecordAppender(Path dir, SingleChronicleQueue queue, ExcerptAppender appender, JournalSyncer syncer) {
        this.dir = dir;
        this.queue = queue;
        this.appender = appender;
        this.syncer = syncer;
    }

    /** Starts the next record's header; write it with {@link #write} once its fields are encoded. */
    RecordEncoder start(byte kind) {
        return encoder.start(kind);
    }

    void writeAbort(long voided) {
        encoder.start(RecordFormat.ABORT).varLong(voided);
        write(null, 0, 0);
    }

    void write(byte[] payload, int off, int len) {
        CRC32C crc = recordCrc;
        crc.reset();
        if (len > 0) {
            crc.update(payload, off, len);
        }
        write(payload, off, len, crc);
    }

    /**
     * Writes the encoder's header then the payload as one excerpt; {@code crc} already holds the payload.
     *
     * <p>A failure inside the excerpt is caught whatever its type: when the file system is full, a write into
     * Chronicle's memory map faults and surfaces as {@code java.lang.InternalError} ("a fault occurred in a
     * recent unsafe memory access operation"), not as an exception. The excerpt is then rolled back (its length
     * header stays "incomplete", so readers never see it, and the next append overwrites it) and the writer is
     * poisoned: every later call fails with the same error, so nothing more lands in a journal whose state is
     * unknown. {@link JournalWriter#close()} still works and writes nothing.
     */
    void write(byte[] payload, int off, int len, CRC32C crc) {
        checkOpen();
        encoder.seal(crc);
        DocumentContext dc = null;
        try {
            dc = appender.writingDocument();
            Bytes<?> bytes = dc.wire().bytes();
            bytes.write(encoder.array(), 0, encoder.length());
            if (len > 0) {
                Runnable hook = insideDocumentHook;
                if (hook == null) {
                    bytes.write(payload, off, len);
                } else {
                    int half = len / 2;
                    bytes.write(payload, off, half);
                    hook.run();
                    bytes.write(payload, off + half, len - half);
                }
            }
        } catch (Throwable t) {
            if (dc != null) {
                try {
                    dc.rollbackOnClose();
                    dc.close();
                } catch (Throwable again) {
                    // zeroing the excerpt may fault on the same page; its header is still incomplete
                    t.addSuppressed(again);
                }
            }
            throw poison(t);
        }
        try {
            dc.close();
        } catch (Throwable t) {
            throw poison(t);
        }
        if (syncer.written(appender.cycle(), appender, encoder.length() + len) > JournalWriter.MAX_UNSYNCED_BYTES) {
            syncer.sync(queue);
        }
    }

    /** The cycle of the last excerpt appended. */
    int cycle() {
        return appender.cycle();
    }

    /** Chronicle appenders are bound to one thread: lets the next thread that appends own it. */
    void singleThreadedCheckReset() {
        appender.singleThreadedCheckReset();
    }

    /*
     * Why every mutator catches InternalError: when the file system is full, a store into Chronicle's memory map
     * raises SIGBUS, which HotSpot reports as InternalError ("a fault occurred in a recent unsafe memory access
     * operation") at a later point of the same thread: not always inside the excerpt that faulted. Any such error
     * in the writer is treated as a failed append: the writer is poisoned, and the next open's tail check voids
     * whatever record the fault damaged.
     */
    PitrException poison(Throwable cause) {
        PitrException e = JournalWriter.diskFailure(dir, "cannot append to journal " + dir, cause);
        poisoned = e;
        LOG.error(
                "journal {}: append failed ({}); nothing more is written until the agent restarts",
                dir,
                cause.toString());
        return e;
    }

    boolean poisoned() {
        return poisoned != null;
    }

    void rethrowPoison() {
        PitrException p = poisoned;
        if (p != null) {
            throw new PitrException(p.code(), p.getMessage(), p.hint(), p.getCause());
        }
    }

    boolean closed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("journal " + dir + " is closed");
        }
        rethrowPoison();
        syncer.rethrowFailure();
    }

    void insideDocumentHook(Runnable hook) {
        this.insideDocumentHook = hook;
    }
}
