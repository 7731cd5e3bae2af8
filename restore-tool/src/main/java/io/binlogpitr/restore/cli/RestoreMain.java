package io.binlogpitr.restore.cli;

import io.binlogpitr.common.cli.ToolRunner;
import io.binlogpitr.common.cli.VersionProvider;
import picocli.CommandLine.Command;

/** Entry point of {@code pitr-restore}. */
@Command(
        name = "pitr-restore",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Inspect and restore from a binlog-pitr repository.",
        subcommands = {
            ListCommand.class,
            RestoreCommand.class,
            FindCommand.class,
            SqlCommand.class,
            FlashbackCommand.class,
            VerifyCommand.class
        })
public final class RestoreMain {
    public static void main(String[] args) {
        System.exit(ToolRunner.execute(new RestoreMain(), args));
    }
}
