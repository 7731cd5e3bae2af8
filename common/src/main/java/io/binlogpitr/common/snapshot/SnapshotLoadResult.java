package io.binlogpitr.common.snapshot;

import java.time.Duration;
import java.util.List;

/**
 * What {@link SnapshotLoader} loaded: the snapshot, the target databases, and the totals.
 *
 * @param databases target database names, in the snapshot's order
 * @param rows rows loaded, equal to the manifest's for these databases
 * @param bytes chunk file bytes read (compressed)
 * @param uncompressedBytes chunk content bytes
 * @param objects views, routines, triggers and events created
 */
public record SnapshotLoadResult(
        String snapshotId,
        String gtidSet,
        List<String> databases,
        int tables,
        int chunks,
        long rows,
        long bytes,
        long uncompressedBytes,
        int objects,
        Duration elapsed) {

    public SnapshotLoadResult {
        databases = List.copyOf(databases);
    }

    public double seconds() {
        return elapsed.toNanos() / 1e9;
    }

    public double rowsPerSecond() {
        return rows / Math.max(seconds(), 1e-9);
    }
}
