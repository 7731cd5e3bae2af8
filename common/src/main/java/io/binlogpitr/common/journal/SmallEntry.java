package io.binlogpitr.common.journal;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** A transaction that fit in one TRANSACTION record; its payload was checksummed when read. */
final class SmallEntry extends EntryBase {
    private final byte[] payload;

    SmallEntry(TransactionHeader header, long index, byte[] format, byte[] payload) {
        super(header, index, format);
        this.payload = payload;
    }

    @Override
    public Iterator<byte[]> events() {
        return new Iterator<>() {
            private int pos;

            @Override
            public boolean hasNext() {
                return pos < payload.length;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (payload.length - pos < RecordFormat.EVENT_HEADER_BYTES) {
                    throw ResumeScan.corrupt(index, "transaction " + header.gtid() + " ends inside an event header");
                }
                long size = RecordFormat.eventSize(payload, pos);
                if (size < RecordFormat.EVENT_HEADER_BYTES || size > payload.length - pos) {
                    throw ResumeScan.corrupt(
                            index, "event of " + size + " bytes at payload offset " + pos + " in " + header.gtid());
                }
                byte[] event = new byte[(int) size];
                System.arraycopy(payload, pos, event, 0, event.length);
                pos += event.length;
                return event;
            }
        };
    }

    @Override
    public String toString() {
        return "JournalEntry[" + RecordFormat.hex(index) + " " + header + "]";
    }
}
