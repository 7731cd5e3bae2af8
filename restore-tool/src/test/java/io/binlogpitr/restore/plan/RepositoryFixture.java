package io.binlogpitr.restore.plan;

import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.Events;
import io.binlogpitr.common.journal.JournalSettings;
import io.binlogpitr.common.journal.JournalWriter;
import io.binlogpitr.common.journal.TransactionStart;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * A real repository for tests: a journal written with {@link JournalWriter} (transactions with chosen GTIDs and
 * original commit times, some large enough to be fragmented) and snapshots published with {@link
 * SnapshotCatalog#publish} from hand-built manifests holding no table.
 */
public final class RepositoryFixture {
    public static final String A = Events.UUID_A;
    public static final String B = Events.UUID_B;

    private final RepositoryLayout layout;
    private final JournalWriter writer;
    private final Random random = new Random(7);
    private long position = 4;

    private RepositoryFixture(Path root, String base) {
        layout = RepositoryLayout.createOrOpen(root);
        writer = JournalWriter.open(layout.journal(), JournalSettings.defaults().withFragmentBytes(1024));
        writer.recordBase(GtidSet.parse(base), A);
    }

    /** A new repository at {@code root} whose journal starts after {@code base}. */
    public static RepositoryFixture create(Path root, String base) {
        return new RepositoryFixture(root, base);
    }

    /** Appends one transaction {@code uuid:gno} committed (originally) at {@code time}. */
    public RepositoryFixture tx(String uuid, long gno, String time) {
        Instant t = Instant.parse(time);
        long micros = t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
        TransactionStart start =
                new TransactionStart(new Gtid(uuid, gno), micros, micros + 7, "binlog.000001", position);
        position = Events.write(writer, start, Events.transaction(random, 600));
        return this;
    }

    /** Publishes a snapshot that started at {@code startedAt} and holds {@code gtidSet}. */
    public RepositoryFixture snapshot(String id, String startedAt, String gtidSet) {
        return snapshot(id, startedAt, gtidSet, List.of());
    }

    /** Publishes a snapshot whose manifest names a chunk file that does not exist: damaged. */
    public RepositoryFixture snapshotMissingAChunk(String id, String startedAt, String gtidSet) {
        SnapshotManifest.Chunk chunk = new SnapshotManifest.Chunk("shop/t.00001.chunk.zst", 10, 100, 200, "00000000");
        SnapshotManifest.Table table =
                new SnapshotManifest.Table("t", "CREATE TABLE t (id INT)", List.of(), 10, List.of(chunk));
        return snapshot(
                id,
                startedAt,
                gtidSet,
                List.of(new SnapshotManifest.Database(
                        "shop", "CREATE DATABASE shop", List.of(table), List.of(), List.of(), List.of(), List.of())));
    }

    private RepositoryFixture snapshot(
            String id, String startedAt, String gtidSet, List<SnapshotManifest.Database> databases) {
        try {
            Files.createDirectories(SnapshotCatalog.stagingDir(layout, id));
            SnapshotManifest m = new SnapshotManifest(
                    SnapshotManifest.FORMAT,
                    id,
                    new SnapshotManifest.Source(A, "8.0.31", "127.0.0.1:3306"),
                    gtidSet,
                    startedAt,
                    Instant.parse(startedAt).plusSeconds(1).toString(),
                    new SnapshotManifest.Consistency("FLUSH TABLES WITH READ LOCK", true, 1, 2),
                    "zstd",
                    2,
                    new SnapshotManifest.Totals(databases.isEmpty() ? 0 : 1, 10, 100, 200),
                    databases);
            SnapshotCatalog.publish(layout, m);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the journal writer; the repository is ready to be read. */
    public RepositoryLayout done() {
        writer.close();
        return layout;
    }
}
