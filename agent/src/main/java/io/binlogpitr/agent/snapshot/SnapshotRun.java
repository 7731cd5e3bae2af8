package io.binlogpitr.agent.snapshot;

import static io.binlogpitr.agent.snapshot.SnapshotConnections.execute;
import static io.binlogpitr.agent.snapshot.SnapshotConnections.row;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import io.binlogpitr.common.snapshot.TableChunkExporter;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One snapshot being taken into its staging directory, step by step: the control session and the workers' sessions;
 * the catalog (read before the consistent point without BACKUP_ADMIN, and checked again after the export; read after
 * it, when no DDL can run any more, with it); the consistent point ({@link SnapshotLocks}), under whose read lock the
 * non-transactional tables are exported; the chunks ({@link ChunkPlanner}) exported by the workers
 * ({@link ExportWorkerPool}); and the manifest ({@link ManifestBuilder}). Publishing and cleaning up are
 * {@link SnapshotTaker}'s.
 */
final class SnapshotRun {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotRun.class);

    private final String id;
    private final Instant started;
    private final Path staging;
    private final SnapshotSettings settings;
    private final SnapshotConnections connections;

    SnapshotRun(String id, Instant started, Path staging, SnapshotSettings settings, SnapshotConnections connections) {
        this.id = id;
        this.started = started;
        this.staging = staging;
        this.settings = settings;
        this.connections = connections;
    }

    SnapshotManifest take() throws SQLException, IOException, InterruptedException {
        NameFilter filter = new NameFilter(settings.include(), settings.exclude());
        Connection control = connections.open();
        String[] server = row(control, "SELECT @@GLOBAL.server_uuid, @@GLOBAL.version");
        // fresh table statistics for planning chunks: information_schema caches them for a day by default
        execute(control, "SET SESSION information_schema_stats_expiry = 0");
        // SHOW CREATE prints TIMESTAMP defaults and event times in the session's zone; loaders use UTC too
        execute(control, "SET SESSION time_zone = '+00:00'");
        SnapshotLocks locks = new SnapshotLocks(control, id, settings.lockWaitTimeout());
        boolean ddlLock = locks.mayLockInstanceForBackup();
        // without the DDL lock the catalog is read before the consistent point and checked again after the
        // export; with it, after the point, when no DDL can run any more
        Optional<SourceCatalog> early = ddlLock ? Optional.empty() : Optional.of(SourceCatalog.read(control, filter));
        List<Connection> workers = openWorkers();
        ExportWorkerPool pool =
                new ExportWorkerPool(id, workers, staging, new TableChunkExporter(settings.compression()), connections);
        Set<String> nonTransactional = SourceCatalog.nonTransactionalTables(control, filter);
        SnapshotLocks.Locked<Optional<ExportPlan>> locked = locks.consistentPoint(
                workers,
                ddlLock,
                () -> nonTransactional.isEmpty()
                        ? Optional.empty()
                        : Optional.of(
                                exportUnderLock(control, catalog(control, early, filter), nonTransactional, pool)));
        ExportPlan plan;
        if (locked.underLock().isPresent()) {
            plan = locked.underLock().get();
        } else {
            SourceCatalog catalog = catalog(control, early, filter);
            plan = ExportPlan.of(catalog, ChunkPlanner.tasks(control, catalog, staging, settings));
        }
        LOG.info(
                "snapshot {} of {}: {} databases, {} tables in {} chunks, {} threads, {}{}",
                id,
                connections.address(),
                plan.catalog().databases().size(),
                plan.catalog().tableCount(),
                plan.tasks().size(),
                settings.threads(),
                settings.compression().name().toLowerCase(Locale.ROOT),
                ddlLock ? ", DDL held back by LOCK INSTANCE FOR BACKUP" : "");
        pool.export(plan.remaining());
        for (Connection w : workers) {
            execute(w, "COMMIT");
        }
        if (ddlLock) {
            locks.unlockInstance();
        } else {
            checkNoDdl(control, plan.catalog(), filter);
        }
        return ManifestBuilder.build(
                id,
                started,
                new SnapshotManifest.Source(server[0], server[1], connections.address()),
                settings,
                locked.point(),
                plan,
                pool.done());
    }

    private List<Connection> openWorkers() throws SQLException {
        List<Connection> workers = new ArrayList<>();
        for (int i = 0; i < settings.threads(); i++) {
            Connection w = connections.open();
            try (Statement st = w.createStatement()) {
                st.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                st.execute("SET SESSION net_write_timeout = 3600, net_read_timeout = 3600, wait_timeout = 86400");
            }
            workers.add(w);
        }
        return workers;
    }

    /** The catalog read before the consistent point, or else read now. */
    private static SourceCatalog catalog(Connection control, Optional<SourceCatalog> early, NameFilter filter)
            throws SQLException {
        return early.isPresent() ? early.get() : SourceCatalog.read(control, filter);
    }

    /**
     * A table of a non-transactional engine (MyISAM, MEMORY ...) is outside the consistent-snapshot transactions: it
     * is exported while the read lock still holds it at the consistent point, as mysqldump and mydumper do; writes
     * wait meanwhile. Plans every table's chunks (the rest are exported after the lock) and exports those of the
     * non-transactional tables.
     */
    private ExportPlan exportUnderLock(
            Connection control, SourceCatalog catalog, Set<String> nonTransactional, ExportWorkerPool pool)
            throws SQLException, IOException, InterruptedException {
        List<ExportTask> tasks = ChunkPlanner.tasks(control, catalog, staging, settings);
        Set<ExportTask> underLock = new LinkedHashSet<>();
        for (ExportTask t : tasks) {
            if (nonTransactional.contains(
                    t.table().spec().schema() + "." + t.table().spec().table())) {
                underLock.add(t);
            }
        }
        LOG.info(
                "snapshot {}: exporting {} non-transactional tables ({}) under the read lock; writes wait",
                id,
                nonTransactional.size(),
                String.join(", ", nonTransactional));
        pool.export(List.copyOf(underLock));
        return new ExportPlan(catalog, tasks, underLock);
    }

    private static void checkNoDdl(Connection control, SourceCatalog before, NameFilter filter) throws SQLException {
        SourceCatalog after = SourceCatalog.read(control, filter);
        if (!after.fingerprint().equals(before.fingerprint())) {
            throw new PitrException(
                    ErrorCode.SNAPSHOT_FAILED,
                    "DDL changed the source's schema while the snapshot was taken, so its table definitions"
                            + " may not match its data; the partial snapshot was removed",
                    "take the snapshot again; GRANT BACKUP_ADMIN to the agent's account so DDL waits for"
                            + " snapshots");
        }
    }
}
