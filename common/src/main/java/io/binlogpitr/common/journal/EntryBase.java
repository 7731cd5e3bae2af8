package io.binlogpitr.common.journal;

/** What every journal entry knows before its events are read: the header, the index and the format in force. */
abstract class EntryBase implements JournalEntry {
    final TransactionHeader header;
    final long index;
    private final byte[] format;

    EntryBase(TransactionHeader header, long index, byte[] format) {
        this.header = header;
        this.index = index;
        this.format = format;
    }

    @Override
    public TransactionHeader header() {
        return header;
    }

    @Override
    public long index() {
        return index;
    }

    /** The format in force, not copied: for handles that share it. */
    byte[] formatShared() {
        return format;
    }

    @Override
    public byte[] formatDescription() {
        return format == null ? null : format.clone();
    }
}
