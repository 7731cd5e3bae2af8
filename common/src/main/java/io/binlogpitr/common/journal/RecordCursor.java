package io.binlogpitr.common.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Walks the journal's excerpts in order, copying each into a {@link RecordView}: the whole record for the kinds
 * the caller asks for, the header only for the others (payloads are never copied unless wanted).
 */
final class RecordCursor implements AutoCloseable {
    private final ExcerptTailer tailer;
    private final java.nio.file.Path queueDir;
    final RecordView view = new RecordView();

    /** Chronicle index of the record just read. */
    long index;
    /** The cycle (file) of the record just read. */
    int cycle;
    /** Offset just after the record in its cycle file. */
    long endOffset;

    private final boolean[] fullKinds = new boolean[8];
    /** Records of earlier cycles are skipped: retention deleted them (see {@link RetentionMarker}). */
    private int firstCycle = Integer.MIN_VALUE;

    RecordCursor(SingleChronicleQueue queue, byte... fullyLoadedKinds) {
        this.tailer = queue.createTailer();
        this.queueDir = queue.file().toPath();
        for (byte k : fullyLoadedKinds) {
            fullKinds[k] = true;
        }
    }

    /**
     * Starts the cursor at the first cycle retention kept, if any: cycle files before it are dead even when a
     * crash left them on disk. Returns this.
     */
    RecordCursor from(RetentionMarker marker) {
        if (marker == null) {
            return this;
        }
        firstCycle = marker.firstKeptCycle();
        // not toStart(): Chronicle's directory listing (in metadata.cq4t) may still name a deleted cycle when a
        // crash came before retention refreshed it, and a read-only tailer then finds nothing at all
        for (JournalRetention.CycleFile f : JournalRetention.cycleFiles(queueDir)) {
            if (f.cycle() >= firstCycle && tailer.moveToCycle(f.cycle())) {
                return this;
            }
        }
        // no kept cycle holds a record yet: start from the first file, skipping older cycles
        tailer.toStart();
        return this;
    }

    /** Reads the next complete excerpt; false at the current end (an excerpt still being written is not read). */
    boolean next() {
        while (true) {
            int read = read();
            if (read >= 0) {
                return read == 1;
            }
        }
    }

    /** 1: read a record, 0: at the end, -1: skipped a record of a cycle before the first kept one. */
    private int read() {
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return 0;
            }
            if (tailer.cycle() < firstCycle) {
                return -1;
            }
            Bytes<?> bytes = dc.wire().bytes();
            index = dc.index();
            cycle = tailer.cycle();
            endOffset = bytes.readLimit();
            long length = bytes.readRemaining();
            RecordView v = view;
            v.length = length;
            int head = (int) Math.min(length, RecordFormat.HEADER_MAX);
            v.ensureCapacity(head);
            bytes.read(v.buf, 0, head);
            v.loaded = head;
            int kind = v.kind();
            if (length > head && kind > 0 && kind < fullKinds.length && fullKinds[kind]) {
                loadRest(bytes, v, length, head);
            }
            return 1;
        }
    }

    private static void loadRest(Bytes<?> bytes, RecordView v, long length, int head) {
        if (length > Integer.MAX_VALUE - 16) {
            // not a record this code wrote: leave it header-only, the decoder reports it
            return;
        }
        int n = (int) length;
        byte[] old = v.buf;
        byte[] b = v.ensureCapacity(n);
        if (b != old) {
            System.arraycopy(old, 0, b, 0, head);
        }
        bytes.read(b, head, n - head);
        v.loaded = n;
    }

    /** The cycle file the cursor is in, or null before the first read. */
    java.io.File currentFile() {
        return tailer.currentFile();
    }

    boolean moveTo(long idx) {
        return tailer.moveToIndex(idx);
    }

    /**
     * The index of a sound VOID record at or after {@code damaged} whose range covers it, or -1. A reader or
     * scanner calls it on meeting a damaged record: the VOID comes after the records it voids, so it looks ahead.
     * Cost: one header read per record from {@code damaged} to the VOID (the voided tail, at most ~64 MiB), or
     * to the end of the journal when none covers it (then the caller reports the damage).
     */
    static long voidCovering(SingleChronicleQueue queue, long damaged) {
        try (RecordCursor c = new RecordCursor(queue, RecordFormat.VOID)) {
            if (!c.moveTo(damaged)) {
                return -1;
            }
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            while (c.next()) {
                RecordView v = c.view;
                if (v.kind() == RecordFormat.VOID
                        && v.damage(crc) == null
                        && v.voidFirst <= damaged
                        && damaged < c.index) {
                    return c.index;
                }
            }
            return -1;
        }
    }

    @Override
    public void close() {
        tailer.close();
    }
}
