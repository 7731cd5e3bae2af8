package io.binlogpitr.agent;

import static io.binlogpitr.agent.AgentProcess.PASSWORD;
import static io.binlogpitr.agent.AgentProcess.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGTERM sent to {@code bin/pitr-agent run} at each step of its start-up (before the http server is bound, after
 * it, after the source's pre-flight, after the journal is open, and once streaming) stops it with a clean exit:
 * no stack trace, no {@code NoClassDefFoundError} from a shutdown hook loading classes while the JVM goes down,
 * and a repository that the next start opens.
 */
class AgentStopDuringStartIT {
    private static MysqlServer server;

    @BeforeAll
    static void startServer() {
        server = MysqlServer.shared(MysqlOptions.defaults());
        AgentProcess.ensureAgentUser(server, USER, PASSWORD);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "", // at once: the JVM is still loading the launcher's classes
                "after 500 ms", // somewhere in the JVM's and picocli's start
                "serving http",
                "is MySQL",
                "journaling into",
                "first transaction since connecting"
            })
    void sigtermAtEachStepOfTheStartStopsCleanly(String afterLine, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path config = AgentProcess.writeConfig(dir, server, USER, PASSWORD, "");
        if (afterLine.startsWith("first")) {
            server.execute("CREATE DATABASE IF NOT EXISTS stopstart");
        }
        AgentProcess agent = AgentProcess.start(dir, "-Xmx256m", "run", "--config", config.toString());
        if (afterLine.startsWith("first")) {
            awaitLine(agent, "journaling into");
            server.execute("CREATE TABLE IF NOT EXISTS stopstart.t (id INT PRIMARY KEY)");
            server.execute("DROP TABLE stopstart.t");
            awaitLine(agent, "first transaction since connecting");
        } else if (afterLine.startsWith("after")) {
            Thread.sleep(500);
        } else if (!afterLine.isEmpty()) {
            awaitLine(agent, afterLine);
        }
        int exit = agent.terminate();
        String out = agent.output();
        assertThat(out).doesNotContain("NoClassDefFoundError").doesNotContain("Exception in thread");
        assertThat(out).doesNotContain("\tat ");
        // 143: the JVM ended by the signal before the agent's own hook was installed (nothing was touched yet)
        assertThat(exit).as(out).isIn(0, 143);
        if (Files.exists(dir.resolve("repo"))) {
            AgentProcess again = AgentProcess.start(dir, "-Xmx256m", "run", "--config", config.toString());
            awaitLine(again, "journaling into");
            assertThat(again.terminate()).as(again.output()).isZero();
        }
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
