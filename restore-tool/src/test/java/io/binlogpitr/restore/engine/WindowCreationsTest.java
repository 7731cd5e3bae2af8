package io.binlogpitr.restore.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.snapshot.SnapshotManifest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which names of a partial restore its snapshot lacks: only those are looked for in the journal's window (the
 * journal walk itself, what the window creates and the refusals, is covered against a real journal by RestoreIT).
 */
class WindowCreationsTest {
    private static final SnapshotManifest SNAPSHOT = new SnapshotManifest(
            SnapshotManifest.FORMAT,
            "s1",
            null,
            "",
            "",
            "",
            null,
            "none",
            1,
            null,
            List.of(database("shop", "orders", "customers"), database("crm", "people")));

    private static SnapshotManifest.Database database(String name, String... tables) {
        return new SnapshotManifest.Database(
                name,
                "CREATE DATABASE `" + name + "`",
                java.util.Arrays.stream(tables)
                        .map(t -> new SnapshotManifest.Table(
                                t, "CREATE TABLE `" + t + "` (id INT)", List.of(), 0, List.of()))
                        .toList(),
                List.of(),
                List.of(),
                List.of(),
                List.of());
    }

    private static RestoreOptions options(Set<String> databases, Set<String> tables, Map<String, String> renames) {
        return new RestoreOptions(null, null, databases, tables, renames, false, 1, 1, false);
    }

    @Test
    void namesTheSnapshotHoldsAreNotLookedFor() {
        RestoreOptions o = options(Set.of("shop"), Set.of("shop.orders", "crm.people"), Map.of("shop", "s2"));
        assertThat(WindowCreations.missingDatabases(o, SNAPSHOT)).isEmpty();
        assertThat(WindowCreations.missingTables(o, SNAPSHOT)).isEmpty();
    }

    @Test
    void chosenRenamedAndTablesDatabasesTheSnapshotLacksAreLookedFor() {
        assertThat(WindowCreations.missingDatabases(options(Set.of("shop", "fresh"), Set.of(), Map.of()), SNAPSHOT))
                .containsExactly("fresh");
        assertThat(WindowCreations.missingDatabases(options(Set.of(), Set.of(), Map.of("later", "l2")), SNAPSHOT))
                .containsExactly("later");
        assertThat(WindowCreations.missingDatabases(options(Set.of(), Set.of("late.t"), Map.of()), SNAPSHOT))
                .containsExactly("late");
    }

    @Test
    void aTableTheSnapshotLacksIsLookedForEvenInAHeldDatabase() {
        RestoreOptions o = options(Set.of(), Set.of("shop.orders", "shop.returns", "crm.orders"), Map.of());
        assertThat(WindowCreations.missingTables(o, SNAPSHOT)).containsExactlyInAnyOrder("shop.returns", "crm.orders");
    }
}
