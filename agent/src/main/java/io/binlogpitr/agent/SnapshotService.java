package io.binlogpitr.agent;

import io.binlogpitr.agent.config.AgentConfig;
import io.binlogpitr.agent.snapshot.SnapshotSettings;
import io.binlogpitr.agent.snapshot.SnapshotTaker;
import io.binlogpitr.agent.source.SourceConnections;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.ErrorCounts;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.RetentionResult;
import io.binlogpitr.common.repository.AtomicFiles;
import io.binlogpitr.common.repository.LeaseLock;
import io.binlogpitr.common.repository.ReaderLease;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.repository.RepositoryLock;
import io.binlogpitr.common.schema.BaselineRetention;
import io.binlogpitr.common.schema.SchemaBaselineStore;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes snapshots (on demand or on the schedule) and applies retention after each: the {@code snapshots.keep}
 * newest snapshots stay, older ones are deleted, then the journal is pruned of what the oldest kept snapshot
 * already holds (through {@code journalPruner}, given only by the process that owns the journal), then the schema
 * baselines the pruned journal no longer needs ({@link BaselineRetention}).
 */
public final class SnapshotService {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotService.class);
    /** After a failed scheduled snapshot, the next try comes after this long (or {@code every}, if shorter). */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(15);
    /** What the repository lock names while {@code pitr-agent snapshot} prunes the journal. */
    static final String PRUNING_PURPOSE = "pitr-agent snapshot (retention)";
    /** How often the daemon applies retention besides after its own snapshots. */
    static final Duration RETENTION_INTERVAL = Duration.ofMinutes(10);

    private final AgentConfig config;
    private final SourceConnections source;
    private final RepositoryLayout layout;
    /** How long {@link #manifests()} answers from memory before reading the repository again. */
    private static final Duration MANIFESTS_CACHED = Duration.ofSeconds(5);

    private final Optional<Function<GtidSet, Optional<RetentionResult>>> journalPruner;
    private final SnapshotStats stats;
    private volatile SnapshotTaker running;
    private volatile boolean stopped;
    private volatile Instant lastFailure;
    private volatile String lastError;
    private volatile CachedManifests cached;

    private record CachedManifests(long readAtNanos, List<SnapshotManifest> manifests) {}
    /** The anchor and covered set the journal was last pruned for. */
    private volatile String lastPrunedFor;

    private final VerifiedSnapshots verifications;

    public SnapshotService(
            AgentConfig config,
            SourceConnections source,
            RepositoryLayout layout,
            Optional<Function<GtidSet, Optional<RetentionResult>>> journalPruner) {
        this(config, source, layout, journalPruner, new SnapshotStats(new ErrorCounts()));
    }

    public SnapshotService(
            AgentConfig config,
            SourceConnections source,
            RepositoryLayout layout,
            Optional<Function<GtidSet, Optional<RetentionResult>>> journalPruner,
            SnapshotStats stats) {
        this.config = config;
        this.source = source;
        this.layout = layout;
        this.journalPruner = journalPruner;
        this.stats = stats;
        this.verifications = new VerifiedSnapshots(stats);
    }

    public SnapshotStats stats() {
        return stats;
    }

    /**
     * The readable snapshots' manifests, oldest first, as read from the repository at most a few seconds ago (so
     * snapshots taken by {@code pitr-agent snapshot} beside the daemon count too).
     */
    public List<SnapshotManifest> manifests() throws IOException {
        CachedManifests c = cached;
        if (c == null || System.nanoTime() - c.readAtNanos() > MANIFESTS_CACHED.toNanos()) {
            c = new CachedManifests(System.nanoTime(), SnapshotCatalog.manifests(layout));
            cached = c;
        }
        return c.manifests();
    }

    /**
     * The journal pruner for a process that does not own the journal ({@code pitr-agent snapshot}): it prunes only
     * while no agent holds the repository; a running agent prunes at its next retention pass instead.
     */
    public static Function<GtidSet, Optional<RetentionResult>> pruneUnlessAgentRuns(RepositoryLayout layout) {
        return covered -> {
            Optional<RepositoryLock> lock = RepositoryLock.tryAcquire(layout, PRUNING_PURPOSE);
            if (lock.isEmpty()) {
                LOG.info("retention: an agent runs on {}; it prunes the journal itself", layout.root());
                return Optional.empty();
            }
            RetentionResult result;
            try (RepositoryLock held = lock.get()) {
                result = AgentDaemon.pruneJournal(layout, covered);
            } catch (IOException e) {
                LOG.warn("cannot release the repository lock: {}", e.toString());
                return Optional.empty();
            }
            return Optional.of(result);
        };
    }

    /** Takes one snapshot now and applies retention; throws {@link PitrException} if the snapshot fails. */
    public SnapshotManifest takeNow() {
        SnapshotTaker taker = new SnapshotTaker(source, layout, SnapshotSettings.of(config.snapshots()));
        running = taker;
        try {
            if (stopped) {
                taker.cancel();
            }
            long started = System.nanoTime();
            SnapshotManifest manifest = taker.take();
            stats.taken(System.nanoTime() - started);
            cached = null;
            applyRetention();
            return manifest;
        } finally {
            running = null;
        }
    }

    /** Stops the schedule and a snapshot in progress (it fails and leaves nothing behind). */
    public void stop() {
        stopped = true;
        SnapshotTaker t = running;
        if (t != null) {
            t.cancel();
        }
    }

    public boolean inProgress() {
        return running != null;
    }

    public long failures() {
        return stats.failures();
    }

    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /**
     * Keeps the {@code keep} newest verified snapshots and deletes the older ones, then prunes the journal up to
     * the oldest kept snapshot (the anchor). A snapshot counts only once {@link SnapshotVerifier} has read every
     * chunk of it back (once per snapshot and process); a damaged one (unreadable manifest or a chunk that fails
     * its checksum) is never deleted automatically and never counts as kept: an operator must look at it, and the
     * older snapshots stay in its place. What a reader's lease ({@link ReaderLease}) needs is kept, and the pass
     * says so (log, status, {@code pitr_retention_held_back_total}); the next pass after the reader ends deletes it.
     * Once the journal is pruned, the schema baselines older than the one its first kept record is described from
     * go too (leases apply to them as well).
     */
    public void applyRetention() {
        try {
            List<SnapshotCatalog.Entry> entries = SnapshotCatalog.list(layout);
            for (SnapshotCatalog.Entry e : entries) {
                if (!e.readable()) {
                    LOG.warn(
                            "snapshot directory {} is not usable ({}); retention leaves it alone",
                            e.dir(),
                            e.problem());
                }
            }
            int keep = config.snapshots().keep();
            List<SnapshotCatalog.Entry> usable = verifications.withoutDamaged(
                    entries.stream().filter(SnapshotCatalog.Entry::readable).toList(), keep);
            if (usable.isEmpty()) {
                stats.retentionRan(0, Instant.now());
                return;
            }
            int firstKept = Math.max(0, usable.size() - keep);
            int deleted;
            try (LeaseLock.Held held = LeaseLock.hold(layout)) {
                List<ReaderLease.Holder> leases = ReaderLease.live(layout, Clock.systemUTC());
                deleted = deleteExpired(usable.subList(0, firstKept), leases, keep);
                pruneJournal(usable.get(firstKept).manifest(), leases);
            }
            stats.retentionRan(deleted, Instant.now());
        } catch (IOException e) {
            throw new PitrException(
                    ErrorCode.IO,
                    "retention could not delete an old snapshot under " + layout.snapshots() + ": " + e,
                    "check the repository's permissions and disk",
                    e);
        }
    }

    private int deleteExpired(List<SnapshotCatalog.Entry> expired, List<ReaderLease.Holder> leases, int keep)
            throws IOException {
        int deleted = 0;
        for (SnapshotCatalog.Entry old : expired) {
            List<String> readers = leases.stream()
                    .filter(h -> h.claim().needsSnapshot(old.id()))
                    .map(ReaderLease.Holder::describe)
                    .toList();
            if (!readers.isEmpty()) {
                heldBack("kept snapshot " + old.id() + " past snapshots.keep (" + keep + "): read by "
                        + String.join(", ", readers));
                continue;
            }
            SnapshotCatalog.delete(layout, old.id());
            verifications.forget(old.id());
            deleted++;
            cached = null;
            LOG.info(
                    "retention: deleted snapshot {} ({} MiB; keeping the {} newest)",
                    old.id(),
                    old.manifest().totals().bytes() >> 20,
                    keep);
        }
        return deleted;
    }

    /** Prunes the journal of what {@code anchor} holds, less what a reader's lease needs. */
    private void pruneJournal(SnapshotManifest anchor, List<ReaderLease.Holder> leases) {
        if (journalPruner.isEmpty()) {
            return;
        }
        GtidSet covered = GtidSet.parse(anchor.gtidSet());
        List<String> limiting = new ArrayList<>();
        for (ReaderLease.Holder h : leases) {
            GtidSet narrower = covered.intersect(h.claim().journalAfter());
            if (!narrower.equals(covered)) {
                limiting.add(h.describe() + " reads " + h.claim().describe());
                covered = narrower;
            }
        }
        if (!limiting.isEmpty()) {
            String kept =
                    covered.isEmpty() ? "kept the whole journal" : "kept the journal after " + covered.abbreviated();
            heldBack(
                    kept + " instead of pruning it up to snapshot " + anchor.id() + ": " + String.join(", ", limiting));
        }
        // pruning reads every record header of the journal: only worth it when what may go changed
        String key = anchor.id() + " " + covered;
        if (key.equals(lastPrunedFor)) {
            return;
        }
        try {
            Optional<RetentionResult> result = journalPruner.get().apply(covered);
            result.ifPresent(stats::journalPruned);
            lastPrunedFor = key;
            result.ifPresent(r -> pruneBaselines(r.newBase(), leases));
        } catch (PitrException e) {
            // the snapshot itself is fine; the next retention pass tries again
            stats.retentionFailed(e.code());
            LOG.error("retention could not prune the journal: {}", e.render());
        }
    }

    /**
     * Deletes the schema baselines that no reader of the journal, which now starts after {@code journalStart}, can
     * need (see {@link BaselineRetention}): never the one its oldest kept record is described by, nor one a
     * reader's lease may need. A file that cannot be deleted is tried again at the next pass.
     */
    private void pruneBaselines(GtidSet journalStart, List<ReaderLease.Holder> leases) {
        BaselineRetention.Plan plan = BaselineRetention.plan(SchemaBaselineStore.list(layout), journalStart, leases);
        if (!plan.heldBack().isEmpty()) {
            heldBack("kept schema " + (plan.heldBack().size() == 1 ? "baseline " : "baselines ")
                    + String.join(
                            ", ",
                            plan.heldBack().stream().map(b -> b.baseline().id()).toList())
                    + " that the journal no longer needs: read by " + String.join(", ", plan.readers()));
        }
        int deleted = 0;
        for (SchemaBaselineStore.Stored old : plan.deletable()) {
            try {
                Files.delete(old.file());
                deleted++;
                LOG.info(
                        "retention: deleted schema baseline {} (as of {}): the journal starts after {}, described"
                                + " from there by baseline {}",
                        old.baseline().id(),
                        old.baseline().gtids().abbreviated(),
                        journalStart.abbreviated(),
                        plan.foundation().map(f -> f.baseline().id()).orElse("?"));
            } catch (IOException e) {
                LOG.warn("retention could not delete schema baseline {}: {}; the next pass tries again", old.file(), e);
            }
        }
        if (deleted > 0) {
            try {
                AtomicFiles.syncDirectory(SchemaBaselineStore.directory(layout));
            } catch (IOException e) {
                LOG.warn("cannot sync {}: {}", SchemaBaselineStore.directory(layout), e.toString());
            }
        }
    }

    private void heldBack(String why) {
        stats.heldBack(why);
        LOG.info("retention: {}; the next pass after the reader ends deletes it", why);
    }

    /**
     * The daemon's schedule: a snapshot at once when the repository has none, then one whenever the newest is
     * {@code every} old ({@code every} of zero: none). Retention also runs every {@link #RETENTION_INTERVAL}, for
     * snapshots taken by {@code pitr-agent snapshot} beside the daemon. A failure is logged and tried again
     * later; streaming is never disturbed.
     */
    public Thread startSchedule() {
        Duration every = config.snapshots().every();
        Thread t = new Thread(
                () -> {
                    long lastRetention = System.nanoTime();
                    long lastPlanned = 0;
                    Instant due = null;
                    try {
                        while (!stopped && !Thread.currentThread().isInterrupted()) {
                            // the manifests are read again each minute: 'pitr-agent snapshot' may have taken one
                            if (!every.isZero() && (due == null || System.nanoTime() - lastPlanned > 60_000_000_000L)) {
                                due = Instant.now().plus(untilNext(every, Instant.now()));
                                lastPlanned = System.nanoTime();
                            }
                            if (due != null && !Instant.now().isBefore(due)) {
                                scheduledSnapshot();
                                lastRetention = System.nanoTime();
                                due = null;
                                continue;
                            }
                            if (System.nanoTime() - lastRetention > RETENTION_INTERVAL.toNanos()) {
                                lastRetention = System.nanoTime();
                                scheduledRetention();
                            }
                            long sleep = due == null
                                    ? 1000
                                    : Duration.between(Instant.now(), due).toMillis();
                            Thread.sleep(Math.max(Math.min(sleep, 1000), 10));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "pitr-snapshot-schedule");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void scheduledRetention() {
        try {
            applyRetention();
        } catch (RuntimeException e) {
            stats.retentionFailed(e instanceof PitrException p ? p.code() : ErrorCode.INTERNAL);
            LOG.error("retention failed (streaming goes on; next try in {})", RETENTION_INTERVAL, e);
        }
    }

    private void scheduledSnapshot() {
        try {
            takeNow();
            lastError = null;
        } catch (PitrException e) {
            lastFailure = Instant.now();
            stats.failed(e.code());
            lastError = e.getMessage();
            if (!stopped) {
                LOG.error(
                        "scheduled snapshot failed: {} (streaming goes on; next try in {})",
                        e.render(),
                        io.binlogpitr.common.config.Durations.format(retryDelay()));
            }
        } catch (RuntimeException e) {
            lastFailure = Instant.now();
            stats.failed(ErrorCode.INTERNAL);
            lastError = e.toString();
            LOG.error("scheduled snapshot failed unexpectedly (streaming goes on)", e);
        }
    }

    private Duration retryDelay() {
        Duration every = config.snapshots().every();
        return every.compareTo(RETRY_AFTER_FAILURE) < 0 ? every : RETRY_AFTER_FAILURE;
    }

    /** How long until the next scheduled snapshot is due; zero when due now. */
    Duration untilNext(Duration every, Instant now) {
        Instant due;
        try {
            List<SnapshotManifest> manifests = SnapshotCatalog.manifests(layout);
            due = manifests.isEmpty()
                    ? now
                    : Instant.parse(manifests.get(manifests.size() - 1).startedAt())
                            .plus(every);
        } catch (IOException e) {
            LOG.warn("cannot list snapshots: {}", e.toString());
            due = now.plus(Duration.ofMinutes(1));
        }
        Instant failed = lastFailure;
        if (failed != null) {
            Instant retry = failed.plus(retryDelay());
            if (retry.isAfter(due)) {
                due = retry;
            }
        }
        Duration wait = Duration.between(now, due);
        return wait.isNegative() ? Duration.ZERO : wait;
    }
}
