package io.binlogpitr.agent.cli;

import io.binlogpitr.agent.AgentDaemon;
import io.binlogpitr.common.config.AgentConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code pitr-agent run}: the daemon. SIGTERM (or Ctrl-C) stops it cleanly: journal synced, lock released. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Stream the source's binlog into the journal until stopped.")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        AgentConfig config = options.read();
        AgentDaemon daemon = new AgentDaemon(config);
        Thread hook = new Thread(
                () -> {
                    LOG.info("stop requested; syncing the journal");
                    try {
                        if (!daemon.stop(Duration.ofSeconds(30))) {
                            LOG.error("the agent did not stop within 30 s; exiting anyway");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "pitr-agent-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        daemon.run();
        return 0;
    }
}
