package io.binlogpitr.common.journal;

import io.binlogpitr.common.gtid.Gtid;
import java.util.Objects;

/**
 * What the replication stream knows when a transaction begins (its GTID event).
 *
 * @param gtid the transaction's GTID
 * @param originalCommitMicros commit time on the originating server, microseconds since the epoch
 * @param immediateCommitMicros commit time on the server we replicate from, microseconds since the epoch
 * @param binlogFile the source's binlog file holding the transaction
 * @param startPosition position of the transaction's first event (its GTID event) in that file
 */
public record TransactionStart(
        Gtid gtid, long originalCommitMicros, long immediateCommitMicros, String binlogFile, long startPosition) {

    public TransactionStart {
        Objects.requireNonNull(gtid, "gtid");
        Objects.requireNonNull(binlogFile, "binlogFile");
    }
}
