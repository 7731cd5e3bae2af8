package io.binlogpitr.common.journal;

import java.util.Iterator;
import java.util.List;

/** A journal entry held in memory, for tests of what reads entries: its events as given. */
public record ListEntry(TransactionHeader header, long index, byte[] formatDescription, List<byte[]> eventList)
        implements JournalEntry {
    @Override
    public Iterator<byte[]> events() {
        return eventList.iterator();
    }
}
