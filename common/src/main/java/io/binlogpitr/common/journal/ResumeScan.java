package io.binlogpitr.common.journal;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * The writer's scan on open: rebuilds the GTID set, base, source UUID and last format from record headers only
 * (payloads are not copied), finds a torn tail (fragments of a transaction with neither COMMIT nor ABORT), and
 * verifies the tail: every record of the last {@link #VERIFIED_TAIL_BYTES} is read whole and checksummed.
 *
 * <p>Why the tail: after a power loss or OS crash, what was appended after the last completed sync may be on
 * disk in part, e.g. a Chronicle excerpt header whose payload pages never reached the disk. Such a record is
 * visible but damaged; counting its GTID as held would lose the transaction for good (the agent would never fetch
 * it again). When the tail holds a damaged record, everything from it (from the first fragment of its
 * transaction) to the end is voided: the scan's state is rebuilt as of just before it, and the writer appends a
 * VOID record naming it, so the agent fetches those transactions again. Damage older than the tail is left to
 * {@link JournalScanner} ({@code verify}); a damaged small record there still stops the writer (JOURNAL_CORRUPT).
 *
 * <p>Records voided by an earlier VOID are skipped. The VOID follows what it voids, so a scan that meets one
 * scans again knowing the voided ranges (only after a tail was voided, until retention deletes those hours).
 */
final class ResumeScan {
    /**
     * How much of the end of the journal is read whole and checksummed on open. What a power loss can tear is
     * what was appended after the last completed sync: at most ~48 MiB, because the writer syncs on its own
     * thread once {@link JournalWriter#MAX_UNSYNCED_BYTES} (16 MiB) were appended since the last sync began; at
     * the agent's 15 MB/s it is the 3 MB of one 200 ms interval. 64 MiB covers that with a margin (about 20 sync
     * intervals at full speed). Cost measured (JournalThroughputTest prints it): 10-31 ms for the last 68 MB of a
     * 200k-transaction journal on this 2-core machine with the files in the page cache (a sequential copy plus
     * CRC32C); cold after a reboot, the time to read 64 MiB from the disk.
     */
    static final long VERIFIED_TAIL_BYTES = 64L << 20;
    /** Granularity of the tail's start: a record index is remembered every this many bytes. */
    private static final long CHECKPOINT_BYTES = 1L << 20;

    final GtidSet base = new GtidSet();
    final GtidSet gtids = new GtidSet();
    String sourceUuid;
    long transactions;
    Gtid lastGtid;
    long lastOriginalMicros;
    byte[] lastFormat;
    // the end of the journal (all records, voided ones included)
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

    // a damaged tail to void, if any: records from voidFrom to the end
    long voidFrom = -1;
    long voidRecords;
    long voidBytes;
    long damagedIndex = -1;
    String damage;
    final GtidSet voidedGtids = new GtidSet();
    // what verifying the tail cost
    long verifiedBytes;
    long verifyNanos;

    /** Ranges voided by VOID records: {first voided index, index of the VOID}. */
    private final List<long[]> voids;

    private final List<long[]> foundVoids = new ArrayList<>();
    private long lastVoidIndex = -1;
    private final long stopAt;
    private final ArrayDeque<long[]> checkpoints = new ArrayDeque<>();
    private long bytes;
    private long lastCheckpointBytes = -CHECKPOINT_BYTES;
    // the first damaged small record or undecodable header not voided
    private long firstDamage = -1;
    private String firstDamageWhat;

    private final CRC32C crc = new CRC32C();
    private String lastKey;
    private long lastGno;

    private ResumeScan(List<long[]> voids, long stopAt) {
        this.voids = voids;
        this.stopAt = stopAt;
    }

    /**
     * Scans the journal; {@code marker} (null if retention never ran) gives the base, source UUID and format of
     * the deleted front and the cycle to start at.
     */
    static ResumeScan run(SingleChronicleQueue queue, RetentionMarker marker) {
        ResumeScan s = pass(queue, marker, List.of(), Long.MAX_VALUE);
        if (!s.foundVoids.isEmpty()) {
            s = pass(queue, marker, s.foundVoids, Long.MAX_VALUE);
        }
        long tailStart = s.tailStart();
        long t0 = System.nanoTime();
        long[] verified = new long[1];
        Damage found = verifyTail(queue, tailStart, s.lastVoidIndex, verified);
        long verifyNanos = System.nanoTime() - t0;
        long from = found == null ? -1 : found.from();
        if (s.firstDamage >= 0 && (from < 0 || s.firstDamage < from)) {
            // damage before the verified tail: not ours to void; the scanner lists it
            throw corrupt(s.firstDamage, s.firstDamageWhat);
        }
        if (found == null) {
            s.verifiedBytes = verified[0];
            s.verifyNanos = verifyNanos;
            return s;
        }
        ResumeScan cut = pass(queue, marker, s.voids, from);
        cut.verifiedBytes = verified[0];
        cut.verifyNanos = verifyNanos;
        cut.voidFrom = from;
        cut.damagedIndex = found.index();
        cut.damage = found.what();
        return cut;
    }

    /** A damaged record in the tail: void from {@code from}, the record at {@code index} is {@code what}. */
    private record Damage(long from, long index, String what) {}

    private static ResumeScan pass(
            SingleChronicleQueue queue, RetentionMarker marker, List<long[]> voids, long stopAt) {
        ResumeScan s = new ResumeScan(voids, stopAt);
        if (marker != null) {
            s.base.addAll(marker.base());
            s.sourceUuid = marker.sourceUuid();
            s.lastFormat = marker.format();
        }
        try (RecordCursor c = new RecordCursor(
                        queue,
                        RecordFormat.BASE,
                        RecordFormat.FORMAT,
                        RecordFormat.COMMIT,
                        RecordFormat.ABORT,
                        RecordFormat.VOID)
                .from(marker)) {
            while (c.next()) {
                s.record(c);
            }
            s.lastFile = c.currentFile();
        }
        if (s.lastKey != null) {
            s.lastGtid = gtidOf(s.lastKey, s.lastGno);
        }
        return s;
    }

    /** The index the verified tail starts at: the last record start at least VERIFIED_TAIL_BYTES before the end. */
    private long tailStart() {
        long[] first = checkpoints.peekFirst();
        return first == null ? -1 : first[0];
    }

    /**
     * Reads every record from {@code start} whole (skipping those up to the last VOID, verified when it was
     * written) and returns the first damaged one, or null when all are sound. The first index to
     * void is the first fragment of the damaged record's transaction when that is in the tail.
     */
    private static Damage verifyTail(SingleChronicleQueue queue, long start, long lastVoid, long[] verified) {
        if (start < 0) {
            return null;
        }
        try (RecordCursor c = new RecordCursor(
                queue,
                RecordFormat.BASE,
                RecordFormat.FORMAT,
                RecordFormat.TRANSACTION,
                RecordFormat.FRAGMENT,
                RecordFormat.COMMIT,
                RecordFormat.ABORT,
                RecordFormat.VOID)) {
            if (!c.moveTo(start)) {
                throw corrupt(start, "cannot move to the start of the verified tail");
            }
            CRC32C crc = new CRC32C();
            long fragment0 = -1;
            while (c.next()) {
                if (c.index <= lastVoid) {
                    continue;
                }
                RecordView v = c.view;
                verified[0] += v.length;
                String what = v.damage(crc);
                if (what != null) {
                    return new Damage(fragment0 >= 0 ? fragment0 : c.index, c.index, what);
                }
                if (v.kind() == RecordFormat.FRAGMENT && v.fragmentNo == 0) {
                    fragment0 = c.index;
                } else if (v.kind() != RecordFormat.FRAGMENT) {
                    fragment0 = -1;
                }
            }
            return null;
        }
    }

    private void record(RecordCursor c) {
        long len = c.view.length;
        if (bytes - lastCheckpointBytes >= CHECKPOINT_BYTES) {
            checkpoints.addLast(new long[] {c.index, bytes});
            lastCheckpointBytes = bytes;
            while (checkpoints.size() >= 2 && secondCheckpointBytes() <= bytes - VERIFIED_TAIL_BYTES) {
                checkpoints.pollFirst();
            }
        }
        bytes += len;
        records++;
        lastIndex = c.index;
        lastCycle = c.cycle;
        lastEndOffset = c.endOffset;
        if (c.index >= stopAt) {
            voided(c.view);
            return;
        }
        if (isVoided(c.index)) {
            return;
        }
        accept(c);
    }

    private long secondCheckpointBytes() {
        var it = checkpoints.iterator();
        it.next();
        return it.next()[1];
    }

    private boolean isVoided(long index) {
        for (long[] r : voids) {
            if (index >= r[0] && index < r[1]) {
                return true;
            }
        }
        return false;
    }

    /** A record from the first voided one to the end: counted for the warning. */
    private void voided(RecordView v) {
        voidRecords++;
        voidBytes += v.length;
        try {
            v.begin();
            if (v.kind() == RecordFormat.TRANSACTION) {
                v.transactionHeader();
                voidedGtids.add(v.sourceKey(), v.gno);
            } else if (v.kind() == RecordFormat.COMMIT) {
                v.commitHeader();
                voidedGtids.add(v.sourceKey(), v.gno);
            }
        } catch (RecordView.Malformed | IllegalArgumentException e) {
            // undecodable: nothing to name
        }
    }

    private void accept(RecordCursor c) {
        RecordView v = c.view;
        try {
            v.begin();
            switch (v.kind()) {
                case RecordFormat.BASE -> {
                    String uuid = v.string();
                    String set = v.string();
                    if (!crcOk(c, v.pos)) {
                        return;
                    }
                    if (!uuid.isEmpty()) {
                        sourceUuid = uuid;
                    }
                    base.addAll(GtidSet.parse(set));
                }
                case RecordFormat.FORMAT -> {
                    v.string();
                    int headerEnd = v.pos;
                    if (crcOk(c, headerEnd)) {
                        lastFormat = v.rest();
                    }
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
                    if (crcOk(c, v.pos)) {
                        voidPending();
                        committed(v);
                    }
                }
                case RecordFormat.ABORT -> {
                    v.varLong();
                    if (crcOk(c, v.pos)) {
                        voidPending();
                    }
                }
                case RecordFormat.VOID -> {
                    v.voidHeader();
                    if (crcOk(c, v.pos)) {
                        foundVoids.add(new long[] {v.voidFirst, c.index});
                        lastVoidIndex = c.index;
                    }
                }
                default -> damaged(c.index, "unknown record kind " + v.kind());
            }
        } catch (RecordView.Malformed e) {
            damaged(c.index, e.getMessage());
        } catch (IllegalArgumentException e) {
            damaged(c.index, "undecodable " + RecordFormat.kindName(v.kind()) + " record: " + e.getMessage());
        }
    }

    private void damaged(long index, String what) {
        if (firstDamage < 0) {
            firstDamage = index;
            firstDamageWhat = what;
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

    private boolean crcOk(RecordCursor c, int headerEnd) {
        if (c.view.crcMatches(crc, headerEnd)) {
            return true;
        }
        damaged(
                c.index,
                RecordFormat.kindName(c.view.kind()) + " record checksum mismatch (stored "
                        + Integer.toHexString(c.view.storedCrc()) + ")");
        return false;
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
