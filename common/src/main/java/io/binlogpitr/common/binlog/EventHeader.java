package io.binlogpitr.common.binlog;

/**
 * The 19-byte common header of a binlog event (v4).
 *
 * @param timestamp seconds since the epoch when the statement began on the originating server
 * @param type the event type, see {@link EventTypes}
 * @param serverId the originating server's {@code server_id}
 * @param length the event's size, header and checksum included
 * @param nextPosition {@code log_pos}: the position after this event in the binlog file it was read from (0 for
 *     events inside a TRANSACTION_PAYLOAD and for some artificial events)
 * @param flags the header flags ({@code LOG_EVENT_*_F})
 */
public record EventHeader(long timestamp, int type, long serverId, long length, long nextPosition, int flags) {
    public static final int LENGTH = EventCursor.HEADER_LENGTH;

    /** Parses the header; the event's length must match its length field. */
    public static EventHeader parse(byte[] event) {
        EventCursor.checkFrame(event, -1);
        return new EventHeader(
                Bytes.u32(event, 0),
                event[4] & 0xFF,
                Bytes.u32(event, 5),
                Bytes.u32(event, 9),
                Bytes.u32(event, 13),
                Bytes.u16(event, 17));
    }

    /** The event type of a raw event, without checks beyond its length. */
    public static int type(byte[] event) {
        if (event.length < LENGTH) {
            EventCursor.checkFrame(event, -1);
        }
        return event[4] & 0xFF;
    }

    @Override
    public String toString() {
        return EventTypes.name(type) + "{length=" + length + ", nextPosition=" + nextPosition + ", serverId=" + serverId
                + ", timestamp=" + timestamp + ", flags=0x" + Integer.toHexString(flags) + "}";
    }
}
