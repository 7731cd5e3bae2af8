package io.binlogpitr.common.journal;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.CRC32C;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * A transaction written as FRAGMENTs and a COMMIT. Its events are streamed from the journal one fragment at a
 * time when iterated, each fragment checksummed as it is loaded and the whole payload against the COMMIT.
 */
final class FragmentedEntry extends EntryBase {
    private final SingleChronicleQueue queue;
    private final long[] fragments;
    private final long payloadBytes;
    private final int payloadCrc;
    /** Test hook: the largest buffer an iteration of this entry used. */
    int maxBufferBytes;

    FragmentedEntry(
            SingleChronicleQueue queue,
            TransactionHeader header,
            long index,
            byte[] format,
            long[] fragments,
            long payloadBytes,
            int payloadCrc) {
        super(header, index, format);
        this.queue = queue;
        this.fragments = fragments;
        this.payloadBytes = payloadBytes;
        this.payloadCrc = payloadCrc;
    }

    @Override
    public Iterator<byte[]> events() {
        return new Stream();
    }

    @Override
    public String toString() {
        return "JournalEntry[" + RecordFormat.hex(index) + " " + header + ", " + fragments.length + " fragments]";
    }

    /** Walks the fragments with its own cursor, opened on first use and closed at the end. */
    private final class Stream implements Iterator<byte[]> {
        private final CRC32C fragmentCrc = new CRC32C();
        private final CRC32C totalCrc = new CRC32C();
        private final byte[] eventHeader = new byte[RecordFormat.EVENT_HEADER_BYTES];
        private RecordCursor cursor;
        private int nextFragment;
        private int pos;
        private int end;
        private long delivered;
        private int events;
        private boolean finished;

        @Override
        public boolean hasNext() {
            if (delivered < payloadBytes) {
                return true;
            }
            if (!finished) {
                finish();
            }
            return false;
        }

        @Override
        public byte[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            read(eventHeader, 0, eventHeader.length);
            long size = RecordFormat.eventSize(eventHeader, 0);
            if (size < RecordFormat.EVENT_HEADER_BYTES || size > payloadBytes - delivered + eventHeader.length) {
                throw ResumeScan.corrupt(index, "event of " + size + " bytes in " + header.gtid());
            }
            byte[] event = new byte[(int) size];
            System.arraycopy(eventHeader, 0, event, 0, eventHeader.length);
            read(event, eventHeader.length, event.length - eventHeader.length);
            events++;
            return event;
        }

        private void read(byte[] dst, int off, int n) {
            int o = off;
            int left = n;
            while (left > 0) {
                if (pos == end) {
                    load();
                }
                int k = Math.min(left, end - pos);
                System.arraycopy(cursor.view.buf, pos, dst, o, k);
                pos += k;
                o += k;
                left -= k;
                delivered += k;
            }
        }

        private void load() {
            if (nextFragment == fragments.length) {
                throw ResumeScan.corrupt(index, "transaction " + header.gtid() + " ends inside an event");
            }
            if (cursor == null) {
                cursor = new RecordCursor(queue, RecordFormat.FRAGMENT);
            }
            long idx = fragments[nextFragment];
            if (!cursor.moveTo(idx) || !cursor.next() || cursor.index != idx) {
                throw ResumeScan.corrupt(idx, "fragment " + nextFragment + " of " + header.gtid() + " is missing");
            }
            RecordView v = cursor.view;
            try {
                v.begin();
                if (v.kind() == RecordFormat.FRAGMENT) {
                    v.fragmentHeader();
                }
            } catch (RecordView.Malformed | IllegalArgumentException e) {
                throw ResumeScan.corrupt(idx, e.getMessage());
            }
            if (v.kind() != RecordFormat.FRAGMENT || v.fragmentNo != nextFragment || !v.complete()) {
                throw ResumeScan.corrupt(idx, "expected fragment " + nextFragment + " of " + header.gtid());
            }
            if (!v.crcMatches(fragmentCrc, v.pos)) {
                throw ResumeScan.corrupt(
                        idx, "fragment " + nextFragment + " of " + header.gtid() + " fails its checksum");
            }
            totalCrc.update(v.buf, v.pos, v.loaded - v.pos);
            maxBufferBytes = Math.max(maxBufferBytes, v.buf.length);
            pos = v.pos;
            end = v.loaded;
            nextFragment++;
        }

        private void finish() {
            finished = true;
            if (cursor != null) {
                cursor.close();
            }
            if (nextFragment != fragments.length || (int) totalCrc.getValue() != payloadCrc) {
                throw ResumeScan.corrupt(
                        index, "payload of " + header.gtid() + " does not match the checksum in its commit record");
            }
            if (events != header.eventCount()) {
                throw ResumeScan.corrupt(
                        index, header.gtid() + " has " + events + " events, its commit says " + header.eventCount());
            }
        }
    }
}
