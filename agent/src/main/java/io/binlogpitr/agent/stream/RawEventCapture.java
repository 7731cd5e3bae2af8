package io.binlogpitr.agent.stream;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.deserialization.ChecksumType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import io.binlogpitr.common.error.PitrException;
import java.io.EOFException;
import java.io.IOException;

/**
 * Plugged into the connector as its deserializer so that the connector is only a transport: every event is read
 * whole, as the server sent it (header, body, checksum), its checksum verified, and handed to the
 * {@link TransactionAssembler}; nothing is decoded here, so no parser bug can lose data on the way in.
 *
 * <p>The connector swallows exceptions thrown by deserializers and listeners (it logs them and goes on with the
 * next event), which would silently drop an event. So any failure is kept in {@link #failure()} and surfaced as
 * an {@link EOFException}, the one kind the connector treats as the end of the stream.
 */
final class RawEventCapture extends EventDeserializer {
    /** What the connector gets back: it needs an event, but none of ours means anything to it. */
    private static final Event OPAQUE;

    static {
        EventHeaderV4 header = new EventHeaderV4();
        header.setEventType(EventType.UNKNOWN);
        OPAQUE = new Event(header, null);
    }

    private final TransactionAssembler assembler;
    private byte[] buffer = new byte[64 * 1024];
    private boolean verifyChecksums;
    private volatile RuntimeException failure;

    RawEventCapture(TransactionAssembler assembler) {
        this.assembler = assembler;
    }

    /**
     * Called by the connector once per connection, and only when the source uses checksums: then every event,
     * the artificial ones included, ends with a CRC32.
     */
    @Override
    public void setChecksumType(ChecksumType checksumType) {
        super.setChecksumType(checksumType);
        verifyChecksums = checksumType == ChecksumType.CRC32;
        assembler.checksumLength(verifyChecksums ? RawEvents.CHECKSUM_LENGTH : 0);
    }

    /** Before each connection: no checksum until the connector negotiates one, no failure. */
    void resetForConnect() {
        verifyChecksums = false;
        assembler.checksumLength(0);
        failure = null;
    }

    /** The failure that ended the last connection's stream, if any. */
    RuntimeException failure() {
        return failure;
    }

    @Override
    public Event nextEvent(ByteArrayInputStream in) throws IOException {
        if (in.peek() == -1) {
            return null;
        }
        in.fill(buffer, 0, RawEvents.HEADER_LENGTH);
        int length = RawEvents.length(buffer);
        if (length < RawEvents.HEADER_LENGTH) {
            throw fail(new StreamCorruptionException("event header at " + assembler.binlogFile() + ":"
                    + RawEvents.nextPosition(buffer) + " declares length " + length));
        }
        if (buffer.length < length) {
            byte[] bigger = new byte[Math.max(length, buffer.length * 2)];
            System.arraycopy(buffer, 0, bigger, 0, RawEvents.HEADER_LENGTH);
            buffer = bigger;
        }
        in.fill(buffer, RawEvents.HEADER_LENGTH, length - RawEvents.HEADER_LENGTH);
        if (verifyChecksums && !RawEvents.checksumValid(buffer, length)) {
            throw fail(new StreamCorruptionException("event of type " + RawEvents.type(buffer) + " ending at "
                    + assembler.binlogFile() + ":" + RawEvents.nextPosition(buffer) + " failed its CRC32 check"));
        }
        try {
            assembler.onEvent(buffer, length);
        } catch (RuntimeException e) {
            throw fail(e);
        } catch (InternalError e) {
            // a fault in a memory-mapped journal write (full disk) surfaces late, possibly outside the journal
            throw fail(PitrException.mappedFileFault(
                    e,
                    "free disk space on the repository's file system; on restart the agent checks the journal's"
                            + " tail and receives anything damaged again"));
        }
        return OPAQUE;
    }

    private EOFException fail(RuntimeException cause) {
        failure = cause;
        EOFException eof = new EOFException("replication stream stopped: " + cause.getMessage());
        eof.initCause(cause);
        return eof;
    }
}
