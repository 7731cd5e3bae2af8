package io.binlogpitr.agent.cli;

import io.binlogpitr.agent.AgentDaemon;
import io.binlogpitr.agent.config.AgentConfig;
import io.binlogpitr.agent.http.AgentHttpServer;
import io.binlogpitr.common.journal.JournalRuntime;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code pitr-agent run}: the daemon. SIGTERM (or Ctrl-C) stops it cleanly: journal synced, lock released. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Stream the source's binlog into the journal until stopped.")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    /** What a JVM ended by SIGTERM exits with; used when the stop came before the agent's own hook was set. */
    private static final int SIGTERM_EXIT = 143;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        // Chronicle registers its own shutdown hook on first use: done now, so a SIGTERM during the start never
        // meets a first journal open while the JVM shuts down (NoClassDefFoundError on the console)
        if (!JournalRuntime.start()) {
            return SIGTERM_EXIT; // stopped before anything was touched
        }
        AgentConfig config = options.read();
        AgentDaemon daemon = new AgentDaemon(config);
        // bound first: a port in use ends the run before the source is asked or the repository touched
        AgentHttpServer http = config.http().enabled() ? AgentHttpServer.start(config.http(), daemon) : null;
        if (http == null) {
            LOG.info("http.bind is off: no /status or /metrics endpoint");
        }
        Thread hook = new Thread(
                () -> {
                    if (daemon.finished()) {
                        return; // the daemon ended by itself (an error); keep its exit code
                    }
                    LOG.info("stop requested; syncing the journal");
                    boolean clean = false;
                    try {
                        clean = daemon.stop(Duration.ofSeconds(30));
                        if (!clean) {
                            LOG.error("the agent did not stop within 30 s; exiting anyway");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    // A JVM ended by SIGTERM exits with 143 even after a clean stop; the journal is synced and
                    // closed, so say so with 0 (1 if the stop timed out), as service managers expect.
                    System.out.flush();
                    System.err.flush();
                    Runtime.getRuntime().halt(clean ? 0 : 1);
                },
                "pitr-agent-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            daemon.run();
        } finally {
            if (http != null) {
                http.close();
            }
        }
        return 0;
    }
}
