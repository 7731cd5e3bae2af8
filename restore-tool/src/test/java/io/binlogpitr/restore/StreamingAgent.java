package io.binlogpitr.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real agent as the restore-tool ITs run it beside their source: {@code bin/pitr-agent run} out of process (an
 * agent.yml from testkit's {@code AgentConfigFile}), its {@code snapshot} command, and its stop. Waiting for it to
 * catch up is {@link History#awaitCaughtUp}.
 */
final class StreamingAgent {
    private StreamingAgent() {}

    /** Starts {@code pitr-agent run --config config}; its output goes to a log file in {@code dir}. */
    static Launchers.Started start(Path dir, Path config) throws IOException {
        return Launchers.start(dir, Map.of(), "pitr-agent", "run", "--config", config.toString());
    }

    /** Runs {@code pitr-agent snapshot --config config} to its end, asserts that it succeeded, returns its result. */
    static Launchers.Result snapshot(Path dir, Path config) throws IOException, InterruptedException {
        Launchers.Result snapshot =
                Launchers.run(dir, Map.of(), "pitr-agent", "snapshot", "--config", config.toString());
        assertThat(snapshot.exitCode()).as(snapshot.output()).isZero();
        return snapshot;
    }

    /** SIGTERM, and waits for the agent to exit; nothing when it was never started ({@code null}). */
    static void stop(Launchers.Started agent) throws InterruptedException {
        if (agent != null) {
            agent.process().destroy();
            agent.await();
        }
    }
}
