package io.binlogpitr.common.binlog;

/** The CRC32 that ends a checksummed binlog event (over header and body). */
final class EventChecksums {
    private EventChecksums() {}

    /** Header flag LOG_EVENT_BINLOG_IN_USE_F: set in the FDE of a binlog file the server has open. */
    static final int BINLOG_IN_USE_F = 0x1;

    /**
     * Throws JOURNAL_CORRUPT unless the last 4 bytes are the CRC32 of the bytes before them. A FORMAT_DESCRIPTION
     * event's CRC32 is computed as if LOG_EVENT_BINLOG_IN_USE_F were clear: the server writes it with the flag set
     * and clears the flag in place when it closes the file, leaving the checksum as it was (libbinlogevents
     * {@code Log_event_footer::event_checksum_test} clears it before checking).
     */
    static void verify(byte[] event) {
        int n = event.length - 4;
        long computed;
        if ((event[4] & 0xFF) == EventTypes.FORMAT_DESCRIPTION && (event[17] & BINLOG_IN_USE_F) != 0) {
            byte[] copy = event.clone();
            copy[17] &= (byte) ~BINLOG_IN_USE_F;
            computed = FormatDescription.crc32(copy, n);
        } else {
            computed = FormatDescription.crc32(event, n);
        }
        long stored = Bytes.u32(event, n);
        if (computed != stored) {
            throw EventCursor.corrupt(
                    event, String.format("CRC32 mismatch: computed %08x, stored %08x", computed, stored));
        }
    }

    /** Writes the CRC32 of {@code event[0 .. length-4)} into its last 4 bytes. */
    static void seal(byte[] event) {
        int n = event.length - 4;
        Bytes.put32(event, n, FormatDescription.crc32(event, n));
    }
}
