package io.binlogpitr.common.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pitr-agent snapshot} started while {@code pitr-agent run} creates the repository (issue 11, item 15):
 * the second creator must open what the first made, never refuse a half-created directory.
 */
class RepositoryCreationTest {
    @TempDir
    Path dir;

    @Test
    void twoCreatorsAtOnceBothOpenTheSameRepository() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<String> failures = new ArrayList<>();
            for (int round = 0; round < 200; round++) {
                Path root = dir.resolve("repo-" + round);
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<RepositoryLayout>> both = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    both.add(pool.submit(() -> {
                        together.await();
                        return RepositoryLayout.createOrOpen(root);
                    }));
                }
                for (Future<RepositoryLayout> f : both) {
                    try {
                        assertThat(f.get().root())
                                .isEqualTo(root.toAbsolutePath().normalize());
                    } catch (java.util.concurrent.ExecutionException e) {
                        failures.add("round " + round + ": " + e.getCause().getMessage());
                    }
                }
                assertThat(root.resolve(RepositoryLayout.FORMAT_FILE)).exists();
            }
            assertThat(failures).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCreationThatDiedBeforeTheFormatFileIsCompleted() throws Exception {
        // what a creator leaves between making the directories and writing repository.json
        Files.createDirectories(dir.resolve("journal"));
        Files.createDirectories(dir.resolve("snapshots"));
        Files.writeString(dir.resolve("agent.lock"), "pid 1, pitr-agent run");

        RepositoryLayout layout = RepositoryLayout.createOrOpen(dir);

        assertThat(dir.resolve(RepositoryLayout.FORMAT_FILE)).exists();
        assertThat(RepositoryLayout.openExisting(dir).root()).isEqualTo(layout.root());
    }

    @Test
    void aDirectoryWithOtherContentIsStillRefusedAndNamed() throws Exception {
        Files.createDirectories(dir.resolve("journal"));
        Files.writeString(dir.resolve("journal/20260101-00F.cq4"), "x");
        Files.writeString(dir.resolve("notes.txt"), "mine");

        assertThatThrownBy(() -> RepositoryLayout.createOrOpen(dir))
                .isInstanceOfSatisfying(
                        PitrException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REPOSITORY_INVALID))
                .hasMessageContaining("holds no repository.json")
                .hasMessageContaining("notes.txt")
                .hasMessageContaining("journal");
        assertThat(dir.resolve(RepositoryLayout.FORMAT_FILE)).doesNotExist();
    }
}
