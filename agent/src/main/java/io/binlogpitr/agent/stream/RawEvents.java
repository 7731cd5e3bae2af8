package io.binlogpitr.agent.stream;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Reads fields of a raw binlog event (v4 header: timestamp 4, type 1, server id 4, event length 4, next position 4,
 * flags 2; little-endian) straight from its bytes, so the agent never has to decode row events to journal them.
 */
final class RawEvents {
    static final int HEADER_LENGTH = 19;
    static final int CHECKSUM_LENGTH = 4;
    /** LOG_EVENT_ARTIFICIAL_F: events the server makes up for a replica (the fake ROTATE at connect). */
    static final int FLAG_ARTIFICIAL = 0x20;

    private RawEvents() {}

    static int type(byte[] ev) {
        return ev[4] & 0xff;
    }

    static long timestamp(byte[] ev) {
        return uint32(ev, 0);
    }

    static int length(byte[] ev) {
        return (int) uint32(ev, 9);
    }

    static long nextPosition(byte[] ev) {
        return uint32(ev, 13);
    }

    static int flags(byte[] ev) {
        return (ev[17] & 0xff) | (ev[18] & 0xff) << 8;
    }

    static long uint32(byte[] b, int off) {
        return (b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16 | (b[off + 3] & 0xffL) << 24;
    }

    static long uintN(byte[] b, int off, int bytes) {
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            v = v << 8 | (b[off + i] & 0xffL);
        }
        return v;
    }

    /** True when the last four bytes are the CRC32 of the rest, as the server computed it. */
    static boolean checksumValid(byte[] ev, int length) {
        CRC32 crc = new CRC32();
        crc.update(ev, 0, length - CHECKSUM_LENGTH);
        return (int) crc.getValue() == (int) uint32(ev, length - CHECKSUM_LENGTH);
    }

    /** The new binlog file name of a ROTATE event: 8-byte position, then the name up to the checksum. */
    static String rotateFileName(byte[] ev, int length, int checksumLength) {
        int start = HEADER_LENGTH + 8;
        return new String(ev, start, length - checksumLength - start, StandardCharsets.UTF_8);
    }

    /**
     * The statement text of a QUERY event. Post-header: thread id 4, exec time 4, db length 1, error code 2,
     * status-vars length 2; then the status vars, the db name and a NUL, then the statement.
     */
    static String querySql(byte[] ev, int length, int checksumLength) {
        int dbLength = ev[HEADER_LENGTH + 8] & 0xff;
        int statusLength = (ev[HEADER_LENGTH + 11] & 0xff) | (ev[HEADER_LENGTH + 12] & 0xff) << 8;
        int start = HEADER_LENGTH + 13 + statusLength + dbLength + 1;
        int end = length - checksumLength;
        return start >= end ? "" : new String(ev, start, end - start, StandardCharsets.UTF_8);
    }
}
