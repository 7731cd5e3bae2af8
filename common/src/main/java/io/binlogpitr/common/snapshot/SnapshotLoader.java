package io.binlogpitr.common.snapshot;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.snapshot.SnapshotManifest.Database;
import io.binlogpitr.common.snapshot.SnapshotManifest.Table;
import io.binlogpitr.common.sql.SqlLiteral;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a whole snapshot into a target MySQL: {@code CREATE DATABASE}, {@code CREATE TABLE}, every chunk in
 * parallel (largest first, each checked against its CRC32C and rolled back whole if damaged), then views (retried while some
 * depend on others not created yet), routines, triggers and events, each with the {@code sql_mode} and character
 * set it was created with. Triggers come after the data, so they do not fire on the load.
 *
 * <p>Refuses a target database that already holds anything. Row counts must equal the manifest's. A failure stops
 * every thread and names the chunk and table; what was created stays, and a
 * {@link ChunkLedger} records each chunk loaded: a resumed load carries on from there, or drop the target
 * databases to start again.
 * What a database rename does and does not rewrite is described on {@link SnapshotDdl}.
 *
 * <p>The target user needs CREATE, INSERT, CREATE VIEW, CREATE ROUTINE, TRIGGER and EVENT on the target
 * databases; SYSTEM_VARIABLES_ADMIN for {@code sql_log_bin=0}; and SET_USER_ID when the recorded definers are
 * other accounts.
 */
public final class SnapshotLoader {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotLoader.class);
    /** What to do after a failed load: what was committed stays, chunk by chunk. */
    static final String PARTLY_LOADED_HINT = "the target databases are partly loaded: a resumed load (pitr-restore run"
            + " again with the same options) carries on from the chunks already in; else drop them before loading again";

    /** Opens a new connection to the target; the loader closes what it opens. */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private final ConnectionFactory target;
    private final SnapshotLoadSettings settings;

    public SnapshotLoader(ConnectionFactory target, SnapshotLoadSettings settings) {
        this.target = Objects.requireNonNull(target, "target");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Loads the snapshot in {@code snapshotDir} described by {@code manifest}; blocks until done. */
    public SnapshotLoadResult load(SnapshotManifest manifest, Path snapshotDir) {
        return load(manifest, snapshotDir, ChunkLedger.NONE, false);
    }

    /**
     * Loads the snapshot, recording each chunk in {@code ledger} in the transaction that loads it. With
     * {@code resume}, carries on a load of the same snapshot that was interrupted: the target databases may exist
     * and hold what that load did, and the chunks the ledger records are skipped (see {@link LoadResumer}).
     */
    public SnapshotLoadResult load(SnapshotManifest manifest, Path snapshotDir, ChunkLedger ledger, boolean resume) {
        long started = System.nanoTime();
        List<Database> databases = selected(manifest);
        List<ParallelChunkLoad.Task> tasks = tasks(databases, snapshotDir);
        LOG.info(
                "loading snapshot {} (GTID set {}): {} databases, {} chunks, {} threads",
                manifest.id(),
                manifest.gtidSet(),
                databases.size(),
                tasks.size(),
                settings.threads());
        int objects;
        int skipped = 0;
        Map<LoadMethod, Integer> chunksByMethod;
        try (Connection ddl = openDdlConnection();
                Statement st = ddl.createStatement()) {
            if (!resume) {
                requireEmptyTargets(ddl, databases);
            }
            for (Database db : databases) {
                createDatabaseAndTables(st, db, resume);
            }
            LoadResumer.Kept kept = resume ? resumed(ddl, manifest, databases, tasks, ledger) : LoadResumer.Kept.NONE;
            List<ParallelChunkLoad.Task> toLoad = kept.remaining(tasks);
            skipped = tasks.size() - toLoad.size();
            ParallelChunkLoad load =
                    new ParallelChunkLoad(target, settings.chunkSettings(), settings.threads(), ledger);
            Map<String, AtomicLong> loaded = load.run(toLoad);
            kept.addRows(tasks, loaded);
            chunksByMethod = load.chunksByMethod();
            checkRowCounts(databases, loaded);
            objects = new SchemaObjectWriter(st, settings).createAll(databases);
        } catch (SQLException e) {
            throw new PitrException(
                    ErrorCode.SNAPSHOT_LOAD_FAILED,
                    "loading snapshot " + manifest.id() + " failed: " + PitrException.firstLine(e.getMessage())
                            + ParallelChunkLoad.mysqlCode(e),
                    PARTLY_LOADED_HINT,
                    e);
        }
        SnapshotLoadResult result = result(
                manifest,
                databases,
                tasks,
                objects,
                Duration.ofNanos(System.nanoTime() - started),
                chunksByMethod,
                skipped);
        LOG.info(
                "snapshot {} loaded at GTID set {}: {} rows, {} bytes of chunks in {} s ({} rows/s); chunks by {}",
                manifest.id(),
                manifest.gtidSet(),
                result.rows(),
                result.bytes(),
                String.format("%.2f", result.seconds()),
                String.format("%.0f", result.rowsPerSecond()),
                result.methods());
        return result;
    }

    /** What an interrupted load left that this one keeps (see {@link LoadResumer}), logged. */
    private LoadResumer.Kept resumed(
            Connection ddl,
            SnapshotManifest manifest,
            List<Database> databases,
            List<ParallelChunkLoad.Task> tasks,
            ChunkLedger ledger)
            throws SQLException {
        LoadResumer.Kept kept = LoadResumer.prepare(ddl, databases, settings, ledger);
        LOG.info(
                "carrying on an interrupted load of snapshot {}: {} of {} chunks were loaded before and are skipped,"
                        + " {} tables emptied to load again",
                manifest.id(),
                tasks.size() - kept.remaining(tasks).size(),
                tasks.size(),
                kept.emptiedTables().size());
        return kept;
    }

    /** The databases to load, in the snapshot's order; an unknown name in the settings is refused. */
    private List<Database> selected(SnapshotManifest manifest) {
        List<String> names = manifest.databases().stream().map(Database::name).toList();
        List<String> unknown = new ArrayList<>();
        for (String wanted : settings.databases()) {
            if (!names.contains(wanted) && !settings.createdLater().contains(wanted)) {
                unknown.add(wanted);
            }
        }
        for (String renamed : settings.renames().keySet()) {
            if (!names.contains(renamed) && !settings.createdLater().contains(renamed)) {
                unknown.add(renamed);
            }
        }
        if (!unknown.isEmpty()) {
            throw new PitrException(
                    ErrorCode.USAGE,
                    "snapshot " + manifest.id() + " has no database "
                            + String.join(", ", unknown.stream().distinct().toList()),
                    "the snapshot holds " + (names.isEmpty() ? "no database" : String.join(", ", names)));
        }
        List<Database> chosen = manifest.databases().stream()
                .filter(db ->
                        settings.databases().isEmpty() || settings.databases().contains(db.name()))
                .map(this::onlySelectedTables)
                .filter(db -> settings.tables().isEmpty() || !db.tables().isEmpty() || createsTablesLater(db))
                .toList();
        List<String> missing = settings.tables().stream()
                .filter(t -> !settings.createdLater().contains(t))
                .filter(t -> chosen.stream()
                        .noneMatch(db -> db.tables().stream().anyMatch(x -> (db.name() + "." + x.name()).equals(t))))
                .sorted()
                .toList();
        if (!missing.isEmpty()) {
            throw new PitrException(
                    ErrorCode.USAGE,
                    "snapshot " + manifest.id() + " has no table " + String.join(", ", missing),
                    "name tables as db.table, as they were on the source ('pitr-restore list' shows the snapshots)");
        }
        List<String> targets =
                chosen.stream().map(db -> settings.targetName(db.name())).toList();
        if (targets.stream().distinct().count() != targets.size()) {
            throw new PitrException(
                    ErrorCode.USAGE,
                    "two databases would be loaded into the same target database: " + targets,
                    "rename one of them with another name, or leave one out");
        }
        return chosen;
    }

    /** Whether a chosen table of {@code db} is created after the snapshot: the database is created, maybe empty. */
    private boolean createsTablesLater(Database db) {
        return settings.tables().stream()
                .anyMatch(t ->
                        t.startsWith(db.name() + ".") && settings.createdLater().contains(t));
    }

    /** With a table selection: only those tables and the triggers on them; no views, routines or events. */
    private Database onlySelectedTables(Database db) {
        if (settings.tables().isEmpty()) {
            return db;
        }
        List<Table> tables = db.tables().stream()
                .filter(t -> settings.loadsTable(db.name(), t.name()))
                .toList();
        List<SnapshotManifest.DdlObject> triggers = db.triggers().stream()
                .filter(t -> tables.stream()
                        .anyMatch(x -> SnapshotDdl.triggerTable(t.create()).equals(x.name())))
                .toList();
        return new Database(db.name(), db.create(), tables, List.of(), triggers, List.of(), List.of());
    }

    /** One task per chunk; checks first that the manifest adds up and every chunk file is there. */
    private List<ParallelChunkLoad.Task> tasks(List<Database> databases, Path snapshotDir) {
        Path root = snapshotDir.toAbsolutePath().normalize();
        List<ParallelChunkLoad.Task> tasks = new ArrayList<>();
        for (Database db : databases) {
            for (Table table : db.tables()) {
                long rows = table.chunks().stream()
                        .mapToLong(SnapshotManifest.Chunk::rows)
                        .sum();
                if (rows != table.rows()) {
                    throw corrupt(db.name() + "." + table.name() + " records " + table.rows()
                            + " rows but its chunks add up to " + rows);
                }
                for (SnapshotManifest.Chunk chunk : table.chunks()) {
                    Path file = root.resolve(chunk.file()).normalize();
                    if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                        throw corrupt("chunk file " + chunk.file() + " of " + db.name() + "." + table.name()
                                + " is missing from " + root);
                    }
                    tasks.add(new ParallelChunkLoad.Task(settings.targetName(db.name()), table.name(), chunk, file));
                }
            }
        }
        return tasks;
    }

    private static PitrException corrupt(String message) {
        return new PitrException(
                ErrorCode.SNAPSHOT_CORRUPT,
                message + "; nothing was loaded",
                "check the snapshot with 'pitr-restore verify', or load another snapshot");
    }

    private Connection openDdlConnection() {
        try {
            Connection c = target.open();
            try (Statement st = c.createStatement()) {
                if (LocalInfileLoad.clientAllows(c)) {
                    LocalInfileLoad.guard(st); // a connection that may send local data sends none here
                }
                if (!settings.writeBinlog()) {
                    st.execute("SET SESSION sql_log_bin = 0");
                }
                // as mysqldump: zero keys stay zero, foreign keys in any table order, TIMESTAMP defaults in UTC
                st.execute("SET SESSION foreign_key_checks = 0, sql_mode = 'NO_AUTO_VALUE_ON_ZERO',"
                        + " time_zone = '+00:00'");
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return c;
        } catch (SQLException e) {
            throw new PitrException(
                    ErrorCode.SNAPSHOT_LOAD_FAILED,
                    "cannot prepare a connection to the load target: " + PitrException.firstLine(e.getMessage())
                            + ParallelChunkLoad.mysqlCode(e),
                    "check the target's address and user; without writing the binlog the user needs"
                            + " SYSTEM_VARIABLES_ADMIN (or SUPER) for sql_log_bin=0",
                    e);
        }
    }

    /** Refuses when any target database exists and holds a table, view, routine or event; names every one. */
    private void requireEmptyTargets(Connection c, List<Database> databases) throws SQLException {
        List<String> nonEmpty = new ArrayList<>();
        String sql = "SELECT (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = s.SCHEMA_NAME)"
                + " + (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = s.SCHEMA_NAME)"
                + " + (SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = s.SCHEMA_NAME)"
                + " FROM information_schema.SCHEMATA s WHERE s.SCHEMA_NAME = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Database db : databases) {
                String name = settings.targetName(db.name());
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getLong(1) > 0) {
                        nonEmpty.add(name + " (" + rs.getLong(1) + " objects)");
                    }
                }
            }
        }
        if (!nonEmpty.isEmpty()) {
            throw new PitrException(
                    ErrorCode.RESTORE_TARGET_NOT_EMPTY,
                    "target database " + String.join(", ", nonEmpty) + " already exists and is not empty;"
                            + " nothing was loaded",
                    "drop it, load into another name with a rename (--rename-db old=new), or leave it out"
                            + " (--databases)");
        }
    }

    private void createDatabaseAndTables(Statement st, Database db, boolean resume) throws SQLException {
        String name = settings.targetName(db.name());
        if (exists(st, name)) {
            LOG.info(
                    resume
                            ? "target database {} exists: carrying on the load there"
                            : "target database {} exists and is empty: loading into it as it is",
                    name);
        } else {
            execute(st, SnapshotDdl.createDatabase(db.create(), name), "creating database " + name);
        }
        st.execute("USE " + SqlLiteral.identifier(name));
        for (Table table : db.tables()) {
            String what = "creating table " + name + "." + table.name();
            ColumnCollations.Statements ddl = ColumnCollations.of(table.create());
            if (!resume || !tableExists(st, name, table.name())) {
                execute(st, ddl.create(), what);
            }
            // also on a resumed load: from any point between them, these leave the same table
            for (String alter : ddl.alters()) {
                execute(st, alter, what + " (columns keeping a character set the table's default is not)");
            }
        }
    }

    private static boolean tableExists(Statement st, String db, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                + SnapshotDdl.literal(db) + " AND TABLE_NAME = " + SnapshotDdl.literal(table))) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    private static boolean exists(Statement st, String name) throws SQLException {
        try (ResultSet rs = st.executeQuery(
                "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = " + SnapshotDdl.literal(name))) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    /** Runs one DDL statement; a refusal names what was being created. */
    static void execute(Statement st, String sql, String what) {
        try {
            st.execute(sql);
        } catch (SQLException e) {
            throw new PitrException(
                    ErrorCode.SNAPSHOT_LOAD_FAILED,
                    what + " failed: " + PitrException.firstLine(e.getMessage()) + ParallelChunkLoad.mysqlCode(e)
                            + " in: " + SnapshotDdl.abbreviate(sql),
                    PARTLY_LOADED_HINT,
                    e);
        }
    }

    private void checkRowCounts(List<Database> databases, Map<String, AtomicLong> loaded) {
        List<String> wrong = new ArrayList<>();
        for (Database db : databases) {
            for (Table table : db.tables()) {
                String key = ParallelChunkLoad.tableKey(settings.targetName(db.name()), table.name());
                long rows = loaded.getOrDefault(key, new AtomicLong()).get();
                if (rows != table.rows()) {
                    wrong.add(key + " " + rows + " rows, manifest " + table.rows());
                }
            }
        }
        if (!wrong.isEmpty()) {
            throw new PitrException(
                    ErrorCode.SNAPSHOT_CORRUPT,
                    "loaded row counts differ from the manifest: " + String.join("; ", wrong),
                    "two chunks may name the same table; check the snapshot with 'pitr-restore verify'");
        }
    }

    private SnapshotLoadResult result(
            SnapshotManifest manifest,
            List<Database> databases,
            List<ParallelChunkLoad.Task> tasks,
            int objects,
            Duration elapsed,
            Map<LoadMethod, Integer> chunksByMethod,
            int skipped) {
        return new SnapshotLoadResult(
                manifest.id(),
                manifest.gtidSet(),
                databases.stream().map(db -> settings.targetName(db.name())).collect(Collectors.toList()),
                databases.stream().mapToInt(db -> db.tables().size()).sum(),
                tasks.size(),
                tasks.stream().mapToLong(t -> t.chunk().rows()).sum(),
                tasks.stream().mapToLong(t -> t.chunk().bytes()).sum(),
                tasks.stream().mapToLong(t -> t.chunk().uncompressedBytes()).sum(),
                objects,
                elapsed,
                chunksByMethod,
                skipped);
    }
}
