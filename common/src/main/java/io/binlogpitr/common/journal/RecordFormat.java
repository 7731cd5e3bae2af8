package io.binlogpitr.common.journal;

/**
 * Constants of the journal's record layout (version 1) and the little-endian / LEB128 primitives it is built
 * from. See docs/design/journal-format.md for the table.
 *
 * <p>Every record starts with a 6-byte prefix: format version (u8), kind (u8), CRC32C (u32 LE). The CRC covers
 * the record's payload first, then bytes 0..2 and the header after the CRC field: payload first so that the
 * writer can checksum events as they arrive, before the header (event count, end position) is known.
 */
final class RecordFormat {
    static final byte VERSION = 1;

    static final byte BASE = 1;
    static final byte FORMAT = 2;
    static final byte TRANSACTION = 3;
    static final byte FRAGMENT = 4;
    static final byte COMMIT = 5;
    static final byte ABORT = 6;
    /**
     * Voids the records from a given index up to itself (written on open over a damaged tail, see ResumeScan).
     * Added to version 1 without bumping it: a build that does not know kind 7 refuses the record as an unknown
     * kind (JOURNAL_CORRUPT), which is the safe reading for a build that could not honour it.
     */
    static final byte VOID = 7;
    /** The highest kind this build knows. */
    static final byte LAST_KIND = VOID;
    /** Every kind, for cursors that load every record whole (the reader and the scanner). */
    static final byte[] ALL_KINDS = {BASE, FORMAT, TRANSACTION, FRAGMENT, COMMIT, ABORT, VOID};

    static final int PREFIX_BYTES = 6;
    static final int CRC_OFFSET = 2;
    /** Headers are read from a heap copy of at most this many bytes; longer names are refused when writing. */
    static final int HEADER_MAX = 1024;

    static final int MAX_NAME_BYTES = 255;
    /** A binlog event header: timestamp(4) type(1) server_id(4) event_size(4) log_pos(4) flags(2). */
    static final int EVENT_HEADER_BYTES = 19;

    static final int EVENT_SIZE_OFFSET = 9;

    private RecordFormat() {}

    static String kindName(int kind) {
        return switch (kind) {
            case BASE -> "base";
            case FORMAT -> "format";
            case TRANSACTION -> "transaction";
            case FRAGMENT -> "fragment";
            case COMMIT -> "commit";
            case ABORT -> "abort";
            case VOID -> "void";
            default -> "unknown kind " + kind;
        };
    }

    static int intLE(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    static void putIntLE(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    static long longLE(byte[] b, int off) {
        return (intLE(b, off) & 0xffffffffL) | ((long) intLE(b, off + 4)) << 32;
    }

    static void putLongLE(byte[] b, int off, long v) {
        putIntLE(b, off, (int) v);
        putIntLE(b, off + 4, (int) (v >>> 32));
    }

    /** The size a binlog event declares in its header (bytes 9..12, little-endian, unsigned). */
    static long eventSize(byte[] b, int off) {
        return intLE(b, off + EVENT_SIZE_OFFSET) & 0xffffffffL;
    }

    static String hex(long index) {
        return "0x" + Long.toHexString(index);
    }
}
