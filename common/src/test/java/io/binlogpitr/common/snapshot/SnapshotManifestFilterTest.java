package io.binlogpitr.common.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The manifest's record of which databases the snapshot takes, and a manifest written before it had one. */
class SnapshotManifestFilterTest {
    private static SnapshotManifest manifest(SnapshotManifest.Filter filter) {
        return new SnapshotManifest(
                SnapshotManifest.FORMAT,
                "20261121T140317Z",
                new SnapshotManifest.Source("u", "8.0.31", "h:1"),
                "",
                "2026-11-21T14:03:17Z",
                "2026-11-21T14:03:18Z",
                new SnapshotManifest.Consistency("FLUSH TABLES WITH READ LOCK", true, 0, 0),
                "zstd",
                2,
                new SnapshotManifest.Totals(0, 0, 0, 0),
                List.of(),
                filter);
    }

    @Test
    void theFilterRoundTripsAndAnOldManifestHasNone() throws Exception {
        SnapshotManifest.Filter all = new SnapshotManifest.Filter(true, List.of(), List.of("shop.cache_*"));
        SnapshotManifest back = SnapshotManifest.fromJson(manifest(all).toJson());
        assertThat(back.filter()).isEqualTo(all);
        assertThat(back.filter().coversDatabase("gitea")).isTrue();
        assertThat(back.filter().coversDatabase("mysql")).as("never taken").isFalse();

        SnapshotManifest.Filter some = new SnapshotManifest.Filter(false, List.of("shop"), List.of());
        assertThat(SnapshotManifest.fromJson(manifest(some).toJson()).filter().coversDatabase("gitea"))
                .isFalse();

        String old = new String(manifest(null).toJson(), StandardCharsets.UTF_8);
        assertThat(old).doesNotContain("filter");
        assertThat(SnapshotManifest.fromJson(old.getBytes(StandardCharsets.UTF_8))
                        .filter())
                .isNull();
    }
}
