package io.binlogpitr.agent.snapshot;

import io.binlogpitr.agent.source.SourceConnections;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.repository.RepositoryLock;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one consistent snapshot of the source into {@code snapshots/<id>/}.
 *
 * <p>Consistency: every worker connection opens its {@code START TRANSACTION WITH CONSISTENT SNAPSHOT} while
 * {@code FLUSH TABLES WITH READ LOCK} is held, and {@code @@GLOBAL.gtid_executed} is read under the same lock;
 * no transaction can commit in between, so each worker sees exactly the transactions of that GTID set. The lock
 * is released as soon as the last transaction is open (milliseconds); the export then runs in parallel without
 * blocking writes. Non-transactional tables are exported before the lock is released. {@code LOCK INSTANCE FOR
 * BACKUP} (with BACKUP_ADMIN) keeps DDL out for the whole snapshot; without it, the catalog is read again after the
 * export and any DDL that happened meanwhile fails the snapshot. The steps are {@link SnapshotRun}'s.
 *
 * <p>Atomicity: files are written under {@code snapshots/.tmp-<id>/} and the directory is renamed into place
 * after the manifest; any failure, or {@link #cancel()}, removes the staging directory. The snapshot lock keeps
 * two snapshots of one repository from running at once.
 */
public final class SnapshotTaker {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotTaker.class);
    private static final DateTimeFormatter ID_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final SnapshotConnections connections;
    private final RepositoryLayout layout;
    private final SnapshotSettings settings;

    public SnapshotTaker(SourceConnections source, RepositoryLayout layout, SnapshotSettings settings) {
        this.connections = new SnapshotConnections(source);
        this.layout = layout;
        this.settings = settings;
    }

    /** Stops a snapshot in progress from another thread: {@link #take()} then fails and leaves nothing behind. */
    public void cancel() {
        connections.cancel();
    }

    /** Takes the snapshot and publishes it; returns its manifest. Throws {@link PitrException} on failure. */
    public SnapshotManifest take() {
        try (RepositoryLock lock = RepositoryLock.acquireSnapshot(layout, "snapshot of " + connections.address())) {
            for (String name : SnapshotCatalog.removeIncomplete(layout)) {
                LOG.warn(
                        "removed {} left by an interrupted snapshot",
                        layout.snapshots().resolve(name));
            }
            Instant started = Instant.now();
            String id = SnapshotCatalog.nextId(layout, ID_FORMAT.format(started));
            Path staging = SnapshotCatalog.stagingDir(layout, id);
            try {
                Files.createDirectories(staging);
                SnapshotManifest manifest = new SnapshotRun(id, started, staging, settings, connections).take();
                Path dir = SnapshotCatalog.publish(layout, manifest);
                LOG.info(
                        "snapshot {} complete in {}: {} tables, {} rows, {} MiB on disk ({} MiB uncompressed), GTID set {}",
                        id,
                        dir,
                        manifest.totals().tables(),
                        manifest.totals().rows(),
                        String.format("%.1f", manifest.totals().bytes() / 1048576.0),
                        String.format("%.1f", manifest.totals().uncompressedBytes() / 1048576.0),
                        GtidSet.parse(manifest.gtidSet()).abbreviated());
                return manifest;
            } catch (Throwable failure) {
                discard(staging, failure);
                throw SnapshotFailures.describe(failure, connections.cancelled(), layout.snapshots());
            } finally {
                connections.abortAll();
            }
        } catch (IOException e) {
            throw new PitrException(
                    ErrorCode.IO,
                    "cannot prepare or release the snapshot directory " + layout.snapshots() + ": " + e.getMessage(),
                    "check that the repository is writable and the disk is not full",
                    e);
        }
    }

    private static void discard(Path staging, Throwable failure) {
        try {
            SnapshotCatalog.discard(staging);
            LOG.info("removed the partial snapshot {}", staging);
        } catch (IOException e) {
            failure.addSuppressed(e);
            LOG.error("could not remove the partial snapshot {}: {}; remove it by hand", staging, e.toString());
        }
    }
}
