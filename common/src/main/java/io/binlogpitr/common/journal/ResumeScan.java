package io.binlogpitr.common.journal;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * The writer's scan on open: rebuilds the GTID set, base, source UUID and last format from record headers only
 * (payloads are not copied), and finds a torn tail: fragments of a transaction with neither COMMIT nor ABORT.
 * Small records (BASE, FORMAT, COMMIT, ABORT) are checksummed; TRANSACTION and FRAGMENT payloads are not, that
 * is what {@link JournalScanner} is for.
 */
final class ResumeScan {
    final GtidSet base = new GtidSet();
    final GtidSet gtids = new GtidSet();
    String sourceUuid;
    long transactions;
    Gtid lastGtid;
    long lastOriginalMicros;
    byte[] lastFormat;
    long records;
    long lastIndex = -1;
    int lastCycle = -1;
    long lastEndOffset = -1;
    java.io.File lastFile;

    // the torn tail, if any
    long pendingFragments;
    long pendingFirstIndex = -1;
    long pendingBytes;
    Gtid pendingGtid;

    private final CRC32C crc = new CRC32C();
    private String lastKey;
    private long lastGno;

    static ResumeScan run(SingleChronicleQueue queue) {
        ResumeScan s = new ResumeScan();
        try (RecordCursor c = new RecordCursor(
                queue, RecordFormat.BASE, RecordFormat.FORMAT, RecordFormat.COMMIT, RecordFormat.ABORT)) {
            while (c.next()) {
                s.accept(c);
            }
            s.lastFile = c.currentFile();
        }
        if (s.lastKey != null) {
            s.lastGtid = gtidOf(s.lastKey, s.lastGno);
        }
        return s;
    }

    private void accept(RecordCursor c) {
        RecordView v = c.view;
        records++;
        lastIndex = c.index;
        lastCycle = c.cycle;
        lastEndOffset = c.endOffset;
        try {
            v.begin();
            switch (v.kind()) {
                case RecordFormat.BASE -> {
                    String uuid = v.string();
                    String set = v.string();
                    checkCrc(c, v.pos);
                    if (!uuid.isEmpty()) {
                        sourceUuid = uuid;
                    }
                    base.addAll(GtidSet.parse(set));
                }
                case RecordFormat.FORMAT -> {
                    v.string();
                    int headerEnd = v.pos;
                    checkCrc(c, headerEnd);
                    lastFormat = v.rest();
                }
                case RecordFormat.TRANSACTION -> {
                    v.transactionHeader();
                    voidPending();
                    committed(v);
                }
                case RecordFormat.FRAGMENT -> {
                    v.fragmentHeader();
                    if (v.fragmentNo == 0) {
                        pendingFragments = 0;
                        pendingBytes = 0;
                        pendingFirstIndex = c.index;
                        pendingGtid = v.gtid();
                    }
                    pendingFragments++;
                    pendingBytes += v.length;
                }
                case RecordFormat.COMMIT -> {
                    v.commitHeader();
                    checkCrc(c, v.pos);
                    voidPending();
                    committed(v);
                }
                case RecordFormat.ABORT -> voidPending();
                default -> throw new RecordView.Malformed("unknown record kind " + v.kind());
            }
        } catch (RecordView.Malformed e) {
            throw corrupt(c.index, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw corrupt(c.index, "undecodable " + RecordFormat.kindName(v.kind()) + " record: " + e.getMessage());
        }
    }

    private void committed(RecordView v) {
        String key = v.sourceKey();
        gtids.add(key, v.gno);
        transactions++;
        lastKey = key;
        lastGno = v.gno;
        lastOriginalMicros = v.originalMicros;
    }

    private void voidPending() {
        pendingFragments = 0;
        pendingBytes = 0;
        pendingFirstIndex = -1;
        pendingGtid = null;
    }

    private void checkCrc(RecordCursor c, int headerEnd) {
        if (!c.view.crcMatches(crc, headerEnd)) {
            throw corrupt(
                    c.index,
                    RecordFormat.kindName(c.view.kind()) + " record checksum mismatch (stored "
                            + Integer.toHexString(c.view.storedCrc()) + ")");
        }
    }

    static PitrException corrupt(long index, String what) {
        return new PitrException(
                ErrorCode.JOURNAL_CORRUPT,
                "journal record at index " + RecordFormat.hex(index) + " is damaged: " + what,
                "run 'pitr-restore verify --repo ...' to list every damaged record");
    }

    static Gtid gtidOf(String key, long gno) {
        int colon = key.indexOf(':');
        return colon < 0 ? new Gtid(key, gno) : new Gtid(key.substring(0, colon), key.substring(colon + 1), gno);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
