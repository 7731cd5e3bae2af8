package io.binlogpitr.common.journal;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.CRC32C;

/** Builds one record's prefix and header in a reusable heap buffer; the payload is written after it. */
final class RecordEncoder {
    private byte[] buf = new byte[RecordFormat.HEADER_MAX];
    private int len;

    private String lastText;
    private byte[] lastTextBytes;
    private String lastUuidText;
    private long uuidMsb;
    private long uuidLsb;

    RecordEncoder start(byte kind) {
        len = 0;
        buf[len++] = RecordFormat.VERSION;
        buf[len++] = kind;
        len += 4;
        return this;
    }

    byte[] array() {
        return buf;
    }

    int length() {
        return len;
    }

    RecordEncoder varLong(long v) {
        ensure(10);
        long x = v;
        while ((x & ~0x7fL) != 0) {
            buf[len++] = (byte) ((x & 0x7f) | 0x80);
            x >>>= 7;
        }
        buf[len++] = (byte) x;
        return this;
    }

    /** Zig-zag so that small negative numbers stay short too. */
    RecordEncoder varSigned(long v) {
        return varLong((v << 1) ^ (v >> 63));
    }

    RecordEncoder fixedLong(long v) {
        ensure(8);
        RecordFormat.putLongLE(buf, len, v);
        len += 8;
        return this;
    }

    RecordEncoder fixedInt(int v) {
        ensure(4);
        RecordFormat.putIntLE(buf, len, v);
        len += 4;
        return this;
    }

    /** A short name (binlog file, GTID tag): varint length then UTF-8; the last one is cached. */
    RecordEncoder name(String s) {
        byte[] bytes;
        if (s == null) {
            bytes = new byte[0];
        } else if (s.equals(lastText)) {
            bytes = lastTextBytes;
        } else {
            bytes = s.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > RecordFormat.MAX_NAME_BYTES) {
                throw new IllegalArgumentException("name of " + bytes.length + " bytes is longer than "
                        + RecordFormat.MAX_NAME_BYTES + ": " + s.substring(0, 40) + "...");
            }
            lastText = s;
            lastTextBytes = bytes;
        }
        return bytes(bytes, 0, bytes.length);
    }

    /** Varint length then the bytes (used for long texts such as GTID sets). */
    RecordEncoder bytes(byte[] b, int off, int n) {
        varLong(n);
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    RecordEncoder uuid(String uuid) {
        if (!uuid.equals(lastUuidText)) {
            UUID u = UUID.fromString(uuid);
            uuidMsb = u.getMostSignificantBits();
            uuidLsb = u.getLeastSignificantBits();
            lastUuidText = uuid;
        }
        return fixedLong(uuidMsb).fixedLong(uuidLsb);
    }

    /** GTID, commit times, binlog file and start position: the part every transaction header shares. */
    RecordEncoder txnStart(TransactionStart s) {
        uuid(s.gtid().uuid());
        String tag = s.gtid().tag();
        if (tag == null) {
            varLong(0);
        } else {
            byte[] t = tag.getBytes(StandardCharsets.US_ASCII);
            bytes(t, 0, t.length);
        }
        varLong(s.gtid().transactionId());
        fixedLong(s.originalCommitMicros());
        varSigned(s.immediateCommitMicros() - s.originalCommitMicros());
        name(s.binlogFile());
        varLong(s.startPosition());
        return this;
    }

    /**
     * Completes the CRC: {@code crc} already holds the payload's bytes (or nothing); the prefix's version and kind
     * and the header follow, then the value is stored at bytes 2..5.
     */
    void seal(CRC32C crc) {
        crc.update(buf, 0, RecordFormat.CRC_OFFSET);
        crc.update(buf, RecordFormat.PREFIX_BYTES, len - RecordFormat.PREFIX_BYTES);
        RecordFormat.putIntLE(buf, RecordFormat.CRC_OFFSET, (int) crc.getValue());
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            byte[] bigger = new byte[Math.max(buf.length * 2, len + n)];
            System.arraycopy(buf, 0, bigger, 0, len);
            buf = bigger;
        }
    }
}
