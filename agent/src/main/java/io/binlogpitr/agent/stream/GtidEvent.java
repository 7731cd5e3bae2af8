package io.binlogpitr.agent.stream;

import io.binlogpitr.common.gtid.Gtid;

/**
 * The fields of a GTID_LOG_EVENT the journal needs. Body: flags 1, source UUID 16, transaction number 8,
 * logical-clock type 1, last committed 8, sequence number 8, then the immediate commit timestamp in 7 bytes
 * (microseconds); its top bit says the original commit timestamp follows in 7 more bytes (absent: equal).
 */
record GtidEvent(Gtid gtid, long originalCommitMicros, long immediateCommitMicros) {
    private static final int BODY = RawEvents.HEADER_LENGTH;
    private static final long TIMESTAMP_MASK = (1L << 55) - 1;

    static GtidEvent parse(byte[] ev, int length, int checksumLength) {
        String uuid = uuid(ev, BODY + 1);
        long gno = RawEvents.uintN(ev, BODY + 17, 8);
        if (gno <= 0) {
            throw new StreamProtocolException("GTID event with transaction number " + gno + " ending at position "
                    + RawEvents.nextPosition(ev) + ": an anonymous transaction in a GTID stream");
        }
        int timestamps = BODY + 42;
        long immediate = 0;
        long original = 0;
        if (timestamps + 7 <= length - checksumLength) {
            long raw = RawEvents.uintN(ev, timestamps, 7);
            immediate = raw & TIMESTAMP_MASK;
            original = (raw & (1L << 55)) != 0 && timestamps + 14 <= length - checksumLength
                    ? RawEvents.uintN(ev, timestamps + 7, 7)
                    : immediate;
        }
        if (original == 0) {
            original = immediate != 0 ? immediate : RawEvents.timestamp(ev) * 1_000_000L;
            immediate = immediate != 0 ? immediate : original;
        }
        return new GtidEvent(new Gtid(uuid, gno), original, immediate);
    }

    private static String uuid(byte[] b, int off) {
        StringBuilder sb = new StringBuilder(36);
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                sb.append('-');
            }
            sb.append(Character.forDigit((b[off + i] >> 4) & 0xf, 16)).append(Character.forDigit(b[off + i] & 0xf, 16));
        }
        return sb.toString();
    }
}
