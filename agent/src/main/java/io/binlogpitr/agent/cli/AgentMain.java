package io.binlogpitr.agent.cli;

import io.binlogpitr.common.cli.ToolRunner;
import io.binlogpitr.common.cli.VersionProvider;
import picocli.CommandLine.Command;

/** Entry point of {@code pitr-agent}. */
@Command(
        name = "pitr-agent",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Streams a MySQL source's binlog into a crash-safe journal (binlog-pitr agent).",
        subcommands = {RunCommand.class, SnapshotCommand.class, StatusCommand.class})
public final class AgentMain {
    /** The connector logs through java.util.logging; held here because JUL keeps loggers only weakly. */
    private static final java.util.logging.Logger CONNECTOR_LOG =
            java.util.logging.Logger.getLogger("com.github.shyiko");

    public static void main(String[] args) {
        CONNECTOR_LOG.setLevel(java.util.logging.Level.WARNING);
        System.exit(ToolRunner.execute(new AgentMain(), args));
    }
}
