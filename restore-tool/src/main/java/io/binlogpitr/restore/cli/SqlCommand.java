package io.binlogpitr.restore.cli;

import io.binlogpitr.common.repository.LeaseClaim;
import io.binlogpitr.common.repository.ReaderLease;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.restore.changes.ChangeReader;
import io.binlogpitr.restore.changes.ForwardSql;
import io.binlogpitr.restore.changes.SqlScript;
import io.binlogpitr.restore.flashback.SessionSetup;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pitr-restore sql}: the journaled changes forward, as SQL. */
@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        description = "Write the selected journaled changes as SQL: one statement per row, each transaction with a"
                + " comment naming its GTID and commit time.")
final class SqlCommand implements Callable<Integer> {
    @Mixin
    RangeOptions range;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "write to FILE (appears only when complete); default stdout")
    Path out;

    @Option(names = "--verbose", description = "print stack traces with errors")
    boolean verbose;

    @Override
    public Integer call() {
        RepositoryLayout repo = RepositoryLayout.openExisting(range.repo);
        ForwardSql sql;
        try (ReaderLease lease = ReaderLease.take(repo, LeaseClaim.everything("pitr-restore sql"));
                ChangeReader reader = ChangeReader.open(repo, range.filter());
                SqlScript script = out == null ? SqlScript.to(System.out) : SqlScript.toFile(out)) {
            script.comment("binlog-pitr sql: forward changes from " + repo.root() + ", written " + Instant.now());
            SessionSetup.write(script);
            sql = new ForwardSql(script);
            sql.writeAll(reader);
            if (!sql.disabledEvents().isEmpty()) {
                script.comment("events left DISABLE ON SLAVE, as a replica leaves them (the rows they wrote on the"
                        + " source are above): " + String.join(", ", sql.disabledEvents())
                        + "; on the server that is to run them from now on: ALTER EVENT ... ENABLE");
            }
            script.comment(sql.transactions() + " transactions, " + sql.rows() + " rows");
            script.finish();
        }
        if (out != null) {
            System.err.printf("wrote %s: %d transactions, %d rows%n", out, sql.transactions(), sql.rows());
            if (!sql.disabledEvents().isEmpty()) {
                System.err.printf(
                        "events left DISABLE ON SLAVE, as on a replica: %s (ALTER EVENT ... ENABLE on the server that"
                                + " is to run them)%n",
                        String.join(", ", sql.disabledEvents()));
            }
        }
        return 0;
    }
}
