package io.binlogpitr.common.binlog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * A FORMAT_DESCRIPTION event: how the events after it are laid out and whether they end with a CRC32.
 *
 * <p>Layout (binlog v4): binlog version u16, server version char[50] NUL-padded, create timestamp u32, common
 * header length u8 (19), one post-header length per event type (index type − 1), then — on every server since
 * 5.6.1, whatever {@code binlog_checksum} says — the checksum algorithm u8 (0 off, 1 CRC32) and a 4-byte checksum
 * field (the CRC32 of the event, or zeros when off).
 *
 * @param binlogVersion 4 for every MySQL 5.0+ server
 * @param serverVersion e.g. {@code 8.0.31}
 * @param crc32 whether the events this FDE describes end with a 4-byte CRC32 (the FDE itself always carries a
 *     4-byte checksum field)
 * @param postHeaderLengths post-header length of each event type, index {@code type - 1}
 * @param raw the event as received
 */
public record FormatDescription(
        int binlogVersion, String serverVersion, boolean crc32, byte[] postHeaderLengths, byte[] raw) {

    private static final int SERVER_VERSION_LENGTH = 50;

    /** Parses and verifies (CRC32, when the event says it is checksummed) a raw FORMAT_DESCRIPTION event. */
    public static FormatDescription parse(byte[] fdeEvent) {
        EventCursor c = EventCursor.body(fdeEvent, null, EventTypes.FORMAT_DESCRIPTION);
        int version = c.u16("binlog version");
        if (version != 4) {
            throw EventCursor.corrupt(fdeEvent, "binlog version " + version + ", only 4 is supported");
        }
        byte[] sv = c.bytes(SERVER_VERSION_LENGTH, "server version");
        int end = 0;
        while (end < sv.length && sv[end] != 0) {
            end++;
        }
        String serverVersion = new String(sv, 0, end, StandardCharsets.US_ASCII);
        c.u32("create timestamp");
        int headerLength = c.u8("common header length");
        if (headerLength != EventHeader.LENGTH) {
            throw EventCursor.corrupt(fdeEvent, "common header length " + headerLength + ", 19 expected");
        }
        // checksum-aware servers (all of MySQL 5.6.1+, 8.x): algorithm byte + 4-byte checksum field at the end
        int types = c.remaining() - 5;
        if (types < EventTypes.TRANSACTION_PAYLOAD - 1) {
            throw EventCursor.corrupt(
                    fdeEvent,
                    "post-header lengths for " + types + " event types, a MySQL 8 server describes at least "
                            + (EventTypes.TRANSACTION_PAYLOAD - 1) + " (server " + serverVersion + ")");
        }
        byte[] postHeaderLengths = c.bytes(types, "post-header lengths");
        int algorithm = c.u8("checksum algorithm");
        if (algorithm != 0 && algorithm != 1) {
            throw EventCursor.corrupt(fdeEvent, "checksum algorithm " + algorithm + ", 0 (off) or 1 (CRC32) expected");
        }
        if (algorithm == 1) {
            EventChecksums.verify(fdeEvent);
        }
        return new FormatDescription(version, serverVersion, algorithm == 1, postHeaderLengths, fdeEvent);
    }

    /** The post-header length the FDE declares for {@code type}. */
    public int postHeaderLength(int type) {
        if (type < 1 || type > postHeaderLengths.length) {
            throw new IllegalArgumentException(
                    "the format description of " + serverVersion + " does not describe event type " + type);
        }
        return postHeaderLengths[type - 1] & 0xFF;
    }

    /** Size of the checksum at the end of every event described: 4 with CRC32, else 0. */
    public int checksumLength() {
        return crc32 ? 4 : 0;
    }

    /** Verifies the CRC32 of an event this FDE describes (nothing to do if it says no checksum). */
    public void verify(byte[] event) {
        if (crc32) {
            EventCursor.checkFrame(event, -1);
            EventChecksums.verify(event);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FormatDescription f && Arrays.equals(raw, f.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "FormatDescription{server " + serverVersion + ", " + (crc32 ? "CRC32" : "no checksum") + "}";
    }

    /** CRC32 as MySQL computes it over everything but the last 4 bytes. */
    static long crc32(byte[] event, int length) {
        CRC32 crc = new CRC32();
        crc.update(event, 0, length);
        return crc.getValue();
    }
}
