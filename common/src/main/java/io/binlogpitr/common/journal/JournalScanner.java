package io.binlogpitr.common.journal;

import io.binlogpitr.common.gtid.GtidSet;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * Walks the whole journal and checks every checksum; reports what it found instead of throwing for damaged
 * data. Used by {@code status} and {@code verify}. Reads every payload, so it costs a sequential read of the
 * journal; a running writer is no obstacle (the scan stops at the current end).
 *
 * <p>Records voided by a later VOID record (a damaged tail cut on open) are neither problems nor duplicates:
 * on a damaged record the scanner looks ahead for a VOID covering it and goes on after it, counting the voided
 * records in {@link JournalSummary#voidedRecords()}. Damage no VOID covers is reported as before.
 */
public final class JournalScanner {
    private static final int MAX_PROBLEMS = 1000;

    private final CRC32C crc = new CRC32C();
    private final CRC32C payloadCrc = new CRC32C();
    private final GtidSet base = new GtidSet();
    private final GtidSet journaled = new GtidSet();
    private final GtidSet covered = new GtidSet();
    private final GtidSet duplicates = new GtidSet();
    private final List<String> problems = new ArrayList<>();
    private final List<String> incidents = new ArrayList<>();
    /** Binlog event type of an INCIDENT (MySQL's INCIDENT_EVENT). */
    private static final byte INCIDENT_EVENT = 26;

    private final Map<Integer, Long> cycleEnds = new HashMap<>();
    private String sourceUuid;
    private long transactions;
    private long payloadBytes;
    private Long firstMicros;
    private Long lastMicros;
    private long fragments;
    private long fragmentBytes;
    private long voidedRecords;
    private long lastCommitIndex = -1;
    private SingleChronicleQueue queue;

    /** Thrown by {@link #damaged} when a VOID covers the damaged record: the walk goes on at the VOID. */
    private static final class Voided extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long voidIndex;

        Voided(long voidIndex) {
            super(null, null, false, false);
            this.voidIndex = voidIndex;
        }
    }

    private JournalScanner() {}

    /** Scans the journal in {@code journalDir}; throws only if it cannot be opened at all. */
    public static JournalSummary scan(Path journalDir) {
        for (int attempt = 1; ; attempt++) {
            RetentionMarker marker = RetentionMarker.read(journalDir).orElse(null);
            JournalScanner s = new JournalScanner();
            try (SingleChronicleQueue queue = ChronicleQueues.openForReading(journalDir)) {
                s.walk(queue, marker);
            }
            // retention may have deleted cycles while we walked them: then what we saw has gaps; scan again
            RetentionMarker after = RetentionMarker.read(journalDir).orElse(null);
            if (firstCycle(after) == firstCycle(marker) || attempt == 3) {
                return s.summary();
            }
        }
    }

    private static int firstCycle(RetentionMarker m) {
        return m == null ? Integer.MIN_VALUE : m.firstKeptCycle();
    }

    private void walk(SingleChronicleQueue queue, RetentionMarker marker) {
        this.queue = queue;
        if (marker != null) {
            // the front retention deleted: its base (old base and every deleted GTID) and source UUID
            base.addAll(marker.base());
            covered.addAll(marker.base());
            sourceUuid = marker.sourceUuid();
        }
        try (RecordCursor c = new RecordCursor(queue, RecordFormat.ALL_KINDS).from(marker)) {
            long lastIndex = -1;
            while (true) {
                try {
                    if (!c.next()) {
                        return;
                    }
                } catch (RuntimeException e) {
                    problem("unreadable excerpt after index " + RecordFormat.hex(lastIndex) + ": " + e);
                    return;
                }
                lastIndex = c.index;
                cycleEnds.merge(c.cycle, c.endOffset, Math::max);
                try {
                    try {
                        accept(c.view, c.index);
                    } catch (RecordView.Malformed | IllegalArgumentException e) {
                        damaged(
                                c.index,
                                "undecodable " + RecordFormat.kindName(c.view.kind()) + " record: " + e.getMessage());
                    }
                } catch (Voided v) {
                    // the damaged record and what follows up to the VOID were voided when a writer opened
                    fragments = 0;
                    fragmentBytes = 0;
                    if (!c.moveTo(v.voidIndex)) {
                        problem("index " + RecordFormat.hex(v.voidIndex) + ": void record cannot be read again");
                        return;
                    }
                }
            }
        }
    }

    private void accept(RecordView v, long index) {
        v.begin();
        if (!v.complete()) {
            damaged(index, "record of " + v.length + " bytes is too large");
            return;
        }
        switch (v.kind()) {
            case RecordFormat.BASE -> {
                String uuid = v.string();
                String set = v.string();
                if (checked(v, index, v.pos, "base")) {
                    if (!uuid.isEmpty()) {
                        sourceUuid = uuid;
                    }
                    GtidSet more = GtidSet.parse(set);
                    base.addAll(more);
                    covered.addAll(more);
                }
            }
            case RecordFormat.FORMAT -> {
                v.string();
                checked(v, index, v.pos, "format");
            }
            case RecordFormat.TRANSACTION -> {
                v.transactionHeader();
                endFragments(index, "transaction " + v.gtid());
                boolean ok = checked(v, index, v.pos, "transaction " + v.gtid());
                committed(v, ok);
                lastCommitIndex = index;
                if (ok && isIncident(v)) {
                    incidents.add(v.gtid() + " at binlog " + v.binlogFile + ":" + v.startPosition + ", committed "
                            + instant(v.originalMicros));
                }
            }
            case RecordFormat.FRAGMENT -> {
                v.fragmentHeader();
                if (v.fragmentNo == 0) {
                    endFragments(index, "a new fragmented transaction " + v.gtid());
                    payloadCrc.reset();
                } else if (v.fragmentNo != fragments) {
                    problem("index " + RecordFormat.hex(index) + ": fragment " + v.fragmentNo + " where " + fragments
                            + " was expected");
                }
                checked(v, index, v.pos, "fragment " + v.fragmentNo);
                payloadCrc.update(v.buf, v.pos, v.loaded - v.pos);
                fragments++;
                fragmentBytes += v.loaded - v.pos;
            }
            case RecordFormat.COMMIT -> {
                v.commitHeader();
                boolean ok = checked(v, index, v.pos, "commit of " + v.gtid());
                if (v.fragmentCount != fragments || v.payloadBytes != fragmentBytes) {
                    problem("index " + RecordFormat.hex(index) + ": commit of " + v.gtid() + " closes "
                            + v.fragmentCount + " fragments of " + v.payloadBytes + " bytes, found " + fragments
                            + " of " + fragmentBytes);
                    ok = false;
                } else if ((int) payloadCrc.getValue() != v.payloadCrc) {
                    problem("index " + RecordFormat.hex(index) + ": payload of " + v.gtid()
                            + " does not match the checksum in its commit");
                    ok = false;
                }
                committed(v, ok);
                if (ok) {
                    lastCommitIndex = index;
                }
                fragments = 0;
                fragmentBytes = 0;
            }
            case RecordFormat.ABORT -> {
                v.varLong();
                checked(v, index, v.pos, "abort");
                fragments = 0;
                fragmentBytes = 0;
            }
            case RecordFormat.VOID -> {
                v.voidHeader();
                if (checked(v, index, v.pos, "void")) {
                    voidedRecords += v.voidCount;
                    if (v.voidFirst <= lastCommitIndex) {
                        problem("index " + RecordFormat.hex(index) + ": void record covers index "
                                + RecordFormat.hex(v.voidFirst) + " although the transaction at "
                                + RecordFormat.hex(lastCommitIndex) + " verified");
                    }
                }
                fragments = 0;
                fragmentBytes = 0;
            }
            default -> damaged(index, "unknown record kind " + v.kind());
        }
    }

    /** A damaged record: skipped if a later VOID covers it (throws {@link Voided}), else reported. */
    private void damaged(long index, String what) {
        long voidIndex = RecordCursor.voidCovering(queue, index);
        if (voidIndex >= 0) {
            throw new Voided(voidIndex);
        }
        problem("index " + RecordFormat.hex(index) + ": " + what);
    }

    private void committed(RecordView v, boolean ok) {
        transactions++;
        payloadBytes += v.payloadBytes;
        if (firstMicros == null) {
            firstMicros = v.originalMicros;
        }
        lastMicros = v.originalMicros;
        if (!ok) {
            return;
        }
        String key = v.sourceKey();
        if (!covered.add(key, v.gno)) {
            duplicates.add(key, v.gno);
        }
        journaled.add(key, v.gno);
    }

    /** Fragments followed by something other than their COMMIT or an ABORT were never committed: report. */
    private void endFragments(long index, String what) {
        if (fragments > 0) {
            problem("index " + RecordFormat.hex(index) + ": " + fragments + " fragments before " + what
                    + " were neither committed nor aborted");
            fragments = 0;
            fragmentBytes = 0;
        }
    }

    private boolean checked(RecordView v, long index, int headerEnd, String what) {
        if (v.crcMatches(crc, headerEnd)) {
            return true;
        }
        damaged(
                index,
                what + " fails its checksum (stored "
                        + Integer.toHexString(v.storedCrc()) + ", computed "
                        + Integer.toHexString(v.computedCrc(crc, headerEnd))
                        + ")");
        return false;
    }

    /**
     * A transaction of a GTID event and an INCIDENT event (type 26), as MySQL 8.0 writes an incident; read from
     * the payload's bytes (the scanner does not decode events).
     */
    private static boolean isIncident(RecordView v) {
        if (v.eventCount != 2 || v.payloadBytes > 1024) {
            return false;
        }
        long first = RecordFormat.eventSize(v.buf, v.pos);
        long typeAt = v.pos + first + 4;
        return typeAt < v.loaded && v.buf[(int) typeAt] == INCIDENT_EVENT;
    }

    private void problem(String p) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(p);
        } else if (problems.size() == MAX_PROBLEMS) {
            problems.add("more problems not listed");
        }
    }

    private JournalSummary summary() {
        long disk = cycleEnds.values().stream().mapToLong(Long::longValue).sum();
        return new JournalSummary(
                base,
                journaled,
                transactions,
                payloadBytes,
                disk,
                Optional.ofNullable(firstMicros).map(JournalScanner::instant),
                Optional.ofNullable(lastMicros).map(JournalScanner::instant),
                duplicates,
                problems,
                Optional.ofNullable(sourceUuid),
                voidedRecords,
                incidents);
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
}
