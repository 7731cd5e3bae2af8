package io.binlogpitr.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.binlogpitr.agent.AlertCheck;
import io.binlogpitr.agent.StatusReport;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pitr-agent status}: the journal's GTID set, time range, size and lag behind the source. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show what the journal holds and how far behind the source it is.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--json", description = "print JSON for scripts")
    boolean json;

    @Override
    public Integer call() throws Exception {
        StatusReport r = StatusReport.collect(options.read(), Instant.now());
        PrintStream out = System.out;
        if (json) {
            ObjectMapper mapper = new ObjectMapper()
                    .registerModule(new Jdk8Module())
                    .registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(r));
            return r.exitCode();
        }
        out.printf("repository    %s%n", r.repository());
        out.printf("source        %s%n", r.source());
        out.printf(
                "journal       %d transactions, %s of events, %s on disk%n",
                r.transactions(), bytes(r.payloadBytes()), bytes(r.diskBytes()));
        out.printf("GTID set      %s%n", r.journalGtidSet().isEmpty() ? "(empty)" : r.journalGtidSet());
        out.printf("starts after  %s%n", r.baseGtidSet().isEmpty() ? "(nothing)" : r.baseGtidSet());
        out.printf("first commit  %s%n", text(r.firstCommit()));
        out.printf("last commit   %s%n", text(r.lastCommit()));
        if (r.sourceError().isPresent()) {
            out.printf("lag           unknown: %s%n", r.sourceError().get());
        } else {
            out.printf(
                    "lag           %d transactions behind the source (%.1f s)%n",
                    r.transactionsBehind().orElse(0L), r.lagSeconds().orElse(0.0));
        }
        out.printf("holes         %s%n", r.holes().isEmpty() ? "none" : r.holes());
        out.printf("duplicates    %s%n", r.duplicates().isEmpty() ? "none" : r.duplicates());
        if (r.snapshots().isEmpty()) {
            out.printf("snapshots     none yet%n");
        } else {
            out.printf(
                    "snapshots     %d; newest %.0f s old%n",
                    r.snapshots().size(), r.newestSnapshotAgeSeconds().orElse(0.0));
            for (StatusReport.Snapshot s : r.snapshots()) {
                out.printf(
                        "  %-22s %s  %d rows, %s, writes blocked %d ms, GTID set %s%s%n",
                        s.id(),
                        s.startedAt(),
                        s.rows(),
                        bytes(s.bytes()),
                        s.writesBlockedMillis(),
                        io.binlogpitr.common.gtid.GtidSet.parse(s.gtidSet()).abbreviated(),
                        s.connected() ? "" : "  (older than the journal: not a base for restores)");
            }
        }
        for (String problem : r.problems()) {
            out.printf("PROBLEM       %s%n", problem);
        }
        for (String incident : r.incidents()) {
            out.printf(
                    "INCIDENT      %s: the source may have lost changes; restores across it are refused%n", incident);
        }
        if (r.alerts().isEmpty()) {
            out.printf("alerts        none%n");
        }
        for (AlertCheck.Breach b : r.alerts()) {
            out.printf("ALERT         %s%n", b.message());
        }
        return r.exitCode();
    }

    private static String text(Optional<Instant> t) {
        return t.map(Instant::toString).orElse("-");
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
