package io.binlogpitr.common.snapshot;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@link SnapshotLoader} loaded: the snapshot, the target databases, and the totals.
 *
 * @param databases target database names, in the snapshot's order
 * @param rows rows loaded, equal to the manifest's for these databases
 * @param bytes chunk file bytes read (compressed)
 * @param uncompressedBytes chunk content bytes
 * @param objects views, routines, triggers and events created
 * @param chunksByMethod how many chunks each {@link LoadMethod} loaded
 * @param skippedChunks chunks an interrupted load of the same snapshot had loaded, skipped by this one (their rows
 *     count in {@code rows})
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
        Duration elapsed,
        Map<LoadMethod, Integer> chunksByMethod,
        int skippedChunks) {

    public SnapshotLoadResult {
        databases = List.copyOf(databases);
        chunksByMethod = Map.copyOf(chunksByMethod);
    }

    /** {@code LOAD_DATA_LOCAL 3, INSERT 1}: the chunks each method loaded, most used first. */
    public String methods() {
        return chunksByMethod.entrySet().stream()
                .sorted(Map.Entry.<LoadMethod, Integer>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /**
     * Chunks loaded and verified: the loader counts a chunk only once it was loaded whole and matched its CRC32C
     * (a damaged chunk is rolled back and fails the load); a chunk an interrupted run loaded was verified by it
     * and recorded in the same transaction that loaded it, so it counts too.
     */
    public int chunksVerified() {
        return chunksByMethod.values().stream().mapToInt(Integer::intValue).sum() + skippedChunks;
    }

    public double seconds() {
        return elapsed.toNanos() / 1e9;
    }

    public double rowsPerSecond() {
        return rows / Math.max(seconds(), 1e-9);
    }
}
