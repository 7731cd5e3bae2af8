package io.binlogpitr.common.journal;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32C;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * Reads committed transactions in journal order, read-only, also while a writer in another process appends.
 * A transaction is handed out only once its TRANSACTION or COMMIT record exists, so never in part; FRAGMENTs
 * are remembered by index only (their checksum checked, for voided ones) and streamed again by
 * {@link JournalEntry#events()}.
 * One thread per reader.
 *
 * <p>Records voided by a later VOID record (a damaged tail after a power loss, see ResumeScan) are skipped: the
 * first voided record is always damaged or a fragment of the damaged transaction, so the reader meets damage
 * before it could hand out anything voided; on damage it looks ahead for a VOID covering it and goes on after
 * it, and only throws JOURNAL_CORRUPT when none does.
 */
public final class JournalReader implements AutoCloseable {
    private final Path dir;
    private final SingleChronicleQueue queue;
    private final RecordCursor cursor;
    /** Reads detached small entries again: one tailer for them all, made on first use (one thread per reader). */
    private RecordCursor rereadCursor;

    private final CRC32C crc = new CRC32C();
    private final GtidSet base = new GtidSet();
    private String sourceUuid;
    private byte[] format;
    private long[] fragments = new long[16];
    private int fragmentCount;

    private JournalReader(Path dir) {
        this.dir = dir;
        RetentionMarker marker = RetentionMarker.read(dir).orElse(null);
        this.queue = ChronicleQueues.openForReading(dir);
        boolean ok = false;
        try {
            if (marker != null) {
                // retention deleted the front: its base, source UUID and the format in force at the first kept record
                base.addAll(marker.base());
                sourceUuid = marker.sourceUuid();
                format = marker.format();
            }
            this.cursor = new RecordCursor(queue, RecordFormat.ALL_KINDS).from(marker);
            readLeadingBase(marker);
            ok = true;
        } finally {
            if (!ok) {
                queue.close();
            }
        }
    }

    /**
     * Opens the journal in {@code journalDir} for reading from its first record (the first one retention kept).
     * Retention must not delete what a reader still has to read: it only deletes what the oldest kept snapshot
     * holds, so a reader that starts after a kept snapshot is never affected.
     */
    public static JournalReader open(Path journalDir) {
        return new JournalReader(journalDir);
    }

    /**
     * The next complete committed transaction, or empty at the current end of the journal (call again later to
     * follow a writer).
     *
     * @throws PitrException JOURNAL_CORRUPT naming the index of a record that fails its checksum
     */
    public Optional<JournalEntry> next() {
        while (cursor.next()) {
            long index = cursor.index;
            try {
                Optional<JournalEntry> e = read(index);
                if (e.isPresent()) {
                    return e;
                }
            } catch (PitrException e) {
                long voidIndex = RecordCursor.voidCovering(queue, index);
                if (voidIndex < 0) {
                    throw e;
                }
                // voided: go on at the VOID record (read next as a no-op)
                fragmentCount = 0;
                if (!cursor.moveTo(voidIndex)) {
                    throw e;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<JournalEntry> read(long index) {
        {
            RecordView v = cursor.view;
            try {
                v.begin();
                switch (v.kind()) {
                    case RecordFormat.BASE -> readBase(v, index);
                    case RecordFormat.FORMAT -> {
                        v.string();
                        verify(v, index, v.pos);
                        format = v.rest();
                    }
                    case RecordFormat.TRANSACTION -> {
                        v.transactionHeader();
                        verify(v, index, v.pos);
                        fragmentCount = 0;
                        byte[] payload = Arrays.copyOfRange(v.buf, v.pos, v.loaded);
                        return Optional.of(new SmallEntry(v.header(), index, format, payload));
                    }
                    case RecordFormat.FRAGMENT -> addFragment(v, index);
                    case RecordFormat.COMMIT -> {
                        v.commitHeader();
                        verify(v, index, v.pos);
                        if (v.fragmentCount != fragmentCount) {
                            throw ResumeScan.corrupt(
                                    index,
                                    "commit of " + v.gtid() + " closes " + v.fragmentCount + " fragments but "
                                            + fragmentCount + " precede it");
                        }
                        long[] indices = Arrays.copyOf(fragments, fragmentCount);
                        fragmentCount = 0;
                        return Optional.of(new FragmentedEntry(
                                queue, v.header(), index, format, indices, v.payloadBytes, v.payloadCrc));
                    }
                    case RecordFormat.ABORT -> {
                        v.varLong();
                        verify(v, index, v.pos);
                        fragmentCount = 0;
                    }
                    case RecordFormat.VOID -> {
                        v.voidHeader();
                        verify(v, index, v.pos);
                        fragmentCount = 0;
                    }
                    default -> throw new RecordView.Malformed("unknown record kind " + v.kind());
                }
            } catch (RecordView.Malformed | IllegalArgumentException e) {
                throw ResumeScan.corrupt(index, e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * A handle to {@code entry} that holds its indexes but not its events, to read it again later while this
     * reader is open (flashback walks a range backwards: it keeps one handle per transaction, not the range's
     * events). A fragmented entry is already such a handle; a small one reads its record again, checksum
     * included, each time its events are iterated.
     */
    public JournalEntry detach(JournalEntry entry) {
        if (!(entry instanceof SmallEntry small)) {
            return entry;
        }
        return new StoredEntry(small.header(), small.index(), small.formatShared());
    }

    /** A small transaction re-read from its TRANSACTION record on demand. */
    private final class StoredEntry extends EntryBase {
        StoredEntry(TransactionHeader header, long index, byte[] format) {
            super(header, index, format);
        }

        @Override
        public java.util.Iterator<byte[]> events() {
            if (rereadCursor == null) {
                rereadCursor = new RecordCursor(queue, RecordFormat.TRANSACTION);
            }
            RecordCursor c = rereadCursor;
            if (!c.moveTo(index) || !c.next() || c.index != index) {
                throw ResumeScan.corrupt(index, "transaction " + header.gtid() + " is no longer in the journal");
            }
            RecordView v = c.view;
            try {
                v.begin();
                if (v.kind() != RecordFormat.TRANSACTION) {
                    throw ResumeScan.corrupt(index, "transaction " + header.gtid() + " moved");
                }
                v.transactionHeader();
                verify(v, index, v.pos);
                byte[] payload = Arrays.copyOfRange(v.buf, v.pos, v.loaded);
                return new SmallEntry(header, index, null, payload).events();
            } catch (RecordView.Malformed | IllegalArgumentException e) {
                throw ResumeScan.corrupt(index, e.getMessage());
            }
        }
    }

    /** The base GTID set: leading BASE records at open, plus any later ones read so far. A copy. */
    public GtidSet baseGtidSet() {
        return base.copy();
    }

    public Optional<String> sourceUuid() {
        return Optional.ofNullable(sourceUuid);
    }

    @Override
    public void close() {
        cursor.close();
        if (rereadCursor != null) {
            rereadCursor.close();
        }
        queue.close();
    }

    private void readLeadingBase(RetentionMarker marker) {
        try (RecordCursor c = new RecordCursor(queue, RecordFormat.BASE, RecordFormat.FORMAT).from(marker)) {
            while (c.next()) {
                RecordView v = c.view;
                try {
                    v.begin();
                    if (v.kind() == RecordFormat.BASE) {
                        readBase(v, c.index);
                    } else if (v.kind() != RecordFormat.FORMAT) {
                        return;
                    }
                } catch (RecordView.Malformed | IllegalArgumentException | PitrException e) {
                    // damaged (perhaps voided): next() reports it or skips it
                    return;
                }
            }
        }
    }

    private void readBase(RecordView v, long index) {
        String uuid = v.string();
        String set = v.string();
        verify(v, index, v.pos);
        if (!uuid.isEmpty()) {
            sourceUuid = uuid;
        }
        base.addAll(GtidSet.parse(set));
    }

    private void addFragment(RecordView v, long index) {
        v.fragmentHeader();
        if (!v.complete() || !v.crcMatches(crc, v.pos)) {
            // voided: skip to the VOID; otherwise the entry's events() reports it, as for any damaged fragment
            long voidIndex = RecordCursor.voidCovering(queue, index);
            if (voidIndex >= 0 && cursor.moveTo(voidIndex)) {
                fragmentCount = 0;
                return;
            }
        }
        if (v.fragmentNo == 0) {
            fragmentCount = 0;
        }
        if (v.fragmentNo != fragmentCount) {
            throw ResumeScan.corrupt(
                    index, "fragment number " + v.fragmentNo + " where " + fragmentCount + " was expected");
        }
        if (fragmentCount == fragments.length) {
            fragments = Arrays.copyOf(fragments, fragmentCount * 2);
        }
        fragments[fragmentCount++] = index;
    }

    private void verify(RecordView v, long index, int headerEnd) {
        if (!v.complete()) {
            throw ResumeScan.corrupt(index, "record of " + v.length + " bytes is too large to be a journal record");
        }
        if (!v.crcMatches(crc, headerEnd)) {
            throw new PitrException(
                    ErrorCode.JOURNAL_CORRUPT,
                    "journal " + dir + " record at index " + RecordFormat.hex(index) + " ("
                            + RecordFormat.kindName(v.kind()) + ") fails its checksum: stored "
                            + Integer.toHexString(v.storedCrc()) + ", computed "
                            + Integer.toHexString(v.computedCrc(crc, headerEnd)),
                    "run 'pitr-restore verify --repo ...' to list every damaged record");
        }
    }
}
