package io.binlogpitr.agent.snapshot;

import io.binlogpitr.common.snapshot.ChunkInfo;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the manifest of a snapshot from its plan, the chunks its workers exported and its consistent point: the
 * tables' definitions and row counts, each chunk with its checksum, the totals. Every planned chunk must have been
 * exported; the manifest is written by {@code SnapshotCatalog.publish}.
 */
final class ManifestBuilder {
    private ManifestBuilder() {}

    static SnapshotManifest build(
            String id,
            Instant started,
            SnapshotManifest.Source source,
            SnapshotSettings settings,
            ConsistentPoint point,
            ExportPlan plan,
            Map<ExportTask, ChunkInfo> exported) {
        List<SnapshotManifest.Database> dbs = new ArrayList<>();
        long totalRows = 0;
        long totalBytes = 0;
        long totalRaw = 0;
        int tables = 0;
        for (SourceCatalog.Db db : plan.catalog().databases()) {
            List<SnapshotManifest.Table> out = new ArrayList<>();
            for (SourceCatalog.Table table : db.tables()) {
                List<SnapshotManifest.Chunk> chunks = new ArrayList<>();
                long tableRows = 0;
                for (ExportTask task : plan.of(table)) {
                    ChunkInfo info = exported.get(task);
                    if (info == null) {
                        throw new IllegalStateException("chunk " + task.file() + " was not exported");
                    }
                    chunks.add(SnapshotManifest.Chunk.of(task.file(), info));
                    tableRows += info.rows();
                    totalBytes += info.bytes();
                    totalRaw += info.uncompressedBytes();
                }
                totalRows += tableRows;
                tables++;
                out.add(new SnapshotManifest.Table(
                        table.spec().table(), table.create(), table.spec().primaryKey(), tableRows, chunks));
            }
            dbs.add(new SnapshotManifest.Database(
                    db.name(), db.create(), out, db.views(), db.triggers(), db.routines(), db.events()));
        }
        return new SnapshotManifest(
                SnapshotManifest.FORMAT,
                id,
                source,
                point.gtidSet(),
                started.toString(),
                Instant.now().toString(),
                point.manifest(),
                settings.compression().name().toLowerCase(Locale.ROOT),
                settings.threads(),
                new SnapshotManifest.Totals(tables, totalRows, totalBytes, totalRaw),
                dbs,
                new SnapshotManifest.Filter(
                        new NameFilter(settings.include(), settings.exclude()).everyDatabase(),
                        settings.include(),
                        settings.exclude()));
    }
}
