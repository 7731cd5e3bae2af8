package io.binlogpitr.restore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.cli.CliReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every pitr-restore command, and every option of each, is in docs/reference/cli.md with its real --help text.
 * Commands are found by walking RestoreMain's tree, so find, sql and flashback are checked once they exist.
 */
class CliReferenceTest {
    @Test
    void everyCommandAndOptionIsDocumented() throws Exception {
        CliReference docs = CliReference.read();
        List<CommandLine> commands = CliReference.commands(new CommandLine(new RestoreMain()));
        assertThat(commands.stream().map(c -> c.getCommandSpec().qualifiedName()))
                .contains("pitr-restore", "pitr-restore list", "pitr-restore restore", "pitr-restore verify");
        List<String> problems = new ArrayList<>();
        commands.forEach(c -> problems.addAll(docs.problems(c)));
        assertThat(problems).as("gaps between pitr-restore and cli.md").isEmpty();
    }
}
