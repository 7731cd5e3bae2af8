package io.binlogpitr.restore.cli;

import io.binlogpitr.common.config.Durations;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.repository.LeaseClaim;
import io.binlogpitr.common.repository.ReaderLease;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.restore.engine.ProgressReporter;
import io.binlogpitr.restore.engine.ReplayProof;
import io.binlogpitr.restore.engine.RestoreJob;
import io.binlogpitr.restore.engine.RestoreOptions;
import io.binlogpitr.restore.engine.TargetConnections;
import io.binlogpitr.restore.plan.RestorePlanner;
import io.binlogpitr.restore.plan.RestorePoint;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pitr-restore restore}: a database as it was at a GTID or a time, into a target MySQL. */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description = "Load the newest snapshot before the point into a target MySQL and replay the journal up to it.")
final class RestoreCommand implements Callable<Integer> {
    @Option(names = "--repo", required = true, paramLabel = "DIR", description = "the repository directory")
    Path repo;

    @Option(names = "--target", required = true, paramLabel = "HOST:PORT", description = "the MySQL to restore into")
    String target;

    @Option(names = "--target-user", required = true, paramLabel = "USER", description = "an account on the target")
    String targetUser;

    @Option(
            names = "--target-password-file",
            paramLabel = "FILE",
            description = "file whose first line is the password (else PITR_TARGET_PASSWORD)")
    Path targetPasswordFile;

    @Option(
            names = "--connect-timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            description = "how long to wait for a connection to the target to open (default ${DEFAULT-VALUE})")
    String connectTimeout;

    @Option(
            names = "--socket-timeout",
            paramLabel = "DURATION",
            defaultValue = "1h",
            description = "how long to wait for any answer from the target before failing (a network cut); a"
                    + " statement running longer fails too; 0 waits forever (default ${DEFAULT-VALUE})")
    String socketTimeout;

    @Option(names = "--to-gtid", paramLabel = "GTID", description = "restore up to and including this transaction")
    String toGtid;

    @Option(
            names = "--before-gtid",
            paramLabel = "GTID",
            description = "restore up to the transaction just before this one (undo a mistake)")
    String beforeGtid;

    @Option(
            names = "--to-time",
            paramLabel = "TIME",
            description = "restore every transaction committed at or before TIME (ISO-8601 with Z or an offset)")
    String toTime;

    @Option(names = "--databases", split = ",", paramLabel = "DB", description = "restore only these databases")
    List<String> databases = List.of();

    @Option(names = "--tables", split = ",", paramLabel = "DB.TABLE", description = "restore only these tables")
    List<String> tables = List.of();

    @Option(
            names = "--rename-db",
            split = ",",
            paramLabel = "OLD=NEW",
            description = "restore database OLD as NEW (a side database on a live server); without --databases"
                    + " and --tables only the renamed databases are restored, and DDL is kept inside them")
    List<String> renames = List.of();

    @Option(names = "--force", description = "drop target databases that already hold data instead of refusing")
    boolean force;

    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "4",
            description = "connections loading and replaying in parallel (default ${DEFAULT-VALUE})")
    int threads;

    @Option(
            names = "--per-transaction",
            description = "replay each source transaction as its own target transaction under its own GTID, on"
                    + " --threads connections (slower; a failure names the exact transaction)")
    boolean perTransaction;

    @Option(names = "--verbose", description = "print stack traces with errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        RestorePoint point = RestorePoint.parse(toGtid, beforeGtid, toTime);
        if (threads < 1 || threads > 64) {
            throw new PitrException(ErrorCode.USAGE, "--threads " + threads + " is out of range", "use 1 to 64");
        }
        RepositoryLayout layout = RepositoryLayout.openExisting(repo);
        RestoreOptions options = new RestoreOptions(
                layout,
                point,
                new LinkedHashSet<>(databases),
                tables(),
                renames(),
                force,
                threads,
                threads,
                perTransaction);
        TargetConnections connections = TargetConnections.of(
                        target, targetUser, Optional.ofNullable(targetPasswordFile), System.getenv())
                .withTimeouts(new TargetConnections.Timeouts(
                        duration("--connect-timeout", connectTimeout), duration("--socket-timeout", socketTimeout)));
        RestoreJob.Summary s;
        // every snapshot and the whole journal until the plan is made, then what the plan reads
        try (ReaderLease lease = ReaderLease.take(layout, LeaseClaim.everything("pitr-restore restore"))) {
            s = new RestoreJob(options, connections, ProgressReporter.forConsole(), RestorePlanner::plan, lease::narrow)
                    .run();
        }
        print(System.out, s, connections);
        return 0;
    }

    private static Duration duration(String option, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new PitrException(ErrorCode.USAGE, option + " " + e.getMessage(), "e.g. " + option + " 30s");
        }
    }

    private Set<String> tables() {
        Set<String> out = new LinkedHashSet<>();
        for (String t : tables) {
            if (t.indexOf('.') <= 0 || t.endsWith(".")) {
                throw new PitrException(
                        ErrorCode.USAGE, "--tables '" + t + "' is not db.table", "name each table as db.table");
            }
            out.add(t);
        }
        return out;
    }

    private Map<String, String> renames() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String r : renames) {
            int eq = r.indexOf('=');
            if (eq <= 0 || eq == r.length() - 1) {
                throw new PitrException(
                        ErrorCode.USAGE,
                        "--rename-db '" + r + "' is not OLD=NEW",
                        "e.g. --rename-db shop=shop_restored");
            }
            String from = r.substring(0, eq);
            String to = r.substring(eq + 1);
            String before = out.put(from, to);
            if (before != null && !before.equals(to)) {
                throw new PitrException(
                        ErrorCode.USAGE,
                        "--rename-db renames " + from + " twice: to " + before + " and to " + to,
                        "give one --rename-db per database");
            }
            for (Map.Entry<String, String> other : out.entrySet()) {
                if (!other.getKey().equals(from) && other.getValue().equals(to)) {
                    throw new PitrException(
                            ErrorCode.USAGE,
                            "--rename-db renames both " + other.getKey() + " and " + from + " to " + to,
                            "each database needs a target database of its own");
                }
            }
        }
        return out;
    }

    private static void print(PrintStream out, RestoreJob.Summary s, TargetConnections target) {
        out.printf("restore       %s%n", s.alreadyDone() ? "already complete (nothing done)" : "complete");
        out.printf(
                "proof         %s%n",
                s.proof().map(ReplayProof::describe).orElse("given by the run that completed it"));
        out.printf("target        %s, databases %s%n", target.address(), String.join(", ", s.databases()));
        out.printf("point         %s%n", s.plan().pointTime());
        out.printf(
                "snapshot      %s (GTID set %s)%n",
                s.plan().snapshot().id(), s.plan().startAfter().abbreviated());
        s.load()
                .ifPresent(l -> out.printf(
                        "load          %d rows in %d tables in %.1f s (%.0f rows/s)%n",
                        l.rows(), l.tables(), s.loadTime().toMillis() / 1000.0, l.rowsPerSecond()));
        s.load().ifPresent(l -> out.printf("load method   %s (chunks)%n", l.methods()));
        s.load()
                .filter(l -> l.skippedChunks() > 0)
                .ifPresent(l -> out.printf(
                        "load resumed  %d of %d chunks were loaded before the interruption and skipped%n",
                        l.skippedChunks(), l.chunks()));
        out.printf(
                "replay        %d transactions (%d row events) in %.1f s%s%n",
                s.replay().transactions(),
                s.replay().events(),
                s.replayTime().toMillis() / 1000.0,
                s.replay().skipped() > 0 ? ", " + s.replay().skipped() + " already applied before" : "");
        if (s.plan().lastIncluded() != null) {
            out.printf("last applied  %s%n", s.plan().lastIncluded());
        }
        GtidSet all = s.plan().startAfter().copy();
        all.addAll(s.plan().replay());
        out.printf(
                "GTIDs         %s%n",
                s.preservedGtids()
                        ? "preserved: the target's gtid_executed holds " + all.abbreviated()
                        : "new (databases chosen or renamed): the source's GTIDs are not recorded");
        if (!s.disabledEvents().isEmpty()) {
            out.printf(
                    "events        %d left disabled on the target, as on a replica (they must not write during or"
                            + " after the restore on their own): %s; enable each when the target takes over:"
                            + " ALTER EVENT db.name ENABLE%n",
                    s.disabledEvents().size(), String.join(", ", s.disabledEvents()));
        }
    }
}
