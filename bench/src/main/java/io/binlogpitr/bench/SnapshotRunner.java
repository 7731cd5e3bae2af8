package io.binlogpitr.bench;

import io.binlogpitr.agent.snapshot.SnapshotSettings;
import io.binlogpitr.agent.snapshot.SnapshotTaker;
import io.binlogpitr.agent.source.SourceConnections;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.snapshot.ChunkCompression;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import java.nio.file.Path;
import java.util.List;

/**
 * Takes our snapshot of the source's {@code sbtest} database, in-process, with the default settings except the
 * threads and the compression: a {@link SnapshotTaker} into a repository of its own.
 */
final class SnapshotRunner {
    private final SourceConnections source;
    private final int threads;

    SnapshotRunner(SourceConnections source, int threads) {
        this.source = source;
        this.threads = threads;
    }

    /** The default target chunk size, which mydumper's {@code -r} is matched to. */
    static long chunkBytes() {
        return SnapshotSettings.defaults().chunkBytes();
    }

    /** Creates the repository (not part of the timed dump). */
    static RepositoryLayout repository(Path root) {
        return RepositoryLayout.createOrOpen(root);
    }

    /** Takes one snapshot into {@code layout}; returns its manifest once it is published. */
    SnapshotManifest take(RepositoryLayout layout, ChunkCompression compression) {
        SnapshotSettings settings =
                new SnapshotSettings(threads, compression, List.of("sbtest"), List.of(), chunkBytes());
        return new SnapshotTaker(source, layout, settings).take();
    }

    /** The directory {@code manifest}'s snapshot was published in. */
    static Path directory(RepositoryLayout layout, SnapshotManifest manifest) {
        return layout.snapshots().resolve(manifest.id());
    }

    /** The chunk files of the snapshot. */
    static int chunks(SnapshotManifest manifest) {
        return manifest.databases().stream()
                .flatMap(d -> d.tables().stream())
                .mapToInt(t -> t.chunks().size())
                .sum();
    }
}
