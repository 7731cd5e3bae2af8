package io.binlogpitr.agent;

import io.binlogpitr.agent.config.AgentConfig;
import io.binlogpitr.agent.source.SourceConnections;
import io.binlogpitr.agent.source.SourcePreflight;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalScanner;
import io.binlogpitr.common.journal.JournalSummary;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code pitr-agent status} shows: the journal as it is on disk, and, when the source answers, how far
 * behind it the journal is. Reads only; safe while the agent runs.
 */
public record StatusReport(
        String repository,
        String source,
        String journalGtidSet,
        String baseGtidSet,
        long transactions,
        long payloadBytes,
        long diskBytes,
        Optional<Instant> firstCommit,
        Optional<Instant> lastCommit,
        Optional<Long> transactionsBehind,
        Optional<Double> lagSeconds,
        Optional<String> sourceError,
        String holes,
        String duplicates,
        List<Snapshot> snapshots,
        Optional<Double> newestSnapshotAgeSeconds,
        List<String> problems,
        List<String> incidents,
        List<AlertCheck.Breach> alerts) {

    /**
     * A snapshot as status shows it.
     *
     * @param connected true when the journal starts at or before the snapshot (its base is within the snapshot's
     *     set), so the journal can carry a restore from this snapshot forward without a gap
     */
    public record Snapshot(
            String id,
            Instant startedAt,
            String gtidSet,
            long rows,
            long bytes,
            long writesBlockedMillis,
            boolean connected) {}

    /** True when the journal has no damaged record, no hole and no duplicate. */
    public boolean healthy() {
        return problems.isEmpty() && holes.isEmpty() && duplicates.isEmpty();
    }

    /**
     * The exit code of {@code pitr-agent status}: 1 when the journal is not {@link #healthy()} or a threshold of
     * {@code alerts:} is exceeded, so a monitoring check can use it.
     */
    public int exitCode() {
        return healthy() && alerts.isEmpty() ? 0 : 1;
    }

    public static StatusReport collect(AgentConfig config, Instant now) {
        RepositoryLayout layout = RepositoryLayout.openExisting(config.repository());
        JournalSummary summary = JournalScanner.scan(layout.journal());
        GtidSet journaled = summary.covered();
        Optional<Long> behind = Optional.empty();
        Optional<Double> lagSeconds = Optional.empty();
        Optional<String> sourceError = Optional.empty();
        try {
            GtidSet executed = sourceGtidExecuted(config);
            long missing = executed.subtract(journaled).size();
            behind = Optional.of(missing);
            lagSeconds = Optional.of(
                    missing == 0
                            ? 0.0
                            : summary.lastCommit()
                                    .map(t -> Duration.between(t, now).toMillis() / 1000.0)
                                    .orElse(-1.0));
        } catch (PitrException e) {
            sourceError = Optional.of(e.getMessage());
        }
        List<Snapshot> snapshots = new ArrayList<>();
        List<String> problems = new ArrayList<>(summary.problems());
        try {
            for (SnapshotCatalog.Entry e : SnapshotCatalog.list(layout)) {
                if (!e.readable()) {
                    problems.add("snapshot " + e.id() + " is not usable: " + e.problem());
                    continue;
                }
                SnapshotManifest m = e.manifest();
                GtidSet set = GtidSet.parse(m.gtidSet());
                snapshots.add(new Snapshot(
                        m.id(),
                        Instant.parse(m.startedAt()),
                        set.toString(),
                        m.totals().rows(),
                        m.totals().bytes(),
                        m.consistency().writesBlockedMillis(),
                        set.containsAll(summary.base())));
            }
        } catch (IOException e) {
            problems.add("cannot list snapshots: " + e.getMessage());
        }
        Optional<Double> age = snapshots.isEmpty()
                ? Optional.empty()
                : Optional.of(
                        Duration.between(snapshots.get(snapshots.size() - 1).startedAt(), now)
                                        .toMillis()
                                / 1000.0);
        List<AlertCheck.Breach> alerts = AlertCheck.check(config.alerts(), lagSeconds.filter(l -> l >= 0), age);
        return new StatusReport(
                layout.root().toString(),
                config.source().address(),
                summary.journaled().toString(),
                summary.base().toString(),
                summary.transactions(),
                summary.payloadBytes(),
                summary.diskBytes(),
                summary.firstCommit(),
                summary.lastCommit(),
                behind,
                lagSeconds,
                sourceError,
                summary.holes().toString(),
                summary.duplicates().toString(),
                snapshots,
                age,
                problems,
                summary.incidents(),
                alerts);
    }

    private static GtidSet sourceGtidExecuted(AgentConfig config) {
        return SourcePreflight.gtidExecuted(SourceConnections.of(config.source()));
    }
}
