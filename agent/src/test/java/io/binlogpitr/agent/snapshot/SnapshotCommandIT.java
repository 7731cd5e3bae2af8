package io.binlogpitr.agent.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.agent.AgentProcessAccess;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import io.binlogpitr.testing.workload.BigTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pitr-agent snapshot} as a user runs it: the summary, retention of old snapshots, and the failures
 * that must leave nothing behind — a full disk, SIGTERM, a missing privilege.
 */
class SnapshotCommandIT {
    private static MysqlServer server;
    private static String big;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        server = MysqlServer.shared(MysqlOptions.defaults());
        AgentProcessAccess.ensureAgentUser(server);
        big = server.createDatabase("snapcmd");
        BigTable.create(server, big, 300_000);
        if ("0".equals(server.queryString("SELECT COUNT(*) FROM mysql.user WHERE user = 'pitr_noreload'"))) {
            // fewer grants than AgentAccount on purpose: without RELOAD (and BACKUP_ADMIN) the snapshot is refused
            server.createUser(
                    "pitr_noreload",
                    "nr-pw",
                    "REPLICATION SLAVE, REPLICATION CLIENT, SELECT, SHOW VIEW, TRIGGER, EVENT");
        }
    }

    private Path config(String snapshotsYaml) throws Exception {
        return AgentProcessAccess.writeConfig(dir, server, "snapshots: " + snapshotsYaml + "\n");
    }

    private List<String> snapshotDirs() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("repo/snapshots"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(".snapshot.lock"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void takesSnapshotsAndKeepsTheNewest() throws Exception {
        Path config = config("{every: 0, keep: 2, include: [" + big + "], chunkMiB: 4}");
        String first = null;
        for (int i = 0; i < 3; i++) {
            AgentProcessAccess.Result r = AgentProcessAccess.run(dir, "snapshot", "--config", config.toString());
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output())
                    .contains("snapshot      2")
                    .contains("1 tables, " + 300_000 + " rows")
                    .contains("writes        blocked ");
            if (i == 0) {
                first = snapshotDirs().get(0);
            }
            if (i == 2) {
                assertThat(r.output()).contains("retention: deleted snapshot " + first);
            }
            Thread.sleep(1100); // snapshot ids are seconds
        }
        List<String> left = snapshotDirs();
        assertThat(left).hasSize(2).doesNotContain(first);
    }

    @Test
    void aFullDiskFailsTheSnapshotAndLeavesNothing() throws Exception {
        // one chunk file for the whole table: the limit below is per file
        Path config = config("{every: 0, include: [" + big + "], compression: none, threads: 1, chunkMiB: 1024}");
        AgentProcessAccess.Result r =
                AgentProcessAccess.runWithFileSizeLimit(dir, 8 * 1024, "snapshot", "--config", config.toString());
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("error[IO]: cannot write the snapshot").contains("HINT: ");
        assertThat(snapshotDirs()).isEmpty();
    }

    @Test
    void sigtermStopsTheSnapshotAndRemovesIt() throws Exception {
        Path config = config("{every: 0, include: [" + big + "], compression: gzip, threads: 1}");
        AgentProcessAccess.Started p = AgentProcessAccess.start(dir, "snapshot", "--config", config.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean underWay = false;
        while (!underWay && System.nanoTime() < deadline) {
            Thread.sleep(20);
            Path snapshots = dir.resolve("repo/snapshots");
            if (Files.isDirectory(snapshots)) {
                try (Stream<Path> files = Files.walk(snapshots)) {
                    underWay = files.anyMatch(f -> f.getFileName().toString().contains(".chunk"));
                }
            }
        }
        assertThat(underWay).as(p.output()).isTrue();
        int exit = p.terminate();
        assertThat(exit).as(p.output()).isNotZero();
        assertThat(p.output()).contains("error[SNAPSHOT_FAILED]: snapshot stopped before it was complete");
        assertThat(snapshotDirs()).isEmpty();
    }

    @Test
    void withoutReloadTheSnapshotIsRefused() throws Exception {
        Path config = AgentProcessAccess.writeConfig(
                dir, server, "pitr_noreload", "nr-pw", "snapshots: {every: 0, include: [" + big + "]}\n");
        AgentProcessAccess.Result r = AgentProcessAccess.run(dir, "snapshot", "--config", config.toString());
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("error[SOURCE_PREREQUISITES]").contains("GRANT RELOAD");
        assertThat(snapshotDirs()).isEmpty();
    }
}
