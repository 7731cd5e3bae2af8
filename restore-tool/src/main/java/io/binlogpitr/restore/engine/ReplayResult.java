package io.binlogpitr.restore.engine;

/**
 * What a replay did.
 *
 * @param transactions transactions applied by this run
 * @param skipped transactions an earlier run had applied already
 * @param events row events applied
 * @param bytes journal bytes of the applied transactions
 */
public record ReplayResult(long transactions, long skipped, long events, long bytes) {
    static final ReplayResult NONE = new ReplayResult(0, 0, 0, 0);
}
