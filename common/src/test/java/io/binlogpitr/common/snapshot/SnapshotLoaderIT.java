package io.binlogpitr.common.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import io.binlogpitr.testing.workload.AllTypesSchema;
import io.binlogpitr.testing.workload.ConcurrentWriters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A snapshot of every column type, a many-chunk table and every kind of object, loaded and compared by MySQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotLoaderIT {
    private static final int BIG_ROWS = 30_000;

    private final MysqlServer mysql = MysqlServer.shared(MysqlOptions.defaults());
    private String source;
    private String second;
    private Map<String, String> allTypesDdl;

    @TempDir
    Path dir;

    @BeforeAll
    void fillSource() throws Exception {
        source = mysql.createDatabase("load_src");
        second = mysql.createDatabase("load_second");
        try (Connection c = mysql.connect(source)) {
            AllTypesSchema.create(c);
        }
        allTypesDdl = AllTypesSchema.tables().stream()
                .collect(Collectors.toMap(AllTypesSchema.Table::name, AllTypesSchema.Table::createSql));
        new ConcurrentWriters(() -> mysql.connect(source), ConcurrentWriters.Settings.byCount(2, 1500, 7)).run();
        try (Connection c = mysql.connect(source);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE big (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, payload VARCHAR(200) NOT NULL)");
            st.execute("SET SESSION cte_max_recursion_depth = 1000000");
            st.execute("INSERT INTO big (payload) WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq"
                    + " WHERE n < " + BIG_ROWS + ") SELECT CONCAT('row ', n, ' ', REPEAT(MD5(n), 4)) FROM seq");
            // v_a depends on v_b, which comes after it in name order: created in a second round
            st.execute("CREATE VIEW v_b AS SELECT id, payload FROM big WHERE id % 2 = 0");
            st.execute("CREATE VIEW v_a AS SELECT COUNT(*) AS n FROM v_b");
            st.execute("SET SESSION sql_mode = 'PIPES_AS_CONCAT'");
            st.execute("CREATE FUNCTION f_concat() RETURNS VARCHAR(10) DETERMINISTIC RETURN 'a' || 'b'");
            st.execute("SET SESSION sql_mode = DEFAULT");
            st.execute("CREATE PROCEDURE p_count(OUT n BIGINT) SELECT COUNT(*) INTO n FROM big");
            // would change every loaded row if it fired during the load
            st.execute("CREATE TRIGGER big_bi BEFORE INSERT ON big FOR EACH ROW"
                    + " SET NEW.payload = CONCAT('trigger:', NEW.payload)");
            st.execute("CREATE EVENT ev_tick ON SCHEDULE EVERY 1 HOUR STARTS '2035-01-01 00:00:00' ENABLE"
                    + " DO INSERT INTO big (payload) VALUES ('event')");
        }
        mysql.execute(
                "CREATE TABLE `" + second + "`.t (id INT PRIMARY KEY, v VARCHAR(10))",
                "INSERT INTO `" + second + "`.t VALUES (1, 'one'), (2, 'two')");
    }

    @Test
    void loadsEveryTableAndObjectIntoARenamedDatabase() throws Exception {
        SnapshotManifest manifest = SnapshotFixture.build(
                mysql, List.of(source, second), dir.resolve("zstd"), ChunkCompression.ZSTD, 5, allTypesDdl);
        String target = source + "_copy";
        String gtidBefore = mysql.gtidExecuted();

        SnapshotLoadResult result = new SnapshotLoader(
                        () -> mysql.connect(null),
                        SnapshotLoadSettings.defaults()
                                .withThreads(3)
                                .withDatabases(List.of(source))
                                .withRenames(Map.of(source, target))
                                .withChunkSettings(new LoadSettings(64 * 1024, 256 * 1024, true)))
                .load(manifest, dir.resolve("zstd"));

        List<String> tables = List.of(AllTypesSchema.AUTO_PK, AllTypesSchema.COMPOSITE_PK, AllTypesSchema.NO_PK, "big");
        long rows = 0;
        for (String table : tables) {
            assertThat(checksum(target, table)).as("CHECKSUM TABLE " + table).isEqualTo(checksum(source, table));
            rows += count(target, table);
        }
        assertThat(count(target, "big")).isEqualTo(BIG_ROWS);
        assertThat(result.databases()).containsExactly(target);
        assertThat(result.tables()).isEqualTo(4);
        assertThat(result.chunks()).isEqualTo(3 * 5 + 1 + 1 - 1); // keyed tables in 5, the one without a key whole
        assertThat(result.rows()).isEqualTo(rows).isGreaterThan(BIG_ROWS + 500);
        assertThat(result.objects()).isEqualTo(6);
        assertThat(mysql.gtidExecuted()).as("no binlog written by default").isEqualTo(gtidBefore);
        assertThat(mysql.queryString("SHOW DATABASES LIKE '" + second + "_copy'"))
                .isNull();

        assertThat(mysql.queryString("SELECT n FROM `" + target + "`.v_a")).isEqualTo(String.valueOf(BIG_ROWS / 2));
        assertThat(mysql.queryString("SELECT `" + target + "`.f_concat()"))
                .as("sql_mode kept")
                .isEqualTo("ab");
        assertThat(mysql.queryString("SELECT SQL_MODE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '"
                        + target + "' AND ROUTINE_NAME = 'f_concat'"))
                .isEqualTo("PIPES_AS_CONCAT");
        assertThat(mysql.queryString("SELECT STATUS FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '" + target
                        + "' AND EVENT_NAME = 'ev_tick'"))
                .isEqualTo("SLAVESIDE_DISABLED");
        mysql.execute("CALL `" + target + "`.p_count(@n)");
        mysql.execute("INSERT INTO `" + target + "`.big (payload) VALUES ('new')");
        assertThat(mysql.queryString("SELECT payload FROM `" + target + "`.big WHERE payload LIKE '%new'"))
                .as("the trigger exists on the target, and fired only after the load")
                .isEqualTo("trigger:new");
        System.out.printf(
                "snapshot load: %,d rows, %,d chunk bytes (%,d raw) in %.2f s, %,.0f rows/s on 3 threads%n",
                result.rows(), result.bytes(), result.uncompressedBytes(), result.seconds(), result.rowsPerSecond());
    }

    /** A ledger kept in memory; {@code failAt} makes the n-th record fail inside its chunk's transaction. */
    private static final class MemoryLedger implements ChunkLedger {
        final Set<String> committed = ConcurrentHashMap.newKeySet();
        final java.util.concurrent.atomic.AtomicInteger records = new java.util.concurrent.atomic.AtomicInteger();
        volatile int failAt = Integer.MAX_VALUE;

        @Override
        public Set<String> loaded(Connection c) {
            return Set.copyOf(committed);
        }

        @Override
        public void record(Connection c, String chunkFile) throws java.sql.SQLException {
            if (records.incrementAndGet() >= failAt) {
                throw new java.sql.SQLException("the load is interrupted here (test)");
            }
            committed.add(chunkFile); // the chunk's commit follows at once and cannot fail in this test
        }

        @Override
        public void forget(Connection c, java.util.Collection<String> chunkFiles) {
            committed.removeAll(chunkFiles);
        }
    }

    @Test
    void anInterruptedLoadCarriesOnFromTheRecordedChunks() throws Exception {
        SnapshotManifest manifest = SnapshotFixture.build(
                mysql, List.of(source), dir.resolve("resume"), ChunkCompression.ZSTD, 5, allTypesDdl);
        String target = source + "_resumed";
        SnapshotLoadSettings settings = SnapshotLoadSettings.defaults()
                .withThreads(1)
                .withDatabases(List.of(source))
                .withRenames(Map.of(source, target));
        MemoryLedger ledger = new MemoryLedger();
        ledger.failAt = 9; // big's five chunks come first (largest first), then three of the all-types tables
        assertThatThrownBy(() -> new SnapshotLoader(() -> mysql.connect(null), settings)
                        .load(manifest, dir.resolve("resume"), ledger, false))
                .isInstanceOf(PitrException.class)
                .hasMessageContaining("interrupted here");
        assertThat(ledger.committed).hasSize(8);
        // a table that holds more than its recorded chunks (as one committed in parts would) is loaded again whole
        List<String> bigChunks = manifest.databases().get(0).tables().stream()
                .filter(t -> t.name().equals("big"))
                .flatMap(t -> t.chunks().stream())
                .map(SnapshotManifest.Chunk::file)
                .toList();
        String forgotten = ledger.committed.stream()
                .filter(bigChunks::contains)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no chunk of big was loaded first: " + ledger.committed));
        ledger.committed.remove(forgotten);
        long expectedSkipped =
                ledger.committed.stream().filter(f -> !bigChunks.contains(f)).count();
        ledger.failAt = Integer.MAX_VALUE;

        SnapshotLoadResult result = new SnapshotLoader(() -> mysql.connect(null), settings)
                .load(manifest, dir.resolve("resume"), ledger, true);

        List<String> tables = List.of(AllTypesSchema.AUTO_PK, AllTypesSchema.COMPOSITE_PK, AllTypesSchema.NO_PK, "big");
        for (String table : tables) {
            assertThat(checksum(target, table)).as("CHECKSUM TABLE " + table).isEqualTo(checksum(source, table));
        }
        assertThat(expectedSkipped).isPositive();
        assertThat(result.skippedChunks()).isEqualTo(expectedSkipped);
        assertThat(result.rows())
                .isEqualTo(manifest.databases().get(0).tables().stream()
                        .mapToLong(SnapshotManifest.Table::rows)
                        .sum());
        assertThat(ledger.committed).hasSize(result.chunks());
        assertThat(mysql.queryString("SELECT n FROM `" + target + "`.v_a")).isEqualTo(String.valueOf(BIG_ROWS / 2));
    }

    @Test
    void loadsGzipChunksUnderTheSnapshotsOwnNames() throws Exception {
        String db = mysql.createDatabase("load_gz");
        mysql.execute(
                "CREATE TABLE `" + db + "`.t (a INT, b VARCHAR(10), PRIMARY KEY (a, b))",
                "INSERT INTO `" + db + "`.t VALUES (1, 'x'), (1, 'y'), (2, 'x'), (3, 'é')");
        SnapshotManifest manifest =
                SnapshotFixture.build(mysql, List.of(db), dir.resolve("gzip"), ChunkCompression.GZIP, 2, Map.of());
        String checksum = String.valueOf(checksum(db, "t"));
        mysql.execute("DROP DATABASE `" + db + "`");

        SnapshotLoadResult result = new SnapshotLoader(
                        () -> mysql.connect(null),
                        SnapshotLoadSettings.defaults().withThreads(2))
                .load(manifest, dir.resolve("gzip"));

        assertThat(result.rows()).isEqualTo(4);
        assertThat(result.chunks()).isEqualTo(2);
        assertThat(String.valueOf(checksum(db, "t"))).isEqualTo(checksum);
    }

    @Test
    void refusesANonEmptyTargetAndNamesIt() throws Exception {
        SnapshotManifest manifest = SnapshotFixture.build(
                mysql, List.of(second), dir.resolve("refuse"), ChunkCompression.NONE, 1, Map.of());
        String target = mysql.createDatabase("load_busy");
        mysql.execute("CREATE TABLE `" + target + "`.mine (id INT)");

        assertThatThrownBy(() -> new SnapshotLoader(
                                () -> mysql.connect(null),
                                SnapshotLoadSettings.defaults().withRenames(Map.of(second, target)))
                        .load(manifest, dir.resolve("refuse")))
                .isInstanceOfSatisfying(PitrException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RESTORE_TARGET_NOT_EMPTY);
                    assertThat(e.getMessage()).contains(target).contains("not empty");
                    assertThat(e.hint()).contains("rename");
                });
        assertThat(mysql.queryString("SELECT GROUP_CONCAT(TABLE_NAME) FROM information_schema.TABLES"
                        + " WHERE TABLE_SCHEMA = '" + target + "'"))
                .isEqualTo("mine");
    }

    @Test
    void aDamagedChunkStopsTheLoadAndIsNamed() throws Exception {
        Path snap = dir.resolve("damaged");
        SnapshotManifest manifest =
                SnapshotFixture.build(mysql, List.of(source), snap, ChunkCompression.ZSTD, 5, allTypesDdl);
        SnapshotManifest.Chunk victim = manifest.databases().get(0).tables().stream()
                .filter(t -> t.name().equals("big"))
                .findFirst()
                .orElseThrow()
                .chunks()
                .get(2);
        byte[] bytes = Files.readAllBytes(snap.resolve(victim.file()));
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(snap.resolve(victim.file()), bytes);
        String target = source + "_damaged";

        assertThatThrownBy(() -> new SnapshotLoader(
                                () -> mysql.connect(null),
                                SnapshotLoadSettings.defaults().withThreads(3).withRenames(Map.of(source, target)))
                        .load(manifest, snap))
                .isInstanceOfSatisfying(PitrException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SNAPSHOT_CORRUPT);
                    assertThat(e.getMessage()).contains(victim.file()).contains("`" + target + "`.`big`");
                });
        assertThat(mysql.queryString(
                        "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '" + target + "'"))
                .as("nothing after the data is created")
                .isEqualTo("0");
    }

    @Test
    void rowCountsMustMatchTheManifest() throws Exception {
        Path snap = dir.resolve("miscounted");
        SnapshotManifest m = SnapshotFixture.build(mysql, List.of(second), snap, ChunkCompression.ZSTD, 1, Map.of());
        SnapshotManifest.Database db = m.databases().get(0);
        SnapshotManifest.Table t = db.tables().get(0);
        SnapshotManifest.Chunk c = t.chunks().get(0);
        SnapshotManifest.Table wrong = new SnapshotManifest.Table(
                t.name(),
                t.create(),
                t.primaryKey(),
                t.rows() + 1,
                List.of(new SnapshotManifest.Chunk(
                        c.file(), c.rows() + 1, c.bytes(), c.uncompressedBytes(), c.crc32c())));
        SnapshotManifest tampered = new SnapshotManifest(
                m.format(),
                m.id(),
                m.source(),
                m.gtidSet(),
                m.startedAt(),
                m.finishedAt(),
                m.consistency(),
                m.compression(),
                m.threads(),
                m.totals(),
                List.of(new SnapshotManifest.Database(
                        db.name(),
                        db.create(),
                        List.of(wrong),
                        db.views(),
                        db.triggers(),
                        db.routines(),
                        db.events())));
        String target = second + "_miscounted";

        assertThatThrownBy(() -> new SnapshotLoader(
                                () -> mysql.connect(null),
                                SnapshotLoadSettings.defaults().withRenames(Map.of(second, target)))
                        .load(tampered, snap))
                .isInstanceOfSatisfying(PitrException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SNAPSHOT_CORRUPT);
                    assertThat(e.getMessage()).contains("loaded 2 rows, the manifest records 3");
                });
    }

    @Test
    void refusesADatabaseTheSnapshotDoesNotHold() throws Exception {
        Path snap = dir.resolve("unknown");
        SnapshotManifest m = SnapshotFixture.build(mysql, List.of(second), snap, ChunkCompression.NONE, 1, Map.of());
        assertThatThrownBy(() -> new SnapshotLoader(
                                () -> mysql.connect(null),
                                SnapshotLoadSettings.defaults().withDatabases(List.of("nope")))
                        .load(m, snap))
                .isInstanceOfSatisfying(PitrException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                    assertThat(e.getMessage()).contains("no database nope");
                    assertThat(e.hint()).contains(second);
                });
    }

    private long checksum(String db, String table) throws Exception {
        try (Connection c = mysql.connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("CHECKSUM TABLE `" + table + "` EXTENDED")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    private long count(String db, String table) {
        return Long.parseLong(mysql.queryString("SELECT COUNT(*) FROM `" + db + "`.`" + table + "`"));
    }
}
