package io.binlogpitr.agent;

import io.binlogpitr.agent.source.SourceConnections;
import io.binlogpitr.agent.source.SourcePreflight;
import io.binlogpitr.common.config.AgentConfig;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalScanner;
import io.binlogpitr.common.journal.JournalSummary;
import io.binlogpitr.common.repository.RepositoryLayout;
import java.time.Duration;
import java.time.Instant;
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
        List<String> problems) {

    /** True when the journal has no damaged record, no hole and no duplicate. */
    public boolean healthy() {
        return problems.isEmpty() && holes.isEmpty() && duplicates.isEmpty();
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
                summary.problems());
    }

    private static GtidSet sourceGtidExecuted(AgentConfig config) {
        return SourcePreflight.gtidExecuted(SourceConnections.of(config.source()));
    }
}
