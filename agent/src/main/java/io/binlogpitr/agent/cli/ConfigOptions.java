package io.binlogpitr.agent.cli;

import io.binlogpitr.common.config.AgentConfig;
import io.binlogpitr.common.config.AgentConfigReader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every agent command shares. */
final class ConfigOptions {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "agent.yml")
    Path config;

    @Option(names = "--verbose", description = "print stack traces with errors")
    boolean verbose;

    AgentConfig read() {
        return AgentConfigReader.read(config);
    }
}
