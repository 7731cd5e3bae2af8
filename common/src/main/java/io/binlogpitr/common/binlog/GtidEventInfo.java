package io.binlogpitr.common.binlog;

import io.binlogpitr.common.gtid.Gtid;

/**
 * A GTID or ANONYMOUS_GTID event (libbinlogevents {@code Gtid_event}): flags u8, source UUID (16 bytes), GNO
 * i64, then {@code 2} (logical clock type), last_committed i64, sequence_number i64; then immediate commit time
 * (7 bytes; bit 55 set: the original commit time follows, 7 bytes, else it is the same), the transaction length
 * (packed), immediate server version u32 (bit 31 set: the original server version follows, else the same); later
 * fields (8.0.33 commit group ticket) are not read. The tagged GTID event of 8.4 (type 42) is not decoded here.
 *
 * @param gtid the GTID; null for an ANONYMOUS_GTID event
 * @param lastCommitted -1 if absent
 * @param sequenceNumber -1 if absent
 * @param originalCommitMicros -1 if absent (pre-8.0.1 source)
 * @param immediateCommitMicros -1 if absent
 * @param transactionLength the whole transaction's size in the binlog, GTID event included; -1 if absent
 * @param originalServerVersion e.g. 80031; -1 if absent
 * @param immediateServerVersion -1 if absent
 */
public record GtidEventInfo(
        Gtid gtid,
        long lastCommitted,
        long sequenceNumber,
        long originalCommitMicros,
        long immediateCommitMicros,
        long transactionLength,
        long originalServerVersion,
        long immediateServerVersion) {

    private static final long HIGH_BIT_56 = 1L << 55;
    private static final long HIGH_BIT_32 = 1L << 31;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    public static GtidEventInfo parse(byte[] event, FormatDescription fd) {
        int type = EventHeader.type(event);
        if (type != EventTypes.GTID && type != EventTypes.ANONYMOUS_GTID) {
            EventCursor.checkFrame(event, EventTypes.GTID);
        }
        EventCursor c = EventCursor.body(event, fd, type);
        c.u8("GTID flags");
        String uuid = uuid(c.bytes(16, "source UUID"));
        long gno = c.u64("GNO");
        Gtid gtid = null;
        if (type == EventTypes.GTID) {
            if (gno < 1) {
                throw EventCursor.corrupt(event, "GNO " + gno + " of " + uuid + ", at least 1 expected");
            }
            gtid = new Gtid(uuid, gno);
        }
        long lastCommitted = -1, sequence = -1, original = -1, immediate = -1, length = -1;
        long originalVersion = -1, immediateVersion = -1;
        if (c.remaining() > 0 && event[c.position()] == 2) {
            c.u8("logical clock type");
            lastCommitted = c.u64("last_committed");
            sequence = c.u64("sequence_number");
        }
        if (c.remaining() >= 7) {
            immediate = c.u56("immediate commit timestamp");
            if ((immediate & HIGH_BIT_56) != 0) {
                immediate &= ~HIGH_BIT_56;
                original = c.u56("original commit timestamp");
            } else {
                original = immediate;
            }
        }
        if (c.remaining() > 0) {
            length = c.packed("transaction length");
        }
        if (c.remaining() >= 4) {
            immediateVersion = c.u32("immediate server version");
            if ((immediateVersion & HIGH_BIT_32) != 0) {
                immediateVersion &= ~HIGH_BIT_32;
                originalVersion = c.u32("original server version");
            } else {
                originalVersion = immediateVersion;
            }
        }
        return new GtidEventInfo(
                gtid, lastCommitted, sequence, original, immediate, length, originalVersion, immediateVersion);
    }

    /**
     * {@code SET @@session.gtid_next='uuid:n'} (or ANONYMOUS). Needs SYSTEM_VARIABLES_ADMIN, SESSION_VARIABLES_ADMIN
     * or REPLICATION_APPLIER on the target; a GTID the target has already executed makes it skip the transaction.
     */
    public String gtidNextStatement() {
        return "SET @@session.gtid_next='" + (gtid == null ? "ANONYMOUS" : gtid.toString()) + "'";
    }

    static String uuid(byte[] b) {
        char[] out = new char[36];
        int o = 0;
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                out[o++] = '-';
            }
            out[o++] = HEX[(b[i] >> 4) & 0xF];
            out[o++] = HEX[b[i] & 0xF];
        }
        return new String(out);
    }
}
