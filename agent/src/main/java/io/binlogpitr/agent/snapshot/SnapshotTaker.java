package io.binlogpitr.agent.snapshot;

import io.binlogpitr.agent.source.SourceConnections;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.repository.RepositoryLock;
import io.binlogpitr.common.snapshot.ChunkInfo;
import io.binlogpitr.common.snapshot.KeyRange;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import io.binlogpitr.common.snapshot.TableChunkExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one consistent snapshot of the source into {@code snapshots/<id>/}.
 *
 * <p>Consistency: every worker connection opens its {@code START TRANSACTION WITH CONSISTENT SNAPSHOT} while
 * {@code FLUSH TABLES WITH READ LOCK} is held, and {@code @@GLOBAL.gtid_executed} is read under the same lock;
 * no transaction can commit in between, so each worker sees exactly the transactions of that GTID set. The lock
 * is released as soon as the last transaction is open (milliseconds); the export then runs in parallel without
 * blocking writes. {@code LOCK INSTANCE FOR BACKUP} (with BACKUP_ADMIN) keeps DDL out for the whole snapshot;
 * without it, the catalog is read again after the export and any DDL that happened meanwhile fails the snapshot.
 *
 * <p>Atomicity: files are written under {@code snapshots/.tmp-<id>/} and the directory is renamed into place
 * after the manifest; any failure, or {@link #cancel()}, removes the staging directory. The snapshot lock keeps
 * two snapshots of one repository from running at once.
 */
public final class SnapshotTaker {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotTaker.class);
    private static final DateTimeFormatter ID_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);
    private static final int ER_TABLE_DEF_CHANGED = 1412;
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    private static final int ER_SPECIFIC_ACCESS_DENIED = 1227;
    private static final int ER_NO_SUCH_TABLE = 1146;
    /** The longest one attempt at the global read lock may keep writes waiting. */
    private static final long FTWRL_ATTEMPT_SECONDS = 1;

    private final SourceConnections source;
    private final RepositoryLayout layout;
    private final SnapshotSettings settings;
    private final List<Connection> open = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    public SnapshotTaker(SourceConnections source, RepositoryLayout layout, SnapshotSettings settings) {
        this.source = source;
        this.layout = layout;
        this.settings = settings;
    }

    /** Stops a snapshot in progress from another thread: {@link #take()} then fails and leaves nothing behind. */
    public void cancel() {
        cancelled = true;
        abortAll();
    }

    /** Takes the snapshot and publishes it; returns its manifest. Throws {@link PitrException} on failure. */
    public SnapshotManifest take() {
        try (RepositoryLock lock = RepositoryLock.acquireSnapshot(layout, "snapshot of " + source.address())) {
            for (String name : SnapshotCatalog.removeIncomplete(layout)) {
                LOG.warn(
                        "removed {} left by an interrupted snapshot",
                        layout.snapshots().resolve(name));
            }
            Instant started = Instant.now();
            String id = newId(started);
            Path staging = SnapshotCatalog.stagingDir(layout, id);
            try {
                Files.createDirectories(staging);
                SnapshotManifest manifest = new Run(id, started, staging).take();
                Path dir = SnapshotCatalog.publish(layout, manifest);
                LOG.info(
                        "snapshot {} complete in {}: {} tables, {} rows, {} MiB on disk ({} MiB uncompressed), GTID set {}",
                        id,
                        dir,
                        manifest.totals().tables(),
                        manifest.totals().rows(),
                        String.format("%.1f", manifest.totals().bytes() / 1048576.0),
                        String.format("%.1f", manifest.totals().uncompressedBytes() / 1048576.0),
                        GtidSet.parse(manifest.gtidSet()).abbreviated());
                return manifest;
            } catch (Throwable failure) {
                discard(staging, failure);
                throw describe(failure);
            } finally {
                abortAll();
            }
        } catch (IOException e) {
            throw new PitrException(
                    ErrorCode.IO,
                    "cannot prepare or release the snapshot directory " + layout.snapshots() + ": " + e.getMessage(),
                    "check that the repository is writable and the disk is not full",
                    e);
        }
    }

    private String newId(Instant started) throws IOException {
        return SnapshotCatalog.nextId(layout, ID_FORMAT.format(started));
    }

    private static void discard(Path staging, Throwable failure) {
        try {
            SnapshotCatalog.discard(staging);
            LOG.info("removed the partial snapshot {}", staging);
        } catch (IOException e) {
            failure.addSuppressed(e);
            LOG.error("could not remove the partial snapshot {}: {}; remove it by hand", staging, e.toString());
        }
    }

    private PitrException describe(Throwable failure) {
        if (cancelled) {
            return new PitrException(
                    ErrorCode.SNAPSHOT_FAILED,
                    "snapshot stopped before it was complete (the agent is shutting down); the partial snapshot"
                            + " was removed",
                    "take it again with 'pitr-agent snapshot', or let the schedule take the next one",
                    failure);
        }
        if (failure instanceof PitrException p) {
            return p;
        }
        if (failure instanceof ExportFailure e) {
            return e.describe();
        }
        if (failure instanceof IOException e) {
            return new PitrException(
                    ErrorCode.IO,
                    "cannot write the snapshot under " + layout.snapshots() + ": " + e
                            + "; the partial snapshot was removed",
                    "free disk space or point 'repository:' at a larger disk, then take the snapshot again",
                    e);
        }
        if (failure instanceof SQLException e) {
            return sqlFailure(e, "while preparing the snapshot");
        }
        return new PitrException(
                ErrorCode.INTERNAL,
                "snapshot failed unexpectedly: " + failure + "; the partial snapshot was removed",
                "report this with the agent's log",
                failure);
    }

    private PitrException sqlFailure(SQLException e, String during) {
        String detail = PitrException.firstLine(e.getMessage()) + " (MySQL error " + e.getErrorCode() + ")";
        if (e.getErrorCode() == ER_TABLE_DEF_CHANGED || e.getErrorCode() == ER_NO_SUCH_TABLE) {
            return new PitrException(
                    ErrorCode.SNAPSHOT_FAILED,
                    "a table changed by DDL " + during + ": " + detail + "; the partial snapshot was removed",
                    "take the snapshot again; GRANT BACKUP_ADMIN to the agent's account so DDL waits for snapshots",
                    e);
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String what = state.startsWith("08") || e.getErrorCode() == 0 || e.getErrorCode() == 1317
                ? "the connection to the source was lost or killed "
                : "the source refused a statement ";
        return new PitrException(
                ErrorCode.SNAPSHOT_FAILED,
                what + during + ": " + detail + "; the partial snapshot was removed",
                "check the source's error log and that no one killed the agent's connections, then take the"
                        + " snapshot again",
                e);
    }

    private void abortAll() {
        for (Connection c : open) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                LOG.debug("abort of a snapshot connection failed: {}", e.toString());
            }
        }
        open.clear();
    }

    private Connection connect() {
        if (cancelled) {
            throw new IllegalStateException("cancelled");
        }
        Connection c = source.open();
        open.add(c);
        return c;
    }

    /** One chunk to export: a key range of a table into a file relative to the snapshot directory. */
    private record Task(SourceCatalog.Table table, int tableIndex, KeyRange range, String file, long weight) {}

    /** A worker's failure, with the chunk it was exporting. */
    private final class ExportFailure extends RuntimeException {
        private final Task task;
        private final int worker;

        ExportFailure(Task task, int worker, Exception cause) {
            super(cause);
            this.task = task;
            this.worker = worker;
        }

        PitrException describe() {
            String where = "while worker " + worker + " exported "
                    + task.table().spec().schema() + "." + task.table().spec().table() + " (" + task.file() + ")";
            if (getCause() instanceof SQLException e) {
                return sqlFailure(e, where);
            }
            if (getCause() instanceof IOException e) {
                return new PitrException(
                        ErrorCode.IO,
                        "cannot write the snapshot " + where + ": " + e + "; the partial snapshot was removed",
                        "free disk space or point 'repository:' at a larger disk, then take the snapshot again",
                        e);
            }
            return new PitrException(
                    ErrorCode.INTERNAL,
                    "snapshot failed " + where + ": " + getCause(),
                    "report this with the agent's log",
                    getCause());
        }
    }

    /** The state of one snapshot being taken. */
    private final class Run {
        private final String id;
        private final Instant started;
        private final Path staging;
        private final TableChunkExporter exporter = new TableChunkExporter(settings.compression());
        private final Map<Task, ChunkInfo> done = new ConcurrentHashMap<>();
        private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        private final AtomicLong rows = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();

        Run(String id, Instant started, Path staging) {
            this.id = id;
            this.started = started;
            this.staging = staging;
        }

        SnapshotManifest take() throws SQLException, IOException, InterruptedException {
            NameFilter filter = new NameFilter(settings.include(), settings.exclude());
            Connection control = connect();
            String[] server = strings(control, "SELECT @@GLOBAL.server_uuid, @@GLOBAL.version");
            // fresh table statistics for planning chunks: information_schema caches them for a day by default
            execute(control, "SET SESSION information_schema_stats_expiry = 0");
            // SHOW CREATE prints TIMESTAMP defaults and event times in the session's zone; loaders use UTC too
            execute(control, "SET SESSION time_zone = '+00:00'");
            boolean ddlLock = mayLockInstanceForBackup(control);
            // without the DDL lock the catalog is read before the consistent point and checked again after the
            // export; with it, after the point, when no DDL can run any more
            SourceCatalog early = ddlLock ? null : SourceCatalog.read(control, filter);
            List<Connection> workers = new ArrayList<>();
            for (int i = 0; i < settings.threads(); i++) {
                Connection w = connect();
                try (Statement st = w.createStatement()) {
                    st.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                    st.execute("SET SESSION net_write_timeout = 3600, net_read_timeout = 3600, wait_timeout = 86400");
                }
                workers.add(w);
            }
            Set<String> nonTransactional = nonTransactionalTables(control, filter);
            List<Task> lockedTasks = new ArrayList<>();
            SourceCatalog[] read = {early};
            List<List<Task>> planned = new ArrayList<>();
            // a table of a non-transactional engine (MyISAM, MEMORY ...) is outside the consistent-snapshot
            // transactions: it is exported while the read lock still holds it at the consistent point, as
            // mysqldump and mydumper do; writes wait meanwhile
            UnderLock underLock = nonTransactional.isEmpty()
                    ? () -> {}
                    : () -> {
                        if (read[0] == null) {
                            read[0] = SourceCatalog.read(control, filter);
                        }
                        List<Task> all = plan(control, read[0]);
                        planned.add(all);
                        for (Task t : all) {
                            if (nonTransactional.contains(t.table().spec().schema() + "."
                                    + t.table().spec().table())) {
                                lockedTasks.add(t);
                            }
                        }
                        LOG.info(
                                "snapshot {}: exporting {} non-transactional tables ({}) under the read lock; writes wait",
                                id,
                                nonTransactional.size(),
                                String.join(", ", nonTransactional));
                        export(workers, lockedTasks);
                    };
            Consistency point = consistentStart(control, workers, ddlLock, underLock);
            SourceCatalog catalog = read[0] != null ? read[0] : SourceCatalog.read(control, filter);
            List<Task> tasks = planned.isEmpty() ? plan(control, catalog) : planned.get(0);
            LOG.info(
                    "snapshot {} of {}: {} databases, {} tables in {} chunks, {} threads, {}{}",
                    id,
                    source.address(),
                    catalog.databases().size(),
                    catalog.tableCount(),
                    tasks.size(),
                    settings.threads(),
                    settings.compression().name().toLowerCase(java.util.Locale.ROOT),
                    ddlLock ? ", DDL held back by LOCK INSTANCE FOR BACKUP" : "");
            export(workers, tasks.stream().filter(t -> !lockedTasks.contains(t)).toList());
            for (Connection w : workers) {
                execute(w, "COMMIT");
            }
            if (!ddlLock) {
                checkNoDdl(control, catalog, filter);
            } else {
                execute(control, "UNLOCK INSTANCE");
            }
            return manifest(catalog, tasks, server, point, ddlLock);
        }

        /**
         * Whether the account may take {@code LOCK INSTANCE FOR BACKUP}: tried and released at once. The lock is
         * taken for real inside the global read lock ({@link #consistentStart}); taken before it, a DDL that
         * already holds the global intention lock and waits for the backup lock would close a cycle with the
         * read lock, and MySQL would fail that DDL with a deadlock error.
         */
        private boolean mayLockInstanceForBackup(Connection control) throws SQLException {
            try {
                execute(control, "SET SESSION lock_wait_timeout = " + lockWaitSeconds());
                execute(control, "LOCK INSTANCE FOR BACKUP");
                execute(control, "UNLOCK INSTANCE");
                return true;
            } catch (SQLException e) {
                if (e.getErrorCode() == ER_SPECIFIC_ACCESS_DENIED) {
                    LOG.warn("the agent's account lacks BACKUP_ADMIN, so DDL is not held back during the snapshot;"
                            + " a DDL meanwhile fails the snapshot (GRANT BACKUP_ADMIN ON *.* to avoid it)");
                    return false;
                }
                if (e.getErrorCode() == ER_LOCK_WAIT_TIMEOUT) {
                    throw lockTimeout(longRunning(control), "LOCK INSTANCE FOR BACKUP (a DDL statement is running)", 1);
                }
                throw e;
            }
        }

        private long lockWaitSeconds() {
            return Math.max(1, settings.lockWaitTimeout().toSeconds());
        }

        private record Consistency(String gtidSet, long lockWaitMillis, long blockedMillis) {}

        /**
         * FLUSH TABLES WITH READ LOCK in attempts of {@link #FTWRL_ATTEMPT_SECONDS}: while it waits, writes queue
         * behind it, and it can wait on a statement that itself waits for a row lock of an idle transaction, which
         * cannot commit because its next statement queues behind the read lock (a deadlock only a timeout
         * breaks). A short attempt breaks it quickly; the next usually succeeds. Gives up after
         * {@code snapshots.lockWaitTimeout} in all.
         */
        /** What runs at the consistent point while the read lock is still held. */
        private interface UnderLock {
            void run() throws SQLException, IOException, InterruptedException;
        }

        /** {@code db.table} of every included base table whose engine is not InnoDB. */
        private Set<String> nonTransactionalTables(Connection control, NameFilter filter) throws SQLException {
            Set<String> found = new java.util.TreeSet<>();
            try (Statement st = control.createStatement();
                    ResultSet rs = st.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES"
                            + " WHERE TABLE_TYPE = 'BASE TABLE' AND ENGINE IS NOT NULL AND ENGINE <> 'InnoDB'")) {
                while (rs.next()) {
                    String db = rs.getString(1);
                    String table = rs.getString(2);
                    if (filter.database(db) && filter.table(db, table)) {
                        found.add(db + "." + table);
                    }
                }
            }
            return found;
        }

        private Consistency consistentStart(
                Connection control, List<Connection> workers, boolean ddlLock, UnderLock underLock)
                throws SQLException, IOException, InterruptedException {
            execute(control, "SET SESSION lock_wait_timeout = " + FTWRL_ATTEMPT_SECONDS);
            long deadline = System.nanoTime() + settings.lockWaitTimeout().toNanos();
            long blockedBefore = 0;
            long asked;
            for (int attempt = 1; ; attempt++) {
                asked = System.nanoTime();
                try {
                    execute(control, "FLUSH TABLES WITH READ LOCK");
                    break;
                } catch (SQLException e) {
                    if (e.getErrorCode() == ER_SPECIFIC_ACCESS_DENIED) {
                        throw new PitrException(
                                ErrorCode.SOURCE_PREREQUISITES,
                                "the agent's account may not run FLUSH TABLES WITH READ LOCK, which a consistent"
                                        + " snapshot needs for a moment",
                                "GRANT RELOAD ON *.* TO the agent's account (see docs/agent.md, privileges)",
                                e);
                    }
                    if (e.getErrorCode() != ER_LOCK_WAIT_TIMEOUT) {
                        throw e;
                    }
                    blockedBefore += System.nanoTime() - asked;
                    String holders = longRunning(control);
                    if (System.nanoTime() + TimeUnit.SECONDS.toNanos(FTWRL_ATTEMPT_SECONDS) > deadline) {
                        throw lockTimeout(holders, "FLUSH TABLES WITH READ LOCK", attempt);
                    }
                    LOG.warn(
                            "snapshot {}: FLUSH TABLES WITH READ LOCK not granted within {} s (attempt {}); writes"
                                    + " waited behind it meanwhile; statements running: {}; trying again",
                            id,
                            FTWRL_ATTEMPT_SECONDS,
                            attempt,
                            holders);
                    Thread.sleep(Math.min(200L * attempt, 2000)); // let the queued writes through
                }
            }
            long locked = System.nanoTime();
            String gtid;
            try {
                if (ddlLock) {
                    // no DDL runs now (the read lock waited for them): from here to UNLOCK INSTANCE none can start
                    execute(control, "LOCK INSTANCE FOR BACKUP");
                }
                for (Connection w : workers) {
                    execute(w, "START TRANSACTION WITH CONSISTENT SNAPSHOT");
                }
                gtid = strings(control, "SELECT @@GLOBAL.gtid_executed")[0];
                underLock.run();
            } finally {
                execute(control, "UNLOCK TABLES");
            }
            long released = System.nanoTime();
            Consistency c = new Consistency(
                    GtidSet.parse(gtid.replace("\n", "")).toString(),
                    (locked - asked) / 1_000_000,
                    (blockedBefore + released - asked) / 1_000_000);
            LOG.info(
                    "snapshot {}: consistent point taken; writes were blocked for {} ms ({} ms waiting for the"
                            + " global read lock); GTID set {}",
                    id,
                    c.blockedMillis(),
                    c.lockWaitMillis(),
                    GtidSet.parse(c.gtidSet()).abbreviated());
            return c;
        }

        private PitrException lockTimeout(String holders, String what, int attempts) {
            return new PitrException(
                    ErrorCode.SNAPSHOT_FAILED,
                    "could not get " + what + " within " + lockWaitSeconds() + " s (" + attempts
                            + (attempts == 1 ? " attempt" : " attempts") + "); statements running: " + holders
                            + "; nothing was kept",
                    "let long statements and transactions finish (or raise snapshots.lockWaitTimeout), then take"
                            + " the snapshot again; while the snapshot waits for this lock, writes wait too");
        }

        private String longRunning(Connection control) {
            try (Statement st = control.createStatement();
                    ResultSet rs = st.executeQuery("SELECT ID, USER, TIME, LEFT(COALESCE(INFO, ''), 60)"
                            + " FROM information_schema.PROCESSLIST WHERE COMMAND NOT IN ('Sleep', 'Daemon',"
                            + " 'Binlog Dump', 'Binlog Dump GTID') AND ID <> CONNECTION_ID() ORDER BY TIME DESC"
                            + " LIMIT 3")) {
                List<String> found = new ArrayList<>();
                while (rs.next()) {
                    found.add("id " + rs.getLong(1) + " (" + rs.getString(2) + ", " + rs.getLong(3) + " s: "
                            + rs.getString(4) + ")");
                }
                return found.isEmpty()
                        ? "none visible to this account (GRANT PROCESS to see other sessions)"
                        : String.join(", ", found);
            } catch (SQLException e) {
                return "unknown (" + e.getMessage() + ")";
            }
        }

        private List<Task> plan(Connection control, SourceCatalog catalog) throws SQLException, IOException {
            List<Task> tasks = new ArrayList<>();
            int tableIndex = 0;
            for (SourceCatalog.Db db : catalog.databases()) {
                String dbDir = FileNames.safe(db.name());
                Files.createDirectories(staging.resolve(dbDir));
                Set<String> used = new HashSet<>();
                for (SourceCatalog.Table table : db.tables()) {
                    String base = FileNames.unique(FileNames.safe(table.spec().table()), used);
                    List<KeyRange> ranges = ChunkPlanner.plan(control, table, settings.chunkBytes());
                    long weight = Math.max(1, table.dataBytes() / ranges.size());
                    for (int i = 0; i < ranges.size(); i++) {
                        String file = dbDir + "/" + base + "." + String.format("%05d", i + 1) + ".chunk"
                                + settings.compression().suffix();
                        tasks.add(new Task(table, tableIndex, ranges.get(i), file, weight));
                    }
                    tableIndex++;
                }
            }
            return tasks;
        }

        private void export(List<Connection> workers, List<Task> tasks) throws InterruptedException {
            ConcurrentLinkedQueue<Task> queue = new ConcurrentLinkedQueue<>(tasks.stream()
                    .sorted(Comparator.comparingLong(Task::weight).reversed())
                    .toList());
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < workers.size(); i++) {
                int worker = i + 1;
                Connection connection = workers.get(i);
                Thread t = new Thread(() -> work(worker, connection, queue), "pitr-snapshot-" + worker);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            long lastLog = System.nanoTime();
            for (Thread t : threads) {
                while (t.isAlive()) {
                    t.join(500);
                    if (System.nanoTime() - lastLog > PROGRESS_INTERVAL.toNanos()) {
                        lastLog = System.nanoTime();
                        LOG.info(
                                "snapshot {}: {} of {} chunks, {} rows, {} MiB written",
                                id,
                                done.size(),
                                tasks.size(),
                                rows.get(),
                                bytes.get() >> 20);
                    }
                }
            }
            Throwable failure = firstFailure.get();
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (cancelled) {
                throw new IllegalStateException("cancelled");
            }
        }

        private void work(int worker, Connection connection, ConcurrentLinkedQueue<Task> queue) {
            Task task;
            while (firstFailure.get() == null && !cancelled && (task = queue.poll()) != null) {
                try {
                    ChunkInfo info = exporter.export(
                            connection, task.table().spec(), task.range(), staging.resolve(task.file()));
                    done.put(task, info);
                    rows.addAndGet(info.rows());
                    bytes.addAndGet(info.bytes());
                } catch (Exception | Error e) {
                    Throwable failure = e instanceof Exception ex ? new ExportFailure(task, worker, ex) : e;
                    if (firstFailure.compareAndSet(null, failure)) {
                        abortAll(); // the other workers stop at once instead of finishing their chunks
                    }
                    return;
                }
            }
        }

        private void checkNoDdl(Connection control, SourceCatalog before, NameFilter filter) throws SQLException {
            SourceCatalog after = SourceCatalog.read(control, filter);
            if (!after.fingerprint().equals(before.fingerprint())) {
                throw new PitrException(
                        ErrorCode.SNAPSHOT_FAILED,
                        "DDL changed the source's schema while the snapshot was taken, so its table definitions"
                                + " may not match its data; the partial snapshot was removed",
                        "take the snapshot again; GRANT BACKUP_ADMIN to the agent's account so DDL waits for"
                                + " snapshots");
            }
        }

        private SnapshotManifest manifest(
                SourceCatalog catalog, List<Task> tasks, String[] server, Consistency point, boolean ddlLock) {
            List<SnapshotManifest.Database> dbs = new ArrayList<>();
            long totalRows = 0;
            long totalBytes = 0;
            long totalRaw = 0;
            int tables = 0;
            for (SourceCatalog.Db db : catalog.databases()) {
                List<SnapshotManifest.Table> out = new ArrayList<>();
                for (SourceCatalog.Table table : db.tables()) {
                    List<SnapshotManifest.Chunk> chunks = new ArrayList<>();
                    long tableRows = 0;
                    for (Task task : tasks) {
                        if (task.table() != table) {
                            continue;
                        }
                        ChunkInfo info = done.get(task);
                        if (info == null) {
                            throw new IllegalStateException("chunk " + task.file() + " was not exported");
                        }
                        chunks.add(SnapshotManifest.Chunk.of(task.file(), info));
                        tableRows += info.rows();
                        totalBytes += info.bytes();
                        totalRaw += info.uncompressedBytes();
                    }
                    totalRows += tableRows;
                    tables++;
                    out.add(new SnapshotManifest.Table(
                            table.spec().table(), table.create(), table.spec().primaryKey(), tableRows, chunks));
                }
                dbs.add(new SnapshotManifest.Database(
                        db.name(), db.create(), out, db.views(), db.triggers(), db.routines(), db.events()));
            }
            return new SnapshotManifest(
                    SnapshotManifest.FORMAT,
                    id,
                    new SnapshotManifest.Source(server[0], server[1], source.address()),
                    point.gtidSet(),
                    started.toString(),
                    Instant.now().toString(),
                    new SnapshotManifest.Consistency(
                            "FLUSH TABLES WITH READ LOCK", ddlLock, point.lockWaitMillis(), point.blockedMillis()),
                    settings.compression().name().toLowerCase(java.util.Locale.ROOT),
                    settings.threads(),
                    new SnapshotManifest.Totals(tables, totalRows, totalBytes, totalRaw),
                    dbs,
                    new SnapshotManifest.Filter(
                            new NameFilter(settings.include(), settings.exclude()).everyDatabase(),
                            settings.include(),
                            settings.exclude()));
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String[] strings(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            String[] out = new String[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < out.length; i++) {
                out[i] = rs.getString(i + 1);
            }
            return out;
        }
    }
}
