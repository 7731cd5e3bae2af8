package io.binlogpitr.common.journal;

import io.binlogpitr.common.gtid.Gtid;

/**
 * A committed transaction as the journal describes it, without its events.
 *
 * @param gtid the transaction's GTID
 * @param originalCommitMicros commit time on the originating server, microseconds since the epoch
 * @param immediateCommitMicros commit time on the server we replicate from, microseconds since the epoch
 * @param binlogFile the source's binlog file holding the transaction
 * @param startPosition position of the transaction's first event in that file
 * @param endPosition position just after the transaction's last event (the next transaction's start)
 * @param eventCount number of raw events journaled
 * @param payloadBytes total size of the raw events
 */
public record TransactionHeader(
        Gtid gtid,
        long originalCommitMicros,
        long immediateCommitMicros,
        String binlogFile,
        long startPosition,
        long endPosition,
        int eventCount,
        long payloadBytes) {

    static TransactionHeader of(TransactionStart start, long endPosition, int eventCount, long payloadBytes) {
        return new TransactionHeader(
                start.gtid(),
                start.originalCommitMicros(),
                start.immediateCommitMicros(),
                start.binlogFile(),
                start.startPosition(),
                endPosition,
                eventCount,
                payloadBytes);
    }
}
