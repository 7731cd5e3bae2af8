package io.binlogpitr.agent;

import io.binlogpitr.agent.config.AgentConfig;
import io.binlogpitr.agent.schema.SchemaBaselineTaker;
import io.binlogpitr.agent.source.SourceConnections;
import io.binlogpitr.agent.source.SourceInfo;
import io.binlogpitr.agent.source.SourcePreflight;
import io.binlogpitr.agent.stream.BinlogStreamer;
import io.binlogpitr.agent.stream.JournalSink;
import io.binlogpitr.agent.stream.StreamSettings;
import io.binlogpitr.agent.stream.StreamStats;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.ErrorCounts;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.DurableMark;
import io.binlogpitr.common.journal.JournalRetention;
import io.binlogpitr.common.journal.JournalSettings;
import io.binlogpitr.common.journal.JournalWriter;
import io.binlogpitr.common.journal.RetentionCrashPoint;
import io.binlogpitr.common.journal.RetentionResult;
import io.binlogpitr.common.journal.SyncPolicy;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.repository.RepositoryLock;
import io.binlogpitr.common.schema.DerivedBaselineWriter;
import io.binlogpitr.common.schema.SchemaBaseline;
import io.binlogpitr.common.schema.SchemaBaselineStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pitr-agent run}: pre-flight, repository and lock, journal, then streaming until stopped. The order
 * matters: nothing in the repository is created or touched before the source passed its checks.
 */
public final class AgentDaemon {
    private static final Logger LOG = LoggerFactory.getLogger(AgentDaemon.class);
    private static final Duration PROGRESS_INTERVAL = Duration.ofMinutes(1);
    /** How long a starting agent waits for {@code pitr-agent snapshot} to finish pruning the journal. */
    private static final Duration SNAPSHOT_PRUNE_WAIT = Duration.ofMinutes(5);

    /** Where the daemon is in its life, as {@code /status} shows it. */
    public enum Phase {
        /** Checking the source, opening the repository and the journal. */
        STARTING,
        /** The journal is open; streaming (connected or reconnecting). */
        STREAMING,
        /** Stopping or stopped. */
        STOPPED
    }

    private final AgentConfig config;
    private final InstantSource journalClock;
    private final RetentionCrashPoint retentionCrashPoint;
    private final Instant startedAt = Instant.now();
    private final ErrorCounts errors = new ErrorCounts();
    private final StreamStats stats = new StreamStats(errors);
    private final SnapshotStats snapshotStats = new SnapshotStats(errors);
    private final LagRecorder lag;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile BinlogStreamer streamer;
    private volatile SnapshotService snapshots;
    private volatile JournalWriter journal;
    private volatile Phase phase = Phase.STARTING;
    private volatile boolean stopRequested;

    public AgentDaemon(AgentConfig config) {
        this(config, LagRecorder.latestOnly(), InstantSource.system(), RetentionCrashPoint.NONE);
    }

    /** With a lag recorder of the caller's (the ingest benchmark passes one that keeps samples for percentiles). */
    public AgentDaemon(AgentConfig config, LagRecorder lag) {
        this(config, lag, InstantSource.system(), RetentionCrashPoint.NONE);
    }

    /**
     * A daemon whose journal takes its hourly cycle from {@code journalClock}, and whose journal retention reports
     * its steps to {@code retentionCrashPoint}: a test run in-process chooses the cycle files and simulates crashes
     * with them; {@link #AgentDaemon(AgentConfig)} passes the wall clock and {@link RetentionCrashPoint#NONE}.
     */
    public AgentDaemon(AgentConfig config, InstantSource journalClock, RetentionCrashPoint retentionCrashPoint) {
        this(config, LagRecorder.latestOnly(), journalClock, retentionCrashPoint);
    }

    private AgentDaemon(
            AgentConfig config, LagRecorder lag, InstantSource journalClock, RetentionCrashPoint retentionCrashPoint) {
        this.config = config;
        this.lag = java.util.Objects.requireNonNull(lag, "lag");
        this.journalClock = java.util.Objects.requireNonNull(journalClock, "journalClock");
        this.retentionCrashPoint = java.util.Objects.requireNonNull(retentionCrashPoint, "retentionCrashPoint");
    }

    public AgentConfig config() {
        return config;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Phase phase() {
        return phase;
    }

    public StreamStats stats() {
        return stats;
    }

    public LagRecorder lag() {
        return lag;
    }

    public SnapshotStats snapshotStats() {
        return snapshotStats;
    }

    /** Errors the daemon survived, by code (a retried connection, a failed scheduled snapshot or retention). */
    public ErrorCounts errors() {
        return errors;
    }

    /** The snapshot service, once the journal is open. */
    public Optional<SnapshotService> snapshots() {
        return Optional.ofNullable(snapshots);
    }

    /** What the journal holds on disk as of its last sync, once it is open. */
    public Optional<DurableMark> durable() {
        JournalWriter w = journal;
        return w == null ? Optional.empty() : Optional.of(w.durable());
    }

    /** The set the journal starts after, once it is open. */
    public Optional<GtidSet> journalBase() {
        JournalWriter w = journal;
        return w == null ? Optional.empty() : Optional.of(w.baseGtidSet());
    }

    /** Runs until {@link #stop()} or a fatal error (thrown as {@link PitrException}). */
    public void run() throws InterruptedException {
        try {
            runStreaming();
        } finally {
            phase = Phase.STOPPED;
            journal = null;
            finished.countDown();
        }
    }

    private void runStreaming() throws InterruptedException {
        AgentConfig.Source src = config.source();
        SourceConnections connections = SourceConnections.of(src);
        SourceInfo info = SourcePreflight.check(connections, src.serverId(), src.user());
        LOG.info(
                "source {} is MySQL {} (server_uuid {}, binlog_row_metadata {}, gtid_executed has {} transactions)",
                info.address(),
                info.version(),
                info.serverUuid(),
                info.binlogRowMetadata(),
                info.gtidExecuted().size());
        RepositoryLayout layout = RepositoryLayout.createOrOpen(config.repository());
        try (RepositoryLock lock = acquireLock(layout);
                JournalWriter writer = JournalWriter.open(layout.journal(), journalSettings(), journalClock)) {
            Optional<SchemaBaseline> baseline = SchemaBaselineTaker.take(connections, info.serverUuid());
            startJournal(writer, info, baseline.map(SchemaBaseline::gtids));
            baseline.ifPresent(b -> recordBaseline(layout, b));
            journal = writer;
            JournalSink sink = new JournalSink(writer);
            streamer = new BinlogStreamer(
                    streamSettings(connections.password()),
                    sink,
                    sink::resumeFrom,
                    (journal, message) -> purgedGap(connections, journal, message),
                    () -> ping(connections),
                    stats);
            if (stopRequested) {
                return;
            }
            LOG.info(
                    "journaling into {} (sync {}), resuming after {} transactions",
                    layout.journal(),
                    config.journal().describe(),
                    writer.gtidSet().size());
            Thread progress = startProgressLog(writer);
            SnapshotService snapshots = new SnapshotService(
                    config,
                    connections,
                    layout,
                    Optional.of(covered -> Optional.of(pruneJournal(layout, writer, covered))),
                    snapshotStats);
            this.snapshots = snapshots;
            phase = Phase.STREAMING;
            if (config.snapshots().every().isZero()) {
                LOG.info("snapshots.every is 0: no scheduled snapshots; take them with 'pitr-agent snapshot'");
            }
            Thread schedule = snapshots.startSchedule();
            try {
                streamer.run();
            } finally {
                phase = Phase.STOPPED;
                progress.interrupt();
                snapshots.stop();
                schedule.interrupt();
                schedule.join(Duration.ofSeconds(20).toMillis());
            }
            LOG.info("stopped; journal holds {}", sink.resumeFrom().abbreviated());
        } catch (IOException e) {
            throw new PitrException(ErrorCode.IO, "cannot release the repository lock: " + e.getMessage(), null, e);
        }
    }

    /**
     * The repository lock. {@code pitr-agent snapshot} holds it for a moment when it prunes the journal while no
     * agent runs (see {@link SnapshotService#pruneUnlessAgentRuns}); an agent started just then waits for that
     * instead of refusing to start. Any other holder is refused at once.
     */
    private RepositoryLock acquireLock(RepositoryLayout layout) throws InterruptedException {
        long deadline = System.nanoTime() + SNAPSHOT_PRUNE_WAIT.toNanos();
        boolean told = false;
        while (true) {
            try {
                return RepositoryLock.acquire(layout, "pitr-agent run");
            } catch (PitrException e) {
                boolean pruning = e.code() == ErrorCode.REPOSITORY_LOCKED
                        && e.getMessage().contains(SnapshotService.PRUNING_PURPOSE);
                if (!pruning || System.nanoTime() > deadline || stopRequested) {
                    throw e;
                }
                if (!told) {
                    LOG.info(
                            "repository {} is held by 'pitr-agent snapshot' pruning the journal; waiting for it (up"
                                    + " to {} s)",
                            layout.root(),
                            SNAPSHOT_PRUNE_WAIT.toSeconds());
                    told = true;
                }
                Thread.sleep(200);
            }
        }
    }

    /** One INFO line a minute with the position and the rates, so a healthy agent is not a silent one. */
    private Thread startProgressLog(JournalWriter writer) {
        Thread t = new Thread(
                () -> {
                    long lastEvents = stats.events();
                    long lastBytes = stats.eventBytes();
                    long lastNanos = System.nanoTime();
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            Thread.sleep(PROGRESS_INTERVAL.toMillis());
                            long now = System.nanoTime();
                            double secs = (now - lastNanos) / 1e9;
                            DurableMark durable = writer.durable();
                            LOG.info(
                                    "progress: {} transactions durable, last {} committed at {}; {} events/s, {} KiB/s;"
                                            + " lag {} ms; {} reconnects; {}",
                                    durable.transactions(),
                                    durable.lastGtid(),
                                    durable.lastOriginalCommitMicros() == 0
                                            ? "-"
                                            : java.time.Instant.EPOCH.plusNanos(
                                                    durable.lastOriginalCommitMicros() * 1000),
                                    Math.round((stats.events() - lastEvents) / secs),
                                    Math.round((stats.eventBytes() - lastBytes) / secs / 1024),
                                    lag.lastLagMicros() < 0 ? "-" : lag.lastLagMicros() / 1000,
                                    stats.reconnects(),
                                    stats.connected() ? "connected" : "NOT connected");
                            lastEvents = stats.events();
                            lastBytes = stats.eventBytes();
                            lastNanos = now;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "pitr-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Journal retention with no writer open on the journal (no agent runs on the repository): drops journal files
     * holding only transactions the oldest kept snapshot has, after the schema history as of the journal's new base
     * is written as a derived baseline (their DDL goes with them).
     */
    static RetentionResult pruneJournal(RepositoryLayout layout, GtidSet covered) {
        return JournalRetention.deleteCovered(
                layout.journal(),
                covered,
                newBase -> DerivedBaselineWriter.write(layout, newBase),
                RetentionCrashPoint.NONE);
    }

    /** Journal retention beside this daemon's open writer, which keeps appending. */
    private RetentionResult pruneJournal(RepositoryLayout layout, JournalWriter writer, GtidSet covered) {
        return JournalRetention.deleteCovered(
                writer, covered, newBase -> DerivedBaselineWriter.write(layout, newBase), retentionCrashPoint);
    }

    private static void ping(SourceConnections connections) {
        try (java.sql.Connection c = connections.open()) {
            LOG.debug("source {} answers (connection {})", connections.address(), c);
        } catch (java.sql.SQLException e) {
            throw connections.describe(e);
        }
    }

    /**
     * The schema baseline goes into the repository before streaming starts: a reader takes it at the first
     * transaction after its GTID set. Failing to write it is not fatal (names of a MINIMAL source are then unknown
     * until the next one), so it is logged, not thrown.
     */
    private static void recordBaseline(RepositoryLayout layout, SchemaBaseline b) {
        try {
            LOG.info("schema baseline written to {}", SchemaBaselineStore.write(layout, b));
        } catch (IOException e) {
            LOG.warn("cannot write schema baseline {} into {}: {}", b.id(), layout.root(), e.getMessage());
        }
    }

    /**
     * On an empty journal, records where it starts: after the schema baseline's GTID set when there is one (the
     * baseline then describes the journal's first transaction exactly), else after the pre-flight's; on an
     * existing journal, checks it follows this source.
     */
    private void startJournal(JournalWriter writer, SourceInfo info, Optional<GtidSet> baseline) {
        GtidSet journaled = writer.gtidSet();
        if (journaled.isEmpty() && writer.sourceUuid().isEmpty()) {
            GtidSet base = config.start() == AgentConfig.StartFrom.EARLIEST
                    ? info.gtidPurged()
                    : baseline.orElse(info.gtidExecuted());
            writer.recordBase(base, info.serverUuid());
            LOG.info("new journal for source {} starts after {}", info.serverUuid(), base.abbreviated());
            return;
        }
        GtidSet unknownToSource = journaled.subtract(info.gtidExecuted());
        if (!unknownToSource.isEmpty()) {
            throw new PitrException(
                    ErrorCode.JOURNAL_CONFLICT,
                    "the journal holds transactions the source " + info.address() + " never executed: "
                            + unknownToSource.abbreviated() + "; it is not the server this journal follows",
                    "point source: at the server this repository was made for, or use a new repository");
        }
        GtidSet missing = info.gtidPurged().subtract(journaled);
        if (!missing.isEmpty()) {
            throw purgedGapError(info.address(), missing);
        }
    }

    private PitrException purgedGap(SourceConnections connections, GtidSet journal, String serverMessage) {
        GtidSet missing = SourcePreflight.gtidPurged(connections).subtract(journal);
        if (missing.isEmpty()) {
            return new PitrException(
                    ErrorCode.SOURCE_PURGED_GAP,
                    "source " + connections.address() + " no longer has binlogs the journal needs: " + serverMessage,
                    "start a new repository (a new 'repository:' path) so the journal restarts from a fresh base");
        }
        return purgedGapError(connections.address(), missing);
    }

    private static PitrException purgedGapError(String address, GtidSet missing) {
        return new PitrException(
                ErrorCode.SOURCE_PURGED_GAP,
                "source " + address + " purged binlogs holding " + missing.abbreviated() + " (" + missing.size()
                        + " transactions) that the journal lacks; continuing would leave a gap",
                "keep this repository for restores up to its last transaction and start a new one (a new"
                        + " 'repository:' path) so the journal restarts from a fresh base; raise"
                        + " binlog_expire_logs_seconds on the source so the agent can be down longer");
    }

    private JournalSettings journalSettings() {
        SyncPolicy sync = config.journal().everyTransaction()
                ? SyncPolicy.EVERY_TRANSACTION
                : SyncPolicy.interval(config.journal().interval());
        JournalSettings defaults = JournalSettings.defaults();
        return new JournalSettings(sync, defaults.fragmentBytes(), lag);
    }

    private StreamSettings streamSettings(String password) {
        AgentConfig.Source src = config.source();
        return new StreamSettings(
                src.host(),
                src.port(),
                src.user(),
                password,
                src.serverId(),
                config.reconnect().initial(),
                config.reconnect().max(),
                config.reconnect().heartbeat());
    }

    /** True once {@link #run()} has returned or thrown. */
    public boolean finished() {
        return finished.getCount() == 0;
    }

    /** Asks the daemon to stop and waits up to {@code timeout} for the journal to be synced and closed. */
    public boolean stop(Duration timeout) throws InterruptedException {
        stopRequested = true;
        SnapshotService s0 = snapshots;
        if (s0 != null) {
            s0.stop();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            BinlogStreamer s = streamer;
            if (s != null) {
                s.stop();
            }
        } while (!finished.await(200, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline);
        return finished.getCount() == 0;
    }
}
