package io.binlogpitr.restore.engine;

import io.binlogpitr.common.gtid.GtidSet;

/**
 * What a replay did.
 *
 * @param transactions transactions applied by this run
 * @param skipped transactions an earlier run had applied already
 * @param events row events applied
 * @param bytes journal bytes of the applied transactions
 * @param applied the GTIDs of the planned transactions this run committed on the target (or found nothing of to
 *     apply, every row of them in tables left out)
 * @param earlier the GTIDs of the planned transactions an earlier run had committed (by the progress row)
 */
public record ReplayResult(long transactions, long skipped, long events, long bytes, GtidSet applied, GtidSet earlier) {
    static final ReplayResult NONE = new ReplayResult(0, 0, 0, 0, new GtidSet(), new GtidSet());

    public ReplayResult {
        applied = applied.copy();
        earlier = earlier.copy();
    }

    /** Every planned GTID this run or an earlier one accounted for. */
    public GtidSet accounted() {
        GtidSet all = applied.copy();
        all.addAll(earlier);
        return all;
    }
}
