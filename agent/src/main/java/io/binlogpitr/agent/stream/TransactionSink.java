package io.binlogpitr.agent.stream;

import io.binlogpitr.common.gtid.Gtid;

/**
 * Where assembled transactions go: the journal in production, a recording fake in unit tests. Calls arrive on
 * the replication thread, in binlog order: begin, events, then commit or abort.
 */
public interface TransactionSink {
    /** True when the journal already holds this transaction (a re-sent GTID is skipped, never duplicated). */
    boolean contains(Gtid gtid);

    void recordFormat(byte[] rawFormatDescriptionEvent, String binlogFile);

    void beginTransaction(
            Gtid gtid, long originalCommitMicros, long immediateCommitMicros, String binlogFile, long startPosition);

    void appendEvent(byte[] raw, int offset, int length);

    void commitTransaction(long endPosition);

    void abortTransaction();
}
