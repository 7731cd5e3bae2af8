package io.binlogpitr.common.binlog;

/** The CRC32 that ends a checksummed binlog event (over header and body). */
final class EventChecksums {
    private EventChecksums() {}

    /** Throws JOURNAL_CORRUPT unless the last 4 bytes are the CRC32 of the bytes before them. */
    static void verify(byte[] event) {
        int n = event.length - 4;
        long computed = FormatDescription.crc32(event, n);
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
