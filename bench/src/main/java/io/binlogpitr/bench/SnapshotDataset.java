package io.binlogpitr.bench;

/**
 * The data the dumps read, and the chunking they are given.
 *
 * @param rows rows in the sbtest tables ({@code COUNT(*)})
 * @param dataBytes InnoDB's {@code DATA_LENGTH} of the sbtest tables (after {@code ANALYZE TABLE})
 * @param chunkBytes our snapshot's target chunk size (the default)
 * @param plannedChunks the chunks our planner makes from those statistics: per table ⌈DATA_LENGTH / chunkBytes⌉
 * @param mydumperRows mydumper's {@code -r}: ⌈rows / plannedChunks⌉, so both tools split into as many chunks
 */
record SnapshotDataset(long rows, long dataBytes, long chunkBytes, long plannedChunks, long mydumperRows) {

    /** The dataset with mydumper's {@code -r} derived from the chunks our planner makes. */
    static SnapshotDataset of(long rows, long dataBytes, long chunkBytes, long plannedChunks) {
        long chunks = Math.max(1, plannedChunks);
        return new SnapshotDataset(rows, dataBytes, chunkBytes, chunks, Math.max(1, (rows + chunks - 1) / chunks));
    }

    /** The chunks our planner makes of a table of {@code dataBytes}: ⌈dataBytes / chunkBytes⌉, at least 1. */
    static long chunksOf(long dataBytes, long chunkBytes) {
        return Math.max(1, (dataBytes + chunkBytes - 1) / chunkBytes);
    }
}
