package io.binlogpitr.agent;

import static io.binlogpitr.agent.AgentProcess.PASSWORD;
import static io.binlogpitr.agent.AgentProcess.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.repository.RepositoryLock;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pitr-agent snapshot} prunes the journal under the repository lock when no agent runs; an agent started
 * in that moment waits for it and then starts, instead of failing with REPOSITORY_LOCKED (issue 11, item 15).
 */
class AgentStartBesideSnapshotIT {
    @TempDir
    Path dir;

    @Test
    void anAgentStartedWhileASnapshotPrunesTheJournalWaitsAndStarts() throws Exception {
        MysqlServer server = MysqlServer.shared(MysqlOptions.defaults());
        AgentProcess.ensureAgentUser(server, USER, PASSWORD);
        Path config = AgentProcess.writeConfig(dir, server, USER, PASSWORD, "");
        RepositoryLayout layout = RepositoryLayout.createOrOpen(dir.resolve("repo"));
        AgentProcess agent;
        try (RepositoryLock pruning = RepositoryLock.acquire(layout, SnapshotService.PRUNING_PURPOSE)) {
            agent = AgentProcess.start(dir, "-Xmx256m", "run", "--config", config.toString());
            awaitLine(agent, "held by 'pitr-agent snapshot' pruning the journal; waiting for it");
        }
        awaitLine(agent, "journaling into");
        assertThat(agent.terminate()).as(agent.output()).isZero();
        assertThat(agent.output()).doesNotContain("REPOSITORY_LOCKED");
    }

    private static void awaitLine(AgentProcess agent, String fragment) throws InterruptedException {
        for (int i = 0; i < 600 && !agent.output().contains(fragment); i++) {
            assertThat(agent.isAlive())
                    .as("agent still running: %s", agent.output())
                    .isTrue();
            Thread.sleep(100);
        }
        assertThat(agent.output()).contains(fragment);
    }
}
