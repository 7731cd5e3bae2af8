package io.binlogpitr.bench;

/**
 * One dump of one round.
 *
 * @param position its place in the round's order, 0-based
 * @param wallNanos from starting the tool until it returned (process exit; {@code take()} returning)
 * @param rows rows dumped: the source's count for mydumper, the manifest's total for ours
 * @param bytes the sizes of every file in the output (mydumper's directory; our snapshot directory)
 * @param dataFiles table data files: mydumper's chunk files, our manifest's chunks
 * @param syncNanos how long a {@code sync} right after the dump took: writing back what the tool left unsynced
 *     (mydumper does not fsync; our snapshot makes its files durable before publishing)
 * @param blocking how long writes were blocked
 */
record DumpResult(
        DumpVariant variant,
        int round,
        int position,
        long wallNanos,
        long syncNanos,
        long rows,
        long bytes,
        int dataFiles,
        Blocking blocking) {

    double seconds() {
        return wallNanos / 1e9;
    }
}
