package io.binlogpitr.common.journal;

import io.binlogpitr.common.gtid.GtidSet;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * What each cycle file of the journal holds, for {@link JournalRetention}: the GTIDs committed in it, the BASE
 * and FORMAT records in it, whether it holds damage retention must not delete blindly, and the cycle boundaries
 * a deletion must not cut (inside a fragmented transaction, or inside a range voided by a VOID record).
 *
 * <p>Reads record headers only (payloads of TRANSACTION and FRAGMENT records are not copied), like the writer's
 * {@link ResumeScan}, so its cost is that of a writer open: ~1-6 µs per record, i.e. seconds for millions. It
 * reads the whole journal because a VOID in a later cycle may void records of an earlier one; a journal that
 * holds VOID records is read twice (the second time knowing the voided ranges). Not cached yet: a summary per
 * closed cycle would be exact only while no later VOID reaches back into it.
 */
final class CycleScan {
    /** What one cycle file holds. */
    static final class Cycle {
        final int cycle;
        /** GTIDs of the transactions committed in this cycle (TRANSACTION or COMMIT record here), voided excluded. */
        final GtidSet committed = new GtidSet();
        /** Union of the BASE records in this cycle. */
        final GtidSet base = new GtidSet();
        /** The source UUID of the last BASE record here that names one, or null. */
        String sourceUuid;
        /** The last sound FORMAT event here, or null. */
        byte[] format;

        long transactions;
        /** Bytes used in the file, up to the end of its last excerpt (as {@code JournalSummary.diskBytes}). */
        long usedBytes;
        /** Why this cycle must not be deleted (a damaged record no VOID covers), or null. */
        String blocker;

        Cycle(int cycle) {
            this.cycle = cycle;
        }
    }

    final TreeMap<Integer, Cycle> cycles = new TreeMap<>();
    /** Spans {from, to} of cycles: no deletion may start its kept part at a cycle c with from < c <= to. */
    private final List<int[]> spans = new ArrayList<>();

    private final RollCycle roll;
    private final List<long[]> voids;
    private final List<long[]> foundVoids = new ArrayList<>();
    private final CRC32C crc = new CRC32C();
    private int fragmentCycle = Integer.MIN_VALUE;

    private CycleScan(RollCycle roll, List<long[]> voids) {
        this.roll = roll;
        this.voids = voids;
    }

    static CycleScan run(SingleChronicleQueue queue, RetentionMarker marker) {
        CycleScan s = pass(queue, marker, List.of());
        if (!s.foundVoids.isEmpty()) {
            s = pass(queue, marker, s.foundVoids);
        }
        return s;
    }

    /** True when the journal may start at {@code cycle}: no fragmented transaction or voided range spans it. */
    boolean cleanBoundary(int cycle) {
        for (int[] span : spans) {
            if (span[0] < cycle && cycle <= span[1]) {
                return false;
            }
        }
        return true;
    }

    private static CycleScan pass(SingleChronicleQueue queue, RetentionMarker marker, List<long[]> voids) {
        CycleScan s = new CycleScan(queue.rollCycle(), voids);
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
        }
        if (s.fragmentCycle != Integer.MIN_VALUE) {
            // fragments never closed: a writer is in the middle of that transaction, or a torn tail not yet cut
            s.spans.add(new int[] {s.fragmentCycle, Integer.MAX_VALUE});
        }
        for (long[] v : s.foundVoids) {
            s.spans.add(new int[] {s.roll.toCycle(v[0]), s.roll.toCycle(v[1])});
        }
        return s;
    }

    private void record(RecordCursor c) {
        Cycle k = cycles.computeIfAbsent(c.cycle, Cycle::new);
        k.usedBytes = Math.max(k.usedBytes, c.endOffset);
        if (isVoided(c.index)) {
            return;
        }
        RecordView v = c.view;
        try {
            v.begin();
            switch (v.kind()) {
                case RecordFormat.BASE -> {
                    String uuid = v.string();
                    String set = v.string();
                    if (sound(c, k, v.pos)) {
                        k.base.addAll(GtidSet.parse(set));
                        if (!uuid.isEmpty()) {
                            k.sourceUuid = uuid;
                        }
                    }
                }
                case RecordFormat.FORMAT -> {
                    v.string();
                    int headerEnd = v.pos;
                    if (sound(c, k, headerEnd)) {
                        k.format = v.rest();
                    }
                }
                case RecordFormat.TRANSACTION -> {
                    // the payload is not checked: a deleted transaction is in the snapshot that covers it
                    v.transactionHeader();
                    closeFragments(c.cycle);
                    committed(k, v);
                }
                case RecordFormat.FRAGMENT -> {
                    v.fragmentHeader();
                    if (v.fragmentNo == 0) {
                        closeFragments(c.cycle);
                        fragmentCycle = c.cycle;
                    }
                }
                case RecordFormat.COMMIT -> {
                    v.commitHeader();
                    if (sound(c, k, v.pos)) {
                        committed(k, v);
                    }
                    closeFragments(c.cycle);
                }
                case RecordFormat.ABORT -> {
                    v.varLong();
                    sound(c, k, v.pos);
                    closeFragments(c.cycle);
                }
                case RecordFormat.VOID -> {
                    v.voidHeader();
                    if (sound(c, k, v.pos)) {
                        foundVoids.add(new long[] {v.voidFirst, c.index});
                    }
                }
                default -> block(k, c.index, "unknown record kind " + v.kind());
            }
        } catch (RecordView.Malformed | IllegalArgumentException e) {
            block(k, c.index, "undecodable " + RecordFormat.kindName(v.kind()) + " record: " + e.getMessage());
        }
    }

    private void committed(Cycle k, RecordView v) {
        k.committed.add(v.sourceKey(), v.gno);
        k.transactions++;
    }

    /** The fragmented transaction in flight (if any) ends in {@code cycle}: its span may not be cut. */
    private void closeFragments(int cycle) {
        if (fragmentCycle != Integer.MIN_VALUE && fragmentCycle != cycle) {
            spans.add(new int[] {fragmentCycle, cycle});
        }
        fragmentCycle = Integer.MIN_VALUE;
    }

    private boolean sound(RecordCursor c, Cycle k, int headerEnd) {
        if (c.view.complete() && c.view.crcMatches(crc, headerEnd)) {
            return true;
        }
        block(k, c.index, RecordFormat.kindName(c.view.kind()) + " record fails its checksum");
        return false;
    }

    private static void block(Cycle k, long index, String what) {
        if (k.blocker == null) {
            k.blocker = "the record at index " + RecordFormat.hex(index) + " is damaged (" + what + ")";
        }
    }

    private boolean isVoided(long index) {
        for (long[] r : voids) {
            if (index >= r[0] && index < r[1]) {
                return true;
            }
        }
        return false;
    }
}
