package io.binlogpitr.common.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.repository.RepositoryLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot ids sort in the order the snapshots were taken, which retention relies on to keep the newest. */
class SnapshotIdTest {
    private static final String SECOND = "20261203T215341Z";

    @TempDir
    Path dir;

    @Test
    void sameSecondSequencesSortNumerically() {
        List<String> ids =
                new ArrayList<>(List.of(SECOND + "-10", SECOND + "-2", "20261203T215342Z", SECOND, SECOND + "-9"));
        ids.sort(SnapshotCatalog.ID_ORDER);
        assertThat(ids).containsExactly(SECOND, SECOND + "-2", SECOND + "-9", SECOND + "-10", "20261203T215342Z");
    }

    @Test
    void aNewIdSortsAfterEverySnapshotEvenWhenAnEarlierOneOfTheSameSecondWasDeleted() throws Exception {
        RepositoryLayout layout = RepositoryLayout.createOrOpen(dir.resolve("repo"));
        assertThat(SnapshotCatalog.nextId(layout, SECOND)).isEqualTo(SECOND);
        Files.createDirectories(layout.snapshots().resolve(SECOND));
        assertThat(SnapshotCatalog.nextId(layout, SECOND)).isEqualTo(SECOND + "-2");
        Files.createDirectories(layout.snapshots().resolve(SECOND + "-2"));
        // retention deleted the first of the second; reusing its id would sort the newest snapshot first
        Files.delete(layout.snapshots().resolve(SECOND));
        assertThat(SnapshotCatalog.nextId(layout, SECOND)).isEqualTo(SECOND + "-3");
    }

    @Test
    void aSnapshotBeingBuiltOrDeletedCountsAndAClockThatWentBackStillSortsLast() throws Exception {
        RepositoryLayout layout = RepositoryLayout.createOrOpen(dir.resolve("repo"));
        Files.createDirectories(layout.snapshots().resolve(".deleting-" + SECOND + "-4"));
        assertThat(SnapshotCatalog.nextId(layout, SECOND)).isEqualTo(SECOND + "-5");
        assertThat(SnapshotCatalog.nextId(layout, "20261203T215300Z"))
                .as("an earlier second than the newest snapshot's")
                .isEqualTo(SECOND + "-5");
        assertThat(SnapshotCatalog.nextId(layout, "20261203T215400Z")).isEqualTo("20261203T215400Z");
    }
}
