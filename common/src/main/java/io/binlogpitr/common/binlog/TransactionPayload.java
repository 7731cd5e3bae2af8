package io.binlogpitr.common.binlog;

import com.github.luben.zstd.Zstd;
import java.util.ArrayList;
import java.util.List;

/**
 * A TRANSACTION_PAYLOAD event ({@code binlog_transaction_compression=ON}): a header of (type, length, value) packed
 * integers ended by type 0 — 1 payload size, 2 compression type (0 zstd, 255 none), 3 uncompressed size — then the
 * payload: the transaction's events (Query BEGIN, TABLE_MAP, rows ..., XID) concatenated, compressed as one zstd
 * frame. The inner events carry no checksum, whatever {@code binlog_checksum} says, and a {@code log_pos} of 0.
 * The event has no post-header, but the FORMAT_DESCRIPTION of MySQL 8.0.31 declares a post-header length of 40 for
 * it: that entry is ignored.
 */
public final class TransactionPayload {
    private static final int ZSTD = 0;
    private static final int NONE = 255;
    /** More than a compressed transaction can be (the server's limit is max_allowed_packet, at most 1 GiB). */
    private static final int MAX_UNCOMPRESSED = Integer.MAX_VALUE - 16;

    private TransactionPayload() {}

    /**
     * The inner events, each made acceptable wherever the outer FDE is in force (a {@code BINLOG} statement
     * after that FDE, a parser given it): when the FDE says CRC32, a CRC32 is appended and the length field
     * grown by 4, since the server would otherwise take the last 4 bytes of each body for a checksum.
     */
    public static List<byte[]> events(byte[] payloadEvent, FormatDescription fd) {
        EventCursor c = EventCursor.body(payloadEvent, fd, EventTypes.TRANSACTION_PAYLOAD);
        // no post-header (TRANSACTION_PAYLOAD_HEADER_LEN = 0), although MySQL 8.0's FDE declares 40 for this type
        long payloadSize = -1, uncompressedSize = -1;
        int compression = -1;
        while (true) {
            int field = c.packedInt("payload header field type", Integer.MAX_VALUE);
            if (field == 0) {
                break;
            }
            int length = c.packedInt("payload header field length", c.remaining());
            int valueStart = c.position();
            switch (field) {
                case 1 -> payloadSize = c.packed("payload size");
                case 2 -> compression = c.packedInt("compression type", 255);
                case 3 -> uncompressedSize = c.packed("uncompressed size");
                default -> c.skip(length, "payload header field " + field);
            }
            if (c.position() - valueStart != length) {
                throw EventCursor.corrupt(
                        payloadEvent, "payload header field " + field + " declares " + length + " bytes");
            }
        }
        if (payloadSize != c.remaining()) {
            throw EventCursor.corrupt(
                    payloadEvent, "payload size " + payloadSize + ", the event holds " + c.remaining() + " bytes");
        }
        byte[] plain =
                switch (compression) {
                    case ZSTD -> decompress(payloadEvent, c, uncompressedSize);
                    case NONE -> c.bytes(c.remaining(), "payload");
                    default -> throw EventCursor.corrupt(payloadEvent, "unknown compression type " + compression);
                };
        return split(payloadEvent, plain, fd.crc32());
    }

    private static byte[] decompress(byte[] event, EventCursor c, long size) {
        if (size < 0 || size > MAX_UNCOMPRESSED) {
            throw EventCursor.corrupt(event, "uncompressed size " + size + " is missing or too large");
        }
        byte[] out = new byte[(int) size];
        long n = Zstd.decompressByteArray(out, 0, out.length, event, c.position(), c.remaining());
        if (Zstd.isError(n) || n != size) {
            throw EventCursor.corrupt(
                    event,
                    "payload decompressed to " + (Zstd.isError(n) ? Zstd.getErrorName(n) : n + " bytes")
                            + ", the header says " + size);
        }
        return out;
    }

    private static List<byte[]> split(byte[] outer, byte[] plain, boolean addCrc) {
        List<byte[]> events = new ArrayList<>();
        int at = 0;
        while (at < plain.length) {
            if (plain.length - at < EventHeader.LENGTH) {
                throw EventCursor.corrupt(outer, "inner event at offset " + at + " is cut short");
            }
            long size = Bytes.u32(plain, at + 9);
            if (size < EventHeader.LENGTH || size > plain.length - at) {
                throw EventCursor.corrupt(
                        outer,
                        "inner event at offset " + at + " declares " + size + " bytes, " + (plain.length - at)
                                + " left");
            }
            int n = (int) size;
            byte[] e = new byte[addCrc ? n + 4 : n];
            System.arraycopy(plain, at, e, 0, n);
            if (addCrc) {
                Bytes.put32(e, 9, e.length);
                EventChecksums.seal(e);
            }
            events.add(e);
            at += n;
        }
        return events;
    }
}
