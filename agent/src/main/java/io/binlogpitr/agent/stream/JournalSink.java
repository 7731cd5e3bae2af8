package io.binlogpitr.agent.stream;

import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalWriter;
import io.binlogpitr.common.journal.TransactionStart;

/**
 * Feeds assembled transactions to the journal. The journal's own GTID set answers both whether a re-sent
 * transaction is already held and where a reconnect resumes, so there is one set, not a copy to keep in step.
 */
public final class JournalSink implements TransactionSink {
    private final JournalWriter writer;

    public JournalSink(JournalWriter writer) {
        this.writer = writer;
    }

    /** The set to resume from: the journal's base and every transaction appended. */
    public GtidSet resumeFrom() {
        return writer.gtidSet();
    }

    @Override
    public boolean contains(Gtid gtid) {
        return writer.contains(gtid);
    }

    @Override
    public void recordFormat(byte[] rawFormatDescriptionEvent, String binlogFile) {
        writer.recordFormat(rawFormatDescriptionEvent, binlogFile);
    }

    @Override
    public void beginTransaction(
            Gtid gtid, long originalCommitMicros, long immediateCommitMicros, String binlogFile, long startPosition) {
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
    }

    @Override
    public void abortTransaction() {
        writer.abortTransaction();
    }
}
