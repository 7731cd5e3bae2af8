package io.binlogpitr.agent;

import io.binlogpitr.agent.stream.StreamStats;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.DurableMark;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code GET /status} of a running agent answers: the daemon's own view, from memory (no source query, no
 * journal scan), so it is cheap to poll. {@code pitr-agent status} is the offline counterpart ({@link StatusReport}).
 *
 * @param state {@code starting}, {@code streaming} or {@code stopped}
 * @param lagSeconds see {@link #lagSeconds(StreamStats, LagRecorder)}; empty before anything is known
 * @param latestRestorableTime the last durable commit, when a snapshot the journal carries forward exists
 * @param errors errors the agent survived since its start, by code
 */
public record LiveStatus(
        String state,
        Instant startedAt,
        String source,
        boolean connected,
        Optional<Double> lagSeconds,
        Journal journal,
        Stream stream,
        JournalSync journalSync,
        Snapshots snapshots,
        Optional<Instant> latestRestorableTime,
        Retention retention,
        Map<String, Long> errors,
        Alerts alerts) {

    /**
     * The journal as of its last sync.
     *
     * @param lastGtid the last durable transaction
     * @param lastCommit its original commit time (source clock)
     * @param transactions durable transactions in the journal, those found at start included
     * @param lastBinlogPosition {@code file:position} after the last transaction received (appended, maybe not yet
     *     durable)
     */
    public record Journal(
            Optional<String> lastGtid,
            Optional<Instant> lastCommit,
            long transactions,
            Optional<String> lastBinlogPosition) {}

    /**
     * The replication stream since the agent started. Rates are over the last minute.
     *
     * @param events binlog events received, heartbeats excluded
     * @param bytes their bytes
     * @param transactions transactions appended to the journal
     */
    public record Stream(
            double eventsPerSecond,
            double bytesPerSecond,
            long events,
            long bytes,
            long transactions,
            long heartbeats,
            long reconnects,
            long duplicatesSkipped,
            long incidents) {}

    /** The journal's fdatasync calls since the start; times in milliseconds, -1 before the first. */
    public record JournalSync(long syncs, double lastMillis, double meanMillis, double maxMillis) {}

    /**
     * Snapshots in the repository (whoever took them) and what this process did.
     *
     * @param count usable snapshots in the repository
     * @param newestStartedAt when the newest began
     * @param newestAgeSeconds its age
     * @param taken snapshots this process completed
     * @param failures scheduled snapshots that failed
     * @param lastDurationSeconds how long the last one this process took lasted
     */
    public record Snapshots(
            int count,
            Optional<Instant> newestStartedAt,
            Optional<Double> newestAgeSeconds,
            long taken,
            long failures,
            Optional<Double> lastDurationSeconds,
            boolean inProgress,
            Optional<String> lastError) {}

    /** What retention deleted since the start. */
    public record Retention(
            long runs,
            Optional<Instant> lastRunAt,
            long snapshotsDeleted,
            long journalFilesDeleted,
            long journalBytesDeleted,
            long journalTransactionsDeleted,
            long heldBackForReaders,
            Optional<String> lastHeldBack,
            long snapshotsFailedVerification) {}

    /**
     * The thresholds and which are exceeded now.
     *
     * @param maxLagSeconds {@code alerts.maxLag}, 0 when disabled
     * @param maxSnapshotAgeSeconds {@code alerts.maxSnapshotAge}, 0 when disabled
     * @param ok true when nothing is breached
     */
    public record Alerts(
            double maxLagSeconds, double maxSnapshotAgeSeconds, boolean ok, List<AlertCheck.Breach> breaches) {}

    public static LiveStatus collect(AgentDaemon daemon, Instant now, double eventsPerSecond, double bytesPerSecond) {
        StreamStats s = daemon.stats();
        LagRecorder lag = daemon.lag();
        Optional<DurableMark> durable = daemon.durable();
        Optional<Instant> lastCommit = durable.filter(d -> d.lastOriginalCommitMicros() > 0)
                .map(d -> Instant.EPOCH.plusNanos(d.lastOriginalCommitMicros() * 1000));
        Journal journal = new Journal(
                durable.map(DurableMark::lastGtid).map(Object::toString),
                lastCommit,
                durable.map(DurableMark::transactions).orElse(0L),
                Optional.ofNullable(s.lastBinlogPosition()));
        Stream stream = new Stream(
                round(eventsPerSecond),
                round(bytesPerSecond),
                s.events(),
                s.eventBytes(),
                s.transactions(),
                s.heartbeats(),
                s.reconnects(),
                s.duplicatesSkipped(),
                s.incidents());
        long syncs = lag.syncs();
        JournalSync sync = new JournalSync(
                syncs,
                lag.lastSyncNanos() < 0 ? -1 : millis(lag.lastSyncNanos()),
                syncs == 0 ? -1 : millis(lag.syncNanos() / syncs),
                syncs == 0 ? -1 : millis(lag.maxSyncNanos()));

        List<SnapshotManifest> manifests = List.of();
        Optional<String> snapshotError = Optional.empty();
        Optional<SnapshotService> service = daemon.snapshots();
        if (service.isPresent()) {
            try {
                manifests = service.get().manifests();
            } catch (IOException e) {
                snapshotError = Optional.of("cannot list snapshots: " + e.getMessage());
            }
            if (snapshotError.isEmpty()) {
                snapshotError = service.get().lastError();
            }
        }
        Optional<Instant> newest = manifests.isEmpty()
                ? Optional.empty()
                : Optional.of(Instant.parse(manifests.get(manifests.size() - 1).startedAt()));
        Optional<Double> age = newest.map(t -> Duration.between(t, now).toMillis() / 1000.0);
        SnapshotStats ss = daemon.snapshotStats();
        Snapshots snapshots = new Snapshots(
                manifests.size(),
                newest,
                age,
                ss.taken(),
                ss.failures(),
                ss.lastDurationNanos() < 0 ? Optional.empty() : Optional.of(round(ss.lastDurationNanos() / 1e9)),
                service.map(SnapshotService::inProgress).orElse(false),
                snapshotError);
        Retention retention = new Retention(
                ss.retentionRuns(),
                ss.lastRetentionAt(),
                ss.snapshotsDeleted(),
                ss.journalFilesDeleted(),
                ss.journalBytesDeleted(),
                ss.journalTransactionsDeleted(),
                ss.heldBack(),
                ss.lastHeldBack(),
                ss.unverified());

        Optional<Double> lagSeconds = daemon.phase() == AgentDaemon.Phase.STREAMING
                ? Optional.of(round(lagSeconds(s, lag)))
                : Optional.empty();
        List<AlertCheck.Breach> breaches = daemon.phase() == AgentDaemon.Phase.STREAMING
                ? AlertCheck.check(daemon.config().alerts(), lagSeconds, age)
                : List.of();
        Alerts alerts = new Alerts(
                AlertCheck.seconds(daemon.config().alerts().maxLag()),
                AlertCheck.seconds(daemon.config().alerts().maxSnapshotAge()),
                breaches.isEmpty(),
                breaches);
        Map<String, Long> errors = new LinkedHashMap<>();
        daemon.errors().nonZero().forEach((code, n) -> errors.put(code.name(), n));
        return new LiveStatus(
                daemon.phase().name().toLowerCase(java.util.Locale.ROOT),
                daemon.startedAt(),
                daemon.config().source().address(),
                s.connected(),
                lagSeconds,
                journal,
                stream,
                sync,
                snapshots,
                restorable(manifests, daemon.journalBase(), lastCommit),
                retention,
                errors,
                alerts);
    }

    /**
     * The lag in seconds while streaming: connected, that of the last transaction made durable (its sync time
     * minus its commit on the source; 0 before the first); not connected, at least the time since the connection
     * was lost, because every commit on the source since then is missing from the journal.
     */
    static double lagSeconds(StreamStats s, LagRecorder lag) {
        double last = Math.max(0, lag.lastLagMicros()) / 1e6;
        return s.connected() ? last : Math.max(last, s.nanosDisconnected() / 1e9);
    }

    /** The last durable commit, if some snapshot is a base the journal carries forward (it holds the journal's base). */
    static Optional<Instant> restorable(
            List<SnapshotManifest> manifests, Optional<GtidSet> base, Optional<Instant> lastCommit) {
        if (base.isEmpty() || lastCommit.isEmpty()) {
            return Optional.empty();
        }
        boolean connected =
                manifests.stream().anyMatch(m -> GtidSet.parse(m.gtidSet()).containsAll(base.get()));
        return connected ? lastCommit : Optional.empty();
    }

    private static double millis(long nanos) {
        return round(nanos / 1e6);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
