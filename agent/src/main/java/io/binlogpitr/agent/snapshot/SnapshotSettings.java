package io.binlogpitr.agent.snapshot;

import io.binlogpitr.agent.config.AgentConfig;
import io.binlogpitr.common.snapshot.ChunkCompression;
import java.time.Duration;
import java.util.List;

/**
 * How a snapshot is taken: worker threads (each its own connection and consistent-snapshot transaction), chunk
 * compression, which databases or tables, the target chunk size, and how long to wait for the global read lock.
 */
public record SnapshotSettings(
        int threads,
        ChunkCompression compression,
        List<String> include,
        List<String> exclude,
        long chunkBytes,
        Duration lockWaitTimeout) {

    public SnapshotSettings {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunkBytes must be positive, not " + chunkBytes);
        }
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    public SnapshotSettings(
            int threads, ChunkCompression compression, List<String> include, List<String> exclude, long chunkBytes) {
        this(threads, compression, include, exclude, chunkBytes, AgentConfig.Snapshots.DEFAULT_LOCK_WAIT);
    }

    public static SnapshotSettings defaults() {
        return of(AgentConfig.Snapshots.defaults());
    }

    public static SnapshotSettings of(AgentConfig.Snapshots config) {
        return new SnapshotSettings(
                config.threads(),
                config.compression(),
                config.include(),
                config.exclude(),
                config.chunkBytes(),
                config.lockWaitTimeout());
    }
}
