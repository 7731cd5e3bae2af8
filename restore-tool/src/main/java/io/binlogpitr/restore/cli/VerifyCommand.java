package io.binlogpitr.restore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalScanner;
import io.binlogpitr.common.journal.JournalSummary;
import io.binlogpitr.common.repository.LeaseClaim;
import io.binlogpitr.common.repository.ReaderLease;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import io.binlogpitr.common.snapshot.SnapshotVerifier;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pitr-restore verify}: walks the whole journal, checks every entry's checksum, and reports holes in the
 * GTID sequence of each server UUID and duplicated transactions; then reads every snapshot's chunks back against
 * its manifest. Exit 1 on any finding.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Check the integrity of a repository: the journal and every snapshot.")
final class VerifyCommand implements Callable<Integer> {
    @Option(names = "--repo", required = true, paramLabel = "DIR", description = "the repository directory")
    Path repo;

    @Option(names = "--json", description = "print JSON for scripts")
    boolean json;

    @Option(
            names = "--journal-only",
            description = "check the journal only, not the snapshots (reading every snapshot takes as long as reading"
                    + " the data from disk)")
    boolean journalOnly;

    @Option(names = "--verbose", description = "print stack traces with errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        RepositoryLayout layout = RepositoryLayout.openExisting(repo);
        try (ReaderLease lease = ReaderLease.take(layout, LeaseClaim.everything("pitr-restore verify"))) {
            return verify(layout);
        }
    }

    private int verify(RepositoryLayout layout) throws Exception {
        JournalSummary s = JournalScanner.scan(layout.journal());
        GtidSet holes = s.holes();
        List<String> findings = new ArrayList<>(s.problems());
        for (String source : holes.sourceKeys()) {
            for (GtidSet.Interval i : holes.intervals(source)) {
                findings.add("GTID hole: " + source + ":" + i.start() + (i.end() == i.start() ? "" : "-" + i.end())
                        + " is missing from the journal");
            }
        }
        if (!s.duplicates().isEmpty()) {
            findings.add("duplicated transactions: " + s.duplicates());
        }
        List<SnapshotVerifier.Result> snapshots = new ArrayList<>();
        if (!journalOnly) {
            for (SnapshotCatalog.Entry e : SnapshotCatalog.list(layout)) {
                SnapshotVerifier.Result r = SnapshotVerifier.verify(e);
                snapshots.add(r);
                findings.addAll(r.findings());
            }
        }
        PrintStream out = System.out;
        if (json) {
            ObjectNode node = new ObjectMapper().createObjectNode();
            node.put("repository", layout.root().toString());
            node.put("transactions", s.transactions());
            node.put("payloadBytes", s.payloadBytes());
            node.put("gtidSet", s.journaled().toString());
            node.put("base", s.base().toString());
            node.putPOJO(
                    "snapshots",
                    snapshots.stream()
                            .map(r -> java.util.Map.of(
                                    "id",
                                    r.id(),
                                    "chunks",
                                    r.chunks(),
                                    "rows",
                                    r.rows(),
                                    "bytes",
                                    r.bytes(),
                                    "ok",
                                    r.ok()))
                            .toList());
            node.put("ok", findings.isEmpty());
            node.putPOJO("findings", findings);
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } else {
            out.printf(
                    "verified %d transactions (%d bytes of events) in %s%n",
                    s.transactions(), s.payloadBytes(), layout.journal());
            out.printf("GTID set: %s%n", s.journaled().isEmpty() ? "(empty)" : s.journaled());
            for (SnapshotVerifier.Result r : snapshots) {
                out.printf(
                        "verified snapshot %s: %d chunks, %d rows, %d bytes%s%n",
                        r.id(), r.chunks(), r.rows(), r.bytes(), r.ok() ? "" : " (DAMAGED)");
            }
            for (String f : findings) {
                out.println("FAIL: " + f);
            }
            out.println(
                    findings.isEmpty()
                            ? "OK: every checksum is valid, no hole, no duplicate"
                                    + (journalOnly ? " (snapshots not checked)" : "")
                            : findings.size() + " problem(s) found");
        }
        return findings.isEmpty() ? 0 : 1;
    }
}
