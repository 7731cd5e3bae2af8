package io.binlogpitr.agent.cli;

import io.binlogpitr.agent.config.AgentConfig;
import io.binlogpitr.agent.config.AgentConfigReader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every agent command shares. */
final class ConfigOptions {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "agent.yml")
    Path config;

    @Option(names = "--verbose", description = "print stack traces with errors")
    boolean verbose;

    /** Reads and checks agent.yml, then switches the log format to the one it (or PITR_LOG_FORMAT) asks for. */
    AgentConfig read() {
        AgentConfig read = AgentConfigReader.read(config);
        LogFormats.apply(LogFormats.choose(read.logging().format(), System.getenv(LogFormats.ENV)));
        return read;
    }
}
