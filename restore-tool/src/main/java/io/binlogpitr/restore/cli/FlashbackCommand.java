package io.binlogpitr.restore.cli;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.repository.LeaseClaim;
import io.binlogpitr.common.repository.ReaderLease;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.restore.changes.ChangeReader;
import io.binlogpitr.restore.changes.SqlScript;
import io.binlogpitr.restore.engine.TargetConnections;
import io.binlogpitr.restore.flashback.CascadeRebuilder;
import io.binlogpitr.restore.flashback.Cascades;
import io.binlogpitr.restore.flashback.Conflict;
import io.binlogpitr.restore.flashback.Flashback;
import io.binlogpitr.restore.flashback.FlashbackApplier;
import io.binlogpitr.restore.flashback.OnConflict;
import io.binlogpitr.restore.flashback.ScriptNotes;
import io.binlogpitr.restore.flashback.SessionSetup;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pitr-restore flashback}: undo a range of row changes in place, or write the undo as SQL. */
@Command(
        name = "flashback",
        mixinStandardHelpOptions = true,
        description = "Undo the selected row changes, last first: write the inverse SQL for review (--sql-out) or"
                + " apply it in one transaction after checking every row (--apply).")
final class FlashbackCommand implements Callable<Integer> {
    @Mixin
    RangeOptions range;

    @Option(names = "--sql-out", paramLabel = "FILE", description = "write the undo SQL to FILE ('-' for stdout)")
    String sqlOut;

    @Option(names = "--apply", description = "apply the undo to --target in one transaction")
    boolean apply;

    @Option(names = "--target", paramLabel = "HOST:PORT", description = "the server to undo the changes on")
    String target;

    @Option(names = "--target-user", paramLabel = "USER", description = "an account on the target")
    String targetUser;

    @Option(
            names = "--target-password-file",
            paramLabel = "FILE",
            description = "file whose first line is the password (else PITR_TARGET_PASSWORD)")
    Path targetPasswordFile;

    @Option(
            names = "--on-conflict",
            paramLabel = "MODE",
            description = "when a row changed since: fail (default: change nothing, list them), skip (leave those"
                    + " rows, undo the rest) or overwrite (set them back anyway)")
    String onConflict = "fail";

    @Option(names = "--verbose", description = "print stack traces with errors")
    boolean verbose;

    @Override
    public Integer call() {
        if (!range.bounded()) {
            throw new PitrException(
                    ErrorCode.USAGE,
                    "flashback needs a range: --gtid SET, or both --from-time and --to-time",
                    "find the transactions to undo with 'pitr-restore find --repo DIR ...'");
        }
        if ((sqlOut == null) == !apply) {
            throw new PitrException(
                    ErrorCode.USAGE,
                    "flashback needs exactly one of --sql-out FILE and --apply",
                    "write the undo for review with --sql-out, or apply it with --apply --target HOST:PORT"
                            + " --target-user USER");
        }
        if (apply && (target == null || targetUser == null)) {
            throw new PitrException(
                    ErrorCode.USAGE,
                    "--apply needs --target HOST:PORT and --target-user USER",
                    "name the server to undo the changes on");
        }
        OnConflict mode = mode(onConflict);
        RepositoryLayout repo = RepositoryLayout.openExisting(range.repo);
        return apply ? apply(repo, mode) : write(repo);
    }

    private int write(RepositoryLayout repo) {
        Flashback.Summary s;
        boolean stdout = sqlOut.equals("-");
        try (ReaderLease lease = ReaderLease.take(repo, LeaseClaim.everything("pitr-restore flashback"));
                ChangeReader reader = ChangeReader.open(repo, range.filter());
                SqlScript script = stdout ? SqlScript.to(System.out) : SqlScript.toFile(Path.of(sqlOut))) {
            script.comment("binlog-pitr flashback: undoes the selected changes from " + repo.root() + ", written "
                    + Instant.now());
            script.comment("review before applying; unlike --apply, this script does not check that rows are"
                    + " unchanged since");
            SessionSetup.write(script);
            AtomicReference<Flashback.GeneratedColumns> generated = new AtomicReference<>((d, t) -> Set.of());
            AtomicReference<Set<String>> withTriggers = new AtomicReference<>(Set.of());
            boolean[] begun = {false};
            Runnable begin = () -> {
                begun[0] = true;
                script.statement("START TRANSACTION");
            };
            Flashback.Sink sink =
                    Flashback.script(script, (d, t) -> generated.get().of(d, t), withTriggers::get, begin);
            s = Flashback.run(
                    reader,
                    sink,
                    g -> {
                        generated.set(ScriptNotes.generated(repo, g));
                        withTriggers.set(ScriptNotes.tablesWithTriggers(repo, range.filter(), g));
                        Cascades c = CascadeRebuilder.rebuild(repo, range.filter(), g);
                        for (String note : ScriptNotes.of(repo, range.filter(), g, c)) {
                            script.comment(note);
                        }
                        return c;
                    },
                    tables -> {
                        for (String note : ScriptNotes.engines(repo, tables)) {
                            script.comment(note);
                        }
                    });
            if (!begun[0]) {
                begin.run();
            }
            for (String n : s.statementsNotUndone()) {
                script.comment("NOT UNDONE (a statement, not row changes): " + n);
            }
            script.statement("COMMIT");
            script.finish();
        }
        PrintStream err = System.err;
        report(err, s);
        if (!stdout) {
            err.printf("wrote %s%n", sqlOut);
        }
        return 0;
    }

    private int apply(RepositoryLayout repo, OnConflict mode) {
        TargetConnections connections =
                TargetConnections.of(target, targetUser, Optional.ofNullable(targetPasswordFile), System.getenv());
        PrintStream out = System.out;
        try (ReaderLease lease = ReaderLease.take(repo, LeaseClaim.everything("pitr-restore flashback --apply"));
                ChangeReader reader = ChangeReader.open(repo, range.filter());
                FlashbackApplier applier = FlashbackApplier.open(connections, mode)) {
            Flashback.Summary s;
            FlashbackApplier.Result r;
            try {
                s = Flashback.run(
                        reader,
                        Flashback.apply(applier),
                        g -> {
                            Cascades c = CascadeRebuilder.rebuild(repo, range.filter(), g);
                            applier.cascadesRebuilt(c.covered());
                            return c;
                        },
                        applier::checkTables);
                r = applier.finish();
            } finally {
                for (Conflict c : applier.conflicts()) {
                    out.println(describe(c));
                }
            }
            report(out, s);
            for (Map.Entry<String, Set<String>> d : r.droppedColumns().entrySet()) {
                out.printf(
                        "not restored  columns %s of %s: they no longer exist on the target%n",
                        String.join(", ", d.getValue()), d.getKey());
            }
            if (r.asRowEvents() > 0) {
                out.printf(
                        "row events    %d rows of %s undone as binlog row events, which fire no trigger (what the"
                                + " triggers did is undone with the rest)%n",
                        r.asRowEvents(), String.join(", ", r.rowEventTables()));
            }
            out.printf(
                    "applied       %d rows on %s in one transaction%s%n",
                    r.applied(),
                    connections.address(),
                    r.conflicts() == 0
                            ? ""
                            : ", " + r.conflicts() + " conflicting rows "
                                    + (mode == OnConflict.SKIP ? "left as they are" : "overwritten"));
        }
        return 0;
    }

    private static void report(PrintStream out, Flashback.Summary s) {
        out.printf(
                "flashback     %d rows of %d transactions undone (%d transactions read)%n",
                s.rows(), s.transactions(), s.scanned());
        if (s.cascaded() > 0) {
            out.printf(
                    "cascaded      %d child rows that foreign keys changed put back with their parents%n",
                    s.cascaded());
        }
        for (String n : s.statementsNotUndone()) {
            out.printf("not undone    %s (a statement: flashback undoes row changes only)%n", n);
        }
    }

    static String describe(Conflict c) {
        StringBuilder sb = new StringBuilder("conflict      ")
                .append(c.table())
                .append(" ")
                .append(c.key())
                .append(" (undoing ")
                .append(c.gtid())
                .append("): ")
                .append(c.problem());
        for (Conflict.Difference d : c.differences()) {
            sb.append("; ")
                    .append(d.column())
                    .append(" expected ")
                    .append(d.expected())
                    .append(" found ")
                    .append(d.found());
        }
        return sb.toString();
    }

    private static OnConflict mode(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "fail" -> OnConflict.FAIL;
            case "skip" -> OnConflict.SKIP;
            case "overwrite" -> OnConflict.OVERWRITE;
            default -> throw new PitrException(
                    ErrorCode.USAGE,
                    "--on-conflict '" + text + "' is not a mode",
                    "use fail (the default), skip or overwrite");
        };
    }
}
