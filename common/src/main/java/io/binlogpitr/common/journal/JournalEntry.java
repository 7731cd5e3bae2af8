package io.binlogpitr.common.journal;

import java.util.Iterator;

/** One complete committed transaction read from the journal. */
public interface JournalEntry {

    TransactionHeader header();

    /** The Chronicle index of the record that committed the transaction; increases along the journal. */
    long index();

    /** The raw FORMAT_DESCRIPTION event in force for this transaction, or null if none was recorded. */
    byte[] formatDescription();

    /**
     * The raw events (header, body and checksum, exactly as received), one array per event. Transactions larger
     * than a fragment are streamed from the journal as the iterator advances, so memory stays bounded by the
     * fragment size plus the largest event. Throws {@link io.binlogpitr.common.error.PitrException} with
     * {@code JOURNAL_CORRUPT} when a checksum does not match.
     */
    Iterator<byte[]> events();
}
