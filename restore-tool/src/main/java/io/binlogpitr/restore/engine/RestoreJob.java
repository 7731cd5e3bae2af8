package io.binlogpitr.restore.engine;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.repository.LeaseClaim;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.snapshot.SnapshotLoadResult;
import io.binlogpitr.common.snapshot.SnapshotLoadSettings;
import io.binlogpitr.common.snapshot.SnapshotLoader;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import io.binlogpitr.common.sql.SqlLiteral;
import io.binlogpitr.restore.plan.RestorePlan;
import io.binlogpitr.restore.plan.RestorePlanner;
import io.binlogpitr.restore.plan.RestorePoint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A restore from start to end: plan (snapshot and transactions), load the snapshot, replay the journal, each phase
 * recorded on the target ({@link RestoreState}) so that the same command run again after an interruption
 * carries on. Two ways to keep track of what was replayed:
 *
 * <ul>
 *   <li><b>GTIDs preserved</b> (a whole restore, target with {@code gtid_mode=ON}): the target gets
 *       {@code gtid_purged} = the snapshot's set after the load, and each transaction is replayed under its own
 *       GTID ({@code gtid_next}), so afterwards the target's {@code gtid_executed} equals the source's at the
 *       point and it can be attached as a replica; the server skips what it already has.
 *   <li><b>New GTIDs</b> (databases or tables chosen, databases renamed, or {@code gtid_mode} off): the target's
 *       own; a progress row updated inside each replayed transaction says exactly where to carry on.
 * </ul>
 */
public final class RestoreJob {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreJob.class);

    /** What a restore did. */
    public record Summary(
            String restoreId,
            RestorePlan plan,
            boolean preservedGtids,
            boolean alreadyDone,
            Optional<SnapshotLoadResult> load,
            Duration loadTime,
            ReplayResult replay,
            Duration replayTime,
            List<String> databases,
            Optional<ReplayProof> proof,
            List<String> disabledEvents) {}

    /** Which snapshot and transactions a restore takes ({@link RestorePlanner#plan} unless a test says else). */
    @FunctionalInterface
    public interface Planner {
        RestorePlan plan(RepositoryLayout repository, RestorePoint point);
    }

    private final RestoreOptions options;
    private final TargetConnections target;
    private final ProgressReporter progress;
    private final Planner planner;

    /** Told what the restore reads once it is planned, to narrow the reader's lease on the repository to it. */
    private final Consumer<LeaseClaim> planned;

    public RestoreJob(RestoreOptions options, TargetConnections target, ProgressReporter progress) {
        this(options, target, progress, RestorePlanner::plan);
    }

    public RestoreJob(RestoreOptions options, TargetConnections target, ProgressReporter progress, Planner planner) {
        this(options, target, progress, planner, claim -> {});
    }

    public RestoreJob(
            RestoreOptions options,
            TargetConnections target,
            ProgressReporter progress,
            Planner planner,
            Consumer<LeaseClaim> planned) {
        this.options = options;
        this.target = target;
        this.progress = progress;
        this.planner = planner;
        this.planned = planned;
    }

    public Summary run() throws InterruptedException {
        RestorePlan plan = planner.plan(options.repository(), options.point());
        planned.accept(LeaseClaim.snapshot(
                "pitr-restore restore", plan.snapshot().manifest().id(), plan.startAfter()));
        SnapshotManifest manifest = plan.snapshot().manifest();
        // names the snapshot lacks: each must be created by the replay window (else refused here, before anything)
        Set<String> createdLater = options.partial() ? WindowCreations.check(options, plan) : Set.of();
        Set<String> laterDatabases = WindowCreations.missingDatabases(options, manifest);
        laterDatabases.retainAll(createdLater);
        List<String> targetDatabases = new ArrayList<>(manifest.databases().stream()
                .map(SnapshotManifest.Database::name)
                .filter(options::includesDatabase)
                .map(options::targetName)
                .toList());
        laterDatabases.stream().map(options::targetName).forEach(targetDatabases::add);
        List<String> createdByReplay =
                laterDatabases.stream().map(options::targetName).toList();
        String id = restoreId(plan);
        try (Connection c = target.open()) {
            try (Statement st = c.createStatement()) {
                // the restore's own bookkeeping must not reach the target's binlog (or add GTIDs of the target)
                st.execute("SET SESSION sql_log_bin = 0");
            }
            TargetInfo info = TargetInfo.read(c);
            boolean preserve = !options.partial() && info.gtidModeOn();
            GtidSet snapshotSet = plan.startAfter();
            Optional<RestoreState.Row> state = RestoreState.read(c, id);
            if (state.isPresent() && state.get().phase() == RestoreState.Phase.DONE) {
                LOG.info("restore {} was completed before; nothing to do", id);
                return new Summary(
                        id,
                        plan,
                        preserve,
                        true,
                        Optional.empty(),
                        Duration.ZERO,
                        ReplayResult.NONE,
                        Duration.ZERO,
                        targetDatabases,
                        Optional.empty(),
                        disabledEvents(c, targetDatabases));
            }
            boolean loadDone = state.isPresent()
                    && (state.get().phase() == RestoreState.Phase.REPLAYING
                            || (preserve
                                    && !snapshotSet.isEmpty()
                                    && info.gtidExecuted().containsAll(snapshotSet)));
            Optional<SnapshotLoadResult> load = Optional.empty();
            long loadStarted = System.nanoTime();
            if (!loadDone) {
                boolean resume = state.isPresent();
                if (resume) {
                    LOG.info(
                            "restore {} was interrupted while loading the snapshot; carrying on from the chunks"
                                    + " already loaded",
                            id);
                    RestoreState.ensure(c);
                } else {
                    prepareTarget(c, info, preserve, plan, targetDatabases, createdByReplay);
                    RestoreState.ensure(c);
                    RestoreState.begin(c, id, describe(plan), targetDatabases);
                }
                progress.phase(
                        "load snapshot " + manifest.id(), manifest.totals().rows());
                load = Optional.of(new SnapshotLoader(target::openForLoad, loadSettings(createdLater))
                        .load(manifest, plan.snapshot().dir(), new RestoreChunkLedger(id), resume));
                if (preserve && !snapshotSet.isEmpty()) {
                    try (Statement st = c.createStatement()) {
                        st.execute("SET GLOBAL gtid_purged = '+" + snapshotSet + "'");
                    }
                }
                RestoreState.phase(c, id, RestoreState.Phase.REPLAYING);
                progress.done();
            } else {
                LOG.info("restore {}: the snapshot was loaded before; carrying on with the replay", id);
            }
            Duration loadTime = Duration.ofNanos(System.nanoTime() - loadStarted);
            long replayStarted = System.nanoTime();
            Optional<RestoreState.Row> now = RestoreState.read(c, id);
            TargetInfo before = TargetInfo.read(c);
            ReplayResult replay = new Replayer(target, options, id, preserve)
                    .replay(
                            plan,
                            before.gtidExecuted(),
                            before.maxAllowedPacket(),
                            now.map(RestoreState.Row::appliedIndex).orElse(-1L),
                            now.map(RestoreState.Row::pendingDdlIndex).orElse(-1L),
                            progress);
            if (preserve && !options.perTransaction()) {
                // the batches ran without GTIDs: the GTIDs of those that committed join gtid_executed now
                BatchedReplay.recordGtids(
                        c, replay.accounted(), TargetInfo.read(c).gtidExecuted());
            }
            Duration replayTime = Duration.ofNanos(System.nanoTime() - replayStarted);
            ReplayProof proof = ReplayProof.check(
                    plan.replay(),
                    snapshotSet,
                    replay,
                    preserve ? Optional.of(TargetInfo.read(c).gtidExecuted()) : Optional.empty(),
                    load);
            RestoreState.phase(c, id, RestoreState.Phase.DONE);
            LOG.info("restore {} complete; proof: {}", id, proof.describe());
            return new Summary(
                    id,
                    plan,
                    preserve,
                    false,
                    load,
                    loadTime,
                    replay,
                    replayTime,
                    targetDatabases,
                    Optional.of(proof),
                    disabledEvents(c, targetDatabases));
        } catch (SQLException e) {
            throw target.describe(e);
        }
    }

    /**
     * The events of the restored databases that the restore left disabled ({@code SLAVESIDE_DISABLED}: created from
     * the snapshot or by a replayed CREATE/ALTER EVENT that the source had enabled), as {@code db.name}. A whole
     * restore looks in every database (the window may have created some); a partial one in the ones it restored.
     */
    private List<String> disabledEvents(Connection c, List<String> targetDatabases) throws SQLException {
        String sql =
                "SELECT EVENT_SCHEMA, EVENT_NAME FROM information_schema.EVENTS WHERE STATUS = 'SLAVESIDE_DISABLED'"
                        + " ORDER BY EVENT_SCHEMA, EVENT_NAME";
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                String db = rs.getString(1);
                if (!options.partial()
                        || targetDatabases.contains(db)
                        || options.renames().containsValue(db)) {
                    out.add(SqlLiteral.identifier(db) + "." + SqlLiteral.identifier(rs.getString(2)));
                }
            }
        }
        return out;
    }

    private SnapshotLoadSettings loadSettings(Set<String> createdLater) {
        SnapshotLoadSettings s = SnapshotLoadSettings.defaults()
                .withThreads(options.loadThreads())
                .withRenames(options.renames())
                .withBinlog(false)
                .withCreatedLater(createdLater);
        if (!options.databases().isEmpty()) {
            s = s.withDatabases(new ArrayList<>(options.databases()));
        } else if (options.tables().isEmpty() && !options.renames().isEmpty()) {
            // --rename-db alone restores the renamed databases only
            s = s.withDatabases(new ArrayList<>(options.renames().keySet()));
        }
        if (!options.tables().isEmpty()) {
            s = s.withTables(options.tables());
        }
        return s;
    }

    /**
     * A fresh restore: the target databases must be absent or empty (dropped with {@code --force}); those the replay
     * creates ({@code createdByReplay}: its CREATE DATABASE would fail on one that exists) absent. A restore that
     * preserves GTIDs needs a target that has none of the transactions it brings.
     */
    private void prepareTarget(
            Connection c,
            TargetInfo info,
            boolean preserve,
            RestorePlan plan,
            List<String> targetDatabases,
            List<String> createdByReplay)
            throws SQLException {
        TreeMap<String, Long> occupied = new TreeMap<>();
        for (String db : targetDatabases) {
            long objects = objects(c, db);
            if (objects > 0 || (createdByReplay.contains(db) && exists(c, db))) {
                occupied.put(db, objects);
            }
        }
        if (!occupied.isEmpty()) {
            List<String> names = occupied.entrySet().stream()
                    .map(e -> e.getKey()
                            + (e.getValue() > 0
                                    ? " (" + e.getValue() + " objects)"
                                    : " (exists, empty; the replay creates it, which it cannot over an existing one)"))
                    .toList();
            if (!options.force()) {
                throw new PitrException(
                        ErrorCode.RESTORE_TARGET_NOT_EMPTY,
                        "target database " + String.join(", ", names) + " on " + target.address()
                                + (occupied.containsValue(0L) ? " already exists" : " already holds data")
                                + "; nothing was changed",
                        notEmptyHint(occupied.firstKey(), occupied.keySet()));
            }
            dropDatabases(c, new ArrayList<>(occupied.keySet()), "--force");
        }
        if (preserve) {
            GtidSet brought = plan.startAfter().copy();
            brought.addAll(plan.replay());
            GtidSet overlap = info.gtidExecuted().intersect(brought);
            if (!overlap.isEmpty()) {
                throw new PitrException(
                        ErrorCode.USAGE,
                        "the target " + target.address() + " has already executed " + overlap.abbreviated()
                                + " of the transactions this restore brings (is it the source, or a replica of it?);"
                                + " replaying under the same GTIDs would skip them",
                        "restore into a side database with --rename-db old=new, or onto a server with an empty"
                                + " gtid_executed (RESET MASTER on a scratch server)");
            }
        }
    }

    /**
     * What to do about occupied target databases. {@code --force} is proposed only for databases the user named
     * (chosen or renamed ones), and the hint says exactly which it would drop; a whole restore proposes a side
     * database instead.
     */
    private String notEmptyHint(String first, java.util.Set<String> occupied) {
        String source = options.renames().entrySet().stream()
                .filter(e -> e.getValue().equals(first))
                .map(java.util.Map.Entry::getKey)
                .findFirst()
                .orElse(first);
        String side = "restore into another name (--rename-db " + source + "=" + first + "_restored)";
        if (!options.partial()) {
            return side + ", or onto an empty server";
        }
        return side + ", onto an empty server, or add --force to drop and replace "
                + (occupied.size() == 1 ? "database " : "databases ") + String.join(", ", occupied)
                + " (and nothing else)";
    }

    private static boolean exists(Connection c, String db) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    private static long objects(Connection c, String db) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?)"
                        + " + (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?)"
                        + " + (SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?)")) {
            ps.setString(1, db);
            ps.setString(2, db);
            ps.setString(3, db);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void dropDatabases(Connection c, List<String> databases, String why) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_log_bin = 0");
            for (String db : databases) {
                LOG.warn("dropping target database {} on {} ({})", db, target.address(), why);
                st.execute("DROP DATABASE IF EXISTS " + SqlLiteral.identifier(db));
            }
        }
    }

    private String describe(RestorePlan plan) {
        return "repository " + options.repository().root() + ", snapshot "
                + plan.snapshot().id() + ", " + options.point().describe() + (options.partial() ? ", " + options : "");
    }

    /** The same command (repository, snapshot, point, choices) gives the same id, so a re-run finds its state. */
    private String restoreId(RestorePlan plan) {
        String key = options.repository().root() + "\n" + plan.snapshot().id() + "\n"
                + options.point().describe()
                + "\n" + new TreeMap<>(options.renames()) + "\n" + new java.util.TreeSet<>(options.databases())
                + "\n" + new java.util.TreeSet<>(options.tables()) + "\n" + options.perTransaction();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
