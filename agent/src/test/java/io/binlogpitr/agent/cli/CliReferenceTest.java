package io.binlogpitr.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.cli.CliReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every pitr-agent command, and every option of each, is in docs/reference/cli.md with its real --help text. */
class CliReferenceTest {
    @Test
    void everyCommandAndOptionIsDocumented() throws Exception {
        CliReference docs = CliReference.read();
        List<CommandLine> commands = CliReference.commands(new CommandLine(new AgentMain()));
        assertThat(commands.stream().map(c -> c.getCommandSpec().qualifiedName()))
                .contains("pitr-agent", "pitr-agent run", "pitr-agent snapshot", "pitr-agent status");
        List<String> problems = new ArrayList<>();
        commands.forEach(c -> problems.addAll(docs.problems(c)));
        assertThat(problems).as("gaps between pitr-agent and cli.md").isEmpty();
    }
}
