package io.binlogpitr.common.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.sql.SqlColumn;
import io.binlogpitr.common.sql.ValueKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotVerifierTest {
    @TempDir
    Path dir;

    /** Publishes a snapshot of one table in two chunks of 100 rows each. */
    private SnapshotCatalog.Entry snapshot(RepositoryLayout layout) throws Exception {
        Path staging = SnapshotCatalog.stagingDir(layout, "20261121T000000Z");
        Files.createDirectories(staging.resolve("shop"));
        List<SnapshotManifest.Chunk> chunks = new java.util.ArrayList<>();
        for (int n = 1; n <= 2; n++) {
            String file = "shop/t.0000" + n + ".chunk.zst";
            try (ChunkWriter w = ChunkWriter.create(
                    staging.resolve(file),
                    ChunkCompression.ZSTD,
                    new ChunkHeader("shop", "t", List.of(new SqlColumn("id", ValueKind.INTEGER, null))))) {
                for (int i = 0; i < 100; i++) {
                    w.writeRow(new byte[][] {Integer.toString(n * 1000 + i).getBytes(StandardCharsets.US_ASCII)});
                }
                chunks.add(SnapshotManifest.Chunk.of(file, w.finish()));
            }
        }
        SnapshotManifest m = new SnapshotManifest(
                SnapshotManifest.FORMAT,
                "20261121T000000Z",
                new SnapshotManifest.Source("u", "8.0.31", "h:3306"),
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-10",
                "2026-11-21T00:00:00Z",
                "2026-11-21T00:00:01Z",
                new SnapshotManifest.Consistency("FLUSH TABLES WITH READ LOCK", true, 1, 2),
                "zstd",
                2,
                new SnapshotManifest.Totals(1, 200, 0, 0),
                List.of(new SnapshotManifest.Database(
                        "shop",
                        "CREATE DATABASE shop",
                        List.of(new SnapshotManifest.Table("t", "CREATE TABLE t (id INT)", List.of(), 200, chunks)),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of())));
        SnapshotCatalog.publish(layout, m);
        return SnapshotCatalog.list(layout).get(0);
    }

    @Test
    void aWholeSnapshotPasses() throws Exception {
        SnapshotVerifier.Result r = SnapshotVerifier.verify(snapshot(RepositoryLayout.createOrOpen(dir)));
        assertThat(r.findings()).isEmpty();
        assertThat(r.chunks()).isEqualTo(2);
        assertThat(r.rows()).isEqualTo(200);
    }

    @Test
    void aFlippedByteIsFound() throws Exception {
        SnapshotCatalog.Entry e = snapshot(RepositoryLayout.createOrOpen(dir));
        Path file = e.dir().resolve("shop/t.00002.chunk.zst");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        assertThat(SnapshotVerifier.verify(e).findings())
                .singleElement()
                .asString()
                .contains("shop.t, shop/t.00002.chunk.zst")
                .contains("damaged");
    }

    @Test
    void aMissingOrTruncatedChunkIsFound() throws Exception {
        SnapshotCatalog.Entry e = snapshot(RepositoryLayout.createOrOpen(dir));
        Files.delete(e.dir().resolve("shop/t.00001.chunk.zst"));
        Path second = e.dir().resolve("shop/t.00002.chunk.zst");
        Files.write(second, java.util.Arrays.copyOf(Files.readAllBytes(second), 10));
        assertThat(SnapshotVerifier.verify(e).findings())
                .hasSize(2)
                .anySatisfy(f -> assertThat(f).endsWith("shop/t.00001.chunk.zst: missing"))
                .anySatisfy(f -> assertThat(f).contains("10 bytes on disk, the manifest says"));
    }

    @Test
    void anUnreadableManifestIsAFinding() throws Exception {
        SnapshotCatalog.Entry e = snapshot(RepositoryLayout.createOrOpen(dir));
        Files.writeString(e.dir().resolve(SnapshotManifest.FILE_NAME), "{ not json");
        SnapshotCatalog.Entry reread =
                SnapshotCatalog.list(RepositoryLayout.openExisting(dir)).get(0);
        assertThat(SnapshotVerifier.verify(reread).findings())
                .singleElement()
                .asString()
                .contains("unreadable manifest.json");
    }
}
