package io.binlogpitr.restore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import io.binlogpitr.restore.plan.RestoreWindow;
import io.binlogpitr.restore.plan.SnapshotPosition;
import io.binlogpitr.restore.plan.Timeline;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pitr-restore list}: every snapshot, what the journal covers, and the restorable window (from the oldest
 * snapshot a restore can start from to the last journaled transaction). Reads the journal's transaction headers
 * once. Exit 0, also when nothing is restorable yet; 2 when {@code --repo} is not a repository.
 */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the snapshots, the journal's coverage and the restorable window.")
final class ListCommand implements Callable<Integer> {
    @Option(names = "--repo", required = true, paramLabel = "DIR", description = "the repository directory")
    Path repo;

    @Option(names = "--json", description = "print JSON for scripts")
    boolean json;

    @Option(names = "--verbose", description = "print stack traces with errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        RepositoryLayout layout = RepositoryLayout.openExisting(repo);
        Timeline t = Timeline.read(layout, null);
        PrintStream out = System.out;
        if (json) {
            out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(json(layout, t)));
        } else {
            text(out, layout, t);
        }
        return 0;
    }

    private static void text(PrintStream out, RepositoryLayout layout, Timeline t) {
        out.printf("repository    %s%n", layout.root());
        out.printf("journal       %d transactions%n", t.transactions());
        out.printf(
                "starts after  %s%n",
                t.base().isEmpty() ? "(nothing)" : t.base().abbreviated());
        out.printf(
                "GTID set      %s%n",
                t.journaled().isEmpty() ? "(empty)" : t.journaled().abbreviated());
        out.printf("first commit  %s%n", t.firstCommit().map(Instant::toString).orElse("-"));
        out.printf(
                "last commit   %s%n",
                t.lastCommit().map(c -> c + " (" + t.lastGtid() + ")").orElse("-"));
        if (t.snapshots().isEmpty()) {
            out.printf("snapshots     none yet%n");
        } else {
            long usable =
                    t.snapshots().stream().filter(SnapshotPosition::restoreBase).count();
            out.printf(
                    "snapshots     %d; %d usable as a restore base%n",
                    t.snapshots().size(), usable);
            int idWidth =
                    t.snapshots().stream().mapToInt(s -> s.id().length()).max().orElse(0);
            int stateWidth = t.snapshots().stream()
                    .filter(s -> s.entry().readable())
                    .mapToInt(s -> state(s).length())
                    .max()
                    .orElse(0);
            for (SnapshotPosition s : t.snapshots()) {
                out.println("  " + pad(s.id(), idWidth) + "  " + snapshotLine(s, stateWidth));
            }
        }
        RestoreWindow w = t.window();
        if (w == null) {
            out.printf("restorable    nothing yet: no snapshot can start a restore; take one with"
                    + " 'pitr-agent snapshot --config agent.yml'%n");
        } else {
            out.printf(
                    "restorable    from %s (snapshot %s, after %s)%n",
                    w.earliestTime(), w.earliest().id(), w.earliestSet().abbreviated());
            out.printf(
                    "              to   %s (%s)%n",
                    w.latestTime(),
                    w.latestGtid() == null
                            ? "snapshot " + w.newest().id() + "; the journal holds no transaction yet"
                            : w.latestGtid());
        }
        for (Timeline.Incident i : t.incidents()) {
            out.printf(
                    "INCIDENT      %s: the source may have lost changes; restores, sql and flashback across it are"
                            + " refused%n",
                    i.describe());
        }
    }

    private static String snapshotLine(SnapshotPosition s, int stateWidth) {
        if (!s.entry().readable()) {
            return "DAMAGED: " + s.problem();
        }
        SnapshotManifest m = s.entry().manifest();
        String head = String.format(
                "%-24s .. %-24s  %10d rows  %10s  ",
                m.startedAt(),
                m.finishedAt(),
                m.totals().rows(),
                bytes(m.totals().bytes()));
        String set = "GTID set " + (s.set() == null ? m.gtidSet() : s.set().abbreviated());
        return head + pad(state(s), stateWidth) + "  " + set;
    }

    /** Why a snapshot can or cannot start a restore, in a few words. */
    private static String state(SnapshotPosition s) {
        if (s.problem() != null) {
            return "DAMAGED: " + s.problem();
        }
        if (!s.holdsBase()) {
            return "not usable: older than the journal's start";
        }
        if (!s.aheadOfJournal().isEmpty()) {
            return "not usable: ahead of the journal (" + s.aheadOfJournal().size() + " transactions not journaled)";
        }
        return "usable";
    }

    private static ObjectNode json(RepositoryLayout layout, Timeline t) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("repository", layout.root().toString());
        ObjectNode journal = root.putObject("journal");
        journal.put("base", t.base().toString());
        journal.put("gtidSet", t.journaled().toString());
        journal.put("transactions", t.transactions());
        journal.put("firstCommit", text(t.firstCommit()));
        journal.put("lastCommit", text(t.lastCommit()));
        journal.put("lastGtid", t.lastGtid() == null ? null : t.lastGtid().toString());
        var incidents = journal.putArray("incidents");
        for (Timeline.Incident i : t.incidents()) {
            ObjectNode n = incidents.addObject();
            n.put("gtid", i.at().gtid().toString());
            n.put("binlogFile", i.at().binlogFile());
            n.put("position", i.at().startPosition());
            n.put(
                    "committedAt",
                    Instant.EPOCH
                            .plusNanos(i.at().originalCommitMicros() * 1000)
                            .toString());
            n.put("incident", i.incident().name());
            n.put("message", i.incident().message());
        }
        ArrayNode snapshots = root.putArray("snapshots");
        for (SnapshotPosition s : t.snapshots()) {
            ObjectNode n = snapshots.addObject();
            SnapshotManifest m = s.entry().manifest();
            n.put("id", s.id());
            n.put("startedAt", m == null ? null : m.startedAt());
            n.put("finishedAt", m == null ? null : m.finishedAt());
            n.put("gtidSet", m == null ? null : m.gtidSet());
            if (m == null) {
                n.putNull("rows");
                n.putNull("bytes");
            } else {
                n.put("rows", m.totals().rows());
                n.put("bytes", m.totals().bytes());
            }
            n.put("usable", s.restoreBase());
            n.put("state", s.restoreBase() ? "usable" : state(s));
            n.put("damaged", s.problem() != null);
            n.put("problem", s.problem());
        }
        RestoreWindow w = t.window();
        if (w == null) {
            root.putNull("restorable");
        } else {
            ObjectNode window = root.putObject("restorable");
            ObjectNode earliest = window.putObject("earliest");
            earliest.put("time", w.earliestTime().toString());
            earliest.put("snapshot", w.earliest().id());
            earliest.put("gtidSet", w.earliestSet().toString());
            ObjectNode latest = window.putObject("latest");
            latest.put("time", w.latestTime().toString());
            latest.put("gtid", w.latestGtid() == null ? null : w.latestGtid().toString());
        }
        return root;
    }

    private static String text(Optional<Instant> t) {
        return t.map(Instant::toString).orElse(null);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %s", v, units[u]);
    }
}
