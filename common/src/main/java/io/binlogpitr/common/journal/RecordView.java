package io.binlogpitr.common.journal;

import io.binlogpitr.common.gtid.Gtid;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * A heap copy of one record (all of it, or its first {@link RecordFormat#HEADER_MAX} bytes) and a decoder for
 * it. Decoding never allocates for repeated UUIDs, tags and binlog file names. Malformed bytes raise
 * {@link Malformed}, which callers turn into a JOURNAL_CORRUPT error or a scan problem.
 */
final class RecordView {
    byte[] buf = new byte[RecordFormat.HEADER_MAX];
    /** Bytes copied into {@link #buf}. */
    int loaded;
    /** The record's full length in the journal. */
    long length;

    int pos;
    /** Length of the byte string {@link #byteString()} read last. */
    int lastLength;

    // decoded transaction fields (TRANSACTION, FRAGMENT 0, COMMIT)
    long uuidMsb;
    long uuidLsb;
    String tag;
    long gno;
    long originalMicros;
    long immediateMicros;
    String binlogFile;
    long startPosition;
    long endPosition;
    int eventCount;
    long payloadBytes;
    long fragmentCount;
    int payloadCrc;
    long fragmentNo;
    long voidFirst;
    long voidCount;

    private long cachedMsb;
    private long cachedLsb;
    private String cachedUuid;
    private String cachedKeyTag;
    private String cachedKey;
    private byte[] cachedFileBytes = new byte[0];
    private String cachedFile = "";

    /** Thrown for a record that cannot be decoded. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    byte[] ensureCapacity(int n) {
        if (buf.length < n) {
            buf = new byte[Math.max(n, buf.length * 2)];
        }
        return buf;
    }

    int version() {
        return loaded > 0 ? buf[0] & 0xff : -1;
    }

    int kind() {
        return loaded > 1 ? buf[1] : -1;
    }

    boolean complete() {
        return loaded == length;
    }

    int storedCrc() {
        return RecordFormat.intLE(buf, RecordFormat.CRC_OFFSET);
    }

    /** Checks the prefix and positions the decoder after it. */
    void begin() {
        if (length < RecordFormat.PREFIX_BYTES) {
            throw new Malformed("record of " + length + " bytes is shorter than its 6-byte prefix");
        }
        if (version() != RecordFormat.VERSION) {
            throw new Malformed("unsupported record format version " + version() + " (this build reads version "
                    + RecordFormat.VERSION + ")");
        }
        pos = RecordFormat.PREFIX_BYTES;
    }

    /** Verifies the record CRC over a fully loaded record whose header ends at {@code headerEnd}. */
    boolean crcMatches(CRC32C crc, int headerEnd) {
        crc.reset();
        crc.update(buf, headerEnd, loaded - headerEnd);
        crc.update(buf, 0, RecordFormat.CRC_OFFSET);
        crc.update(buf, RecordFormat.PREFIX_BYTES, headerEnd - RecordFormat.PREFIX_BYTES);
        return (int) crc.getValue() == storedCrc();
    }

    int computedCrc(CRC32C crc, int headerEnd) {
        crcMatches(crc, headerEnd);
        return (int) crc.getValue();
    }

    long varLong() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= loaded) {
                throw new Malformed("record ends inside a varint at offset " + pos);
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new Malformed("varint longer than 10 bytes at offset " + pos);
    }

    long varSigned() {
        long z = varLong();
        return (z >>> 1) ^ -(z & 1);
    }

    int varInt() {
        long v = varLong();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new Malformed("length " + v + " out of range at offset " + pos);
        }
        return (int) v;
    }

    long fixedLong() {
        need(8);
        long v = RecordFormat.longLE(buf, pos);
        pos += 8;
        return v;
    }

    int fixedInt() {
        need(4);
        int v = RecordFormat.intLE(buf, pos);
        pos += 4;
        return v;
    }

    /** Reads a varint-length byte string; returns its offset in {@link #buf} (length in {@link #lastLength}). */
    int byteString() {
        int n = varInt();
        need(n);
        int at = pos;
        lastLength = n;
        pos += n;
        return at;
    }

    String string() {
        int at = byteString();
        return new String(buf, at, lastLength, StandardCharsets.UTF_8);
    }

    byte[] rest() {
        return Arrays.copyOfRange(buf, pos, loaded);
    }

    void txnStart() {
        uuidMsb = fixedLong();
        uuidLsb = fixedLong();
        int at = byteString();
        tag = lastLength == 0 ? null : new String(buf, at, lastLength, StandardCharsets.US_ASCII);
        gno = varLong();
        if (gno < 1) {
            throw new Malformed("GTID transaction number " + gno + " is not positive");
        }
        originalMicros = fixedLong();
        immediateMicros = originalMicros + varSigned();
        at = byteString();
        if (!Arrays.equals(buf, at, at + lastLength, cachedFileBytes, 0, cachedFileBytes.length)) {
            cachedFileBytes = Arrays.copyOfRange(buf, at, at + lastLength);
            cachedFile = new String(cachedFileBytes, StandardCharsets.UTF_8);
        }
        binlogFile = cachedFile;
        startPosition = varLong();
    }

    /** TRANSACTION header after the prefix; the payload follows at {@link #pos}. */
    void transactionHeader() {
        txnStart();
        endPosition = startPosition + varLong();
        eventCount = varInt();
        payloadBytes = length - pos;
        fragmentCount = 0;
    }

    void commitHeader() {
        txnStart();
        endPosition = startPosition + varLong();
        eventCount = varInt();
        payloadBytes = varLong();
        fragmentCount = varLong();
        payloadCrc = fixedInt();
    }

    /** FRAGMENT header; fragment 0 also carries the transaction start. */
    void fragmentHeader() {
        fragmentNo = varLong();
        if (fragmentNo == 0) {
            txnStart();
        }
    }

    /** VOID header: u64 index of the first voided record, varint number of records voided. */
    void voidHeader() {
        voidFirst = fixedLong();
        voidCount = varLong();
    }

    /**
     * Decodes the header of a fully loaded record and checks its CRC: null if sound, else what is wrong. Leaves
     * the decoded fields set (and {@link #pos} after the header).
     */
    String damage(CRC32C crc) {
        if (!complete()) {
            return "record of " + length + " bytes is too large to be a journal record";
        }
        try {
            begin();
            switch (kind()) {
                case RecordFormat.BASE -> {
                    byteString();
                    byteString();
                }
                case RecordFormat.FORMAT -> byteString();
                case RecordFormat.TRANSACTION -> transactionHeader();
                case RecordFormat.FRAGMENT -> fragmentHeader();
                case RecordFormat.COMMIT -> commitHeader();
                case RecordFormat.ABORT -> varLong();
                case RecordFormat.VOID -> voidHeader();
                default -> {
                    return "unknown record kind " + kind();
                }
            }
        } catch (Malformed | IllegalArgumentException e) {
            return "undecodable " + RecordFormat.kindName(kind()) + " record: " + e.getMessage();
        }
        int headerEnd = pos;
        if (crcMatches(crc, headerEnd)) {
            return null;
        }
        return RecordFormat.kindName(kind()) + " record fails its checksum (stored " + Integer.toHexString(storedCrc())
                + ", computed " + Integer.toHexString((int) crc.getValue()) + ")";
    }

    String uuid() {
        if (cachedUuid == null || uuidMsb != cachedMsb || uuidLsb != cachedLsb) {
            cachedUuid = new UUID(uuidMsb, uuidLsb).toString();
            cachedMsb = uuidMsb;
            cachedLsb = uuidLsb;
            cachedKey = null;
        }
        return cachedUuid;
    }

    /** GtidSet's key: "uuid" or "uuid:tag", cached. */
    String sourceKey() {
        String u = uuid();
        if (cachedKey == null || !java.util.Objects.equals(tag, cachedKeyTag)) {
            cachedKey = tag == null ? u : u + ":" + tag;
            cachedKeyTag = tag;
        }
        return cachedKey;
    }

    Gtid gtid() {
        return new Gtid(uuid(), tag, gno);
    }

    TransactionHeader header() {
        return new TransactionHeader(
                gtid(),
                originalMicros,
                immediateMicros,
                binlogFile,
                startPosition,
                endPosition,
                eventCount,
                payloadBytes);
    }

    private void need(int n) {
        if (n < 0 || pos + n > loaded) {
            throw new Malformed("record ends inside its header (needs " + (pos + n) + " bytes, has " + loaded + ")");
        }
    }
}
