package io.binlogpitr.bench;

import io.binlogpitr.common.gtid.GtidSet;

/**
 * What the timed sysbench run left on the source: its length and transactions, the binlog file bytes it wrote (and
 * those of all binlog files), and the GTID sets after prepare, after the run, and purged.
 */
record SourceRun(
        double seconds,
        long transactions,
        long runBinlogFileBytes,
        long allBinlogFileBytes,
        GtidSet afterPrepare,
        GtidSet executed,
        GtidSet purged) {

    /** The source's production rate during the run, transactions per second. */
    double transactionsPerSecond() {
        return transactions / seconds;
    }
}
