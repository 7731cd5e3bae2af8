package io.binlogpitr.common.binlog;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked little-endian reads over one raw event, from {@code position} up to {@code limit} (the end of
 * the body, before any checksum). Every read past the limit throws {@code JOURNAL_CORRUPT} naming the event type,
 * its log position and the field, never an {@link ArrayIndexOutOfBoundsException}.
 */
final class EventCursor {
    static final int HEADER_LENGTH = 19;

    private final byte[] event;
    private final int limit;
    private int position;

    private EventCursor(byte[] event, int position, int limit) {
        this.event = event;
        this.position = position;
        this.limit = limit;
    }

    /**
     * A cursor after the common header of {@code event} up to the end of its body: the event's length is checked
     * against its header, and its type against {@code expectedType} (negative: any type).
     */
    static EventCursor body(byte[] event, FormatDescription fd, int expectedType) {
        checkFrame(event, expectedType);
        int limit = event.length - (fd != null && fd.crc32() ? 4 : 0);
        if (limit < HEADER_LENGTH) {
            throw corrupt(event, "event of " + event.length + " bytes has no room for its checksum");
        }
        return new EventCursor(event, HEADER_LENGTH, limit);
    }

    /** Checks the length field and the type of a raw event. */
    static void checkFrame(byte[] event, int expectedType) {
        if (event == null || event.length < HEADER_LENGTH) {
            throw new PitrException(
                    ErrorCode.JOURNAL_CORRUPT,
                    "binlog event of " + (event == null ? "null" : event.length + " bytes")
                            + " is shorter than the 19-byte common header",
                    HINT);
        }
        long declared = Bytes.u32(event, 9);
        if (declared != event.length) {
            throw corrupt(event, "header says " + declared + " bytes, the event has " + event.length);
        }
        if (expectedType >= 0 && (event[4] & 0xFF) != expectedType) {
            throw corrupt(event, "expected a " + EventTypes.name(expectedType) + " event");
        }
    }

    static final String HINT =
            "run 'pitr-restore verify --repo ...'; the journal or the source's binlog holds a damaged event";

    static PitrException corrupt(byte[] event, String what) {
        String where = event.length >= HEADER_LENGTH
                ? EventTypes.name(event[4] & 0xFF) + " event ending at log position " + Bytes.u32(event, 13)
                : "binlog event";
        return new PitrException(ErrorCode.JOURNAL_CORRUPT, "malformed " + where + ": " + what, HINT);
    }

    int position() {
        return position;
    }

    int limit() {
        return limit;
    }

    int remaining() {
        return limit - position;
    }

    byte[] event() {
        return event;
    }

    void seek(int newPosition, String field) {
        if (newPosition < HEADER_LENGTH || newPosition > limit) {
            throw corrupt(event, field + " at offset " + newPosition + " is outside the body (ends at " + limit + ")");
        }
        position = newPosition;
    }

    private int need(int n, String field) {
        if (n < 0 || n > limit - position) {
            throw corrupt(
                    event,
                    field + " needs " + n + " bytes at offset " + position + ", the body has " + (limit - position)
                            + " left");
        }
        int at = position;
        position += n;
        return at;
    }

    void skip(int n, String field) {
        need(n, field);
    }

    int u8(String field) {
        return event[need(1, field)] & 0xFF;
    }

    int u16(String field) {
        return Bytes.u16(event, need(2, field));
    }

    int u24(String field) {
        return Bytes.u24(event, need(3, field));
    }

    long u32(String field) {
        return Bytes.u32(event, need(4, field));
    }

    long u48(String field) {
        return Bytes.u48(event, need(6, field));
    }

    long u56(String field) {
        return Bytes.u56(event, need(7, field));
    }

    long u64(String field) {
        return Bytes.u64(event, need(8, field));
    }

    /** A MySQL packed (length-encoded) integer: 1, 3, 4 or 9 bytes. */
    long packed(String field) {
        int first = u8(field);
        if (first < 251) {
            return first;
        }
        return switch (first) {
            case 252 -> u16(field);
            case 253 -> u24(field);
            case 254 -> u64(field);
            default -> throw corrupt(event, field + " is not a packed integer (first byte " + first + ")");
        };
    }

    /** A packed integer that must be a non-negative int no larger than {@code max}. */
    int packedInt(String field, int max) {
        long v = packed(field);
        if (v < 0 || v > max) {
            throw corrupt(event, field + " is " + v + ", at most " + max + " expected");
        }
        return (int) v;
    }

    byte[] bytes(int n, String field) {
        int at = need(n, field);
        byte[] out = new byte[n];
        System.arraycopy(event, at, out, 0, n);
        return out;
    }

    String utf8(int n, String field) {
        int at = need(n, field);
        return new String(event, at, n, StandardCharsets.UTF_8);
    }

    /** A string of {@code n} bytes followed by a NUL. */
    String utf8Nul(int n, String field) {
        String s = utf8(n, field);
        int nul = u8(field + " terminator");
        if (nul != 0) {
            throw corrupt(event, field + " is not followed by a NUL byte");
        }
        return s;
    }

    /** A NUL-terminated string. */
    String utf8UntilNul(String field) {
        int start = position;
        for (int i = start; i < limit; i++) {
            if (event[i] == 0) {
                position = i + 1;
                return new String(event, start, i - start, StandardCharsets.UTF_8);
            }
        }
        throw corrupt(event, field + " has no NUL terminator");
    }
}
