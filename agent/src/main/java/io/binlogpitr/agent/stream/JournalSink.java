package io.binlogpitr.agent.stream;

import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalWriter;
import io.binlogpitr.common.journal.TransactionStart;

/**
 * Feeds assembled transactions to the journal, keeping the journal's GTID set at hand so that a re-sent
 * transaction is recognised without asking the journal, and a reconnect resumes from exactly what it holds.
 */
public final class JournalSink implements TransactionSink {
    private final JournalWriter writer;
    private final GtidSet journaled;
    private Gtid pending;

    public JournalSink(JournalWriter writer) {
        this.writer = writer;
        this.journaled = writer.gtidSet();
    }

    /** The set to resume from: the journal's base and every transaction appended. */
    public GtidSet resumeFrom() {
        return journaled.copy();
    }

    @Override
    public boolean contains(Gtid gtid) {
        return journaled.contains(gtid);
    }

    @Override
    public void recordFormat(byte[] rawFormatDescriptionEvent, String binlogFile) {
        writer.recordFormat(rawFormatDescriptionEvent, binlogFile);
    }

    @Override
    public void beginTransaction(
            Gtid gtid, long originalCommitMicros, long immediateCommitMicros, String binlogFile, long startPosition) {
        pending = gtid;
        writer.beginTransaction(
                new TransactionStart(gtid, originalCommitMicros, immediateCommitMicros, binlogFile, startPosition));
    }

    @Override
    public void appendEvent(byte[] raw, int offset, int length) {
        writer.appendEvent(raw, offset, length);
    }

    @Override
    public void commitTransaction(long endPosition) {
        writer.commitTransaction(endPosition);
        journaled.add(pending);
        pending = null;
    }

    @Override
    public void abortTransaction() {
        writer.abortTransaction();
        pending = null;
    }
}
