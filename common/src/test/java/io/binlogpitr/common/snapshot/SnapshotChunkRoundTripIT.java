package io.binlogpitr.common.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.sql.SqlColumn;
import io.binlogpitr.common.sql.SqlLiteral;
import io.binlogpitr.common.sql.ValueKind;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import io.binlogpitr.testing.workload.AllTypesSchema;
import io.binlogpitr.testing.workload.ConcurrentWriters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Every column type out of one database through chunk files into another, compared by MySQL itself. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotChunkRoundTripIT {
    private final MysqlServer mysql = MysqlServer.shared(MysqlOptions.defaults());
    private String source;
    private String noJsonSource;

    @TempDir
    Path dir;

    @BeforeAll
    void fillSource() throws Exception {
        source = mysql.createDatabase("snap_src");
        try (Connection c = mysql.connect(source)) {
            AllTypesSchema.create(c);
        }
        new ConcurrentWriters(() -> mysql.connect(source), ConcurrentWriters.Settings.byCount(3, 4000, 42)).run();
        // values lost by other paths: FLOAT through its text, JSON doubles that look integral or that MySQL
        // prints in a fixed notation its own JSON parser reads back as a neighbouring double
        mysql.execute(
                "INSERT INTO `" + source + "`.`" + AllTypesSchema.AUTO_PK + "` (c_float, c_double, c_json)"
                        + " VALUES (16777216, -0e0, CAST('{\"d\": 1e7, \"i\": 10000000, \"s\": \"\"}' AS JSON)),"
                        + " (-0e0, 4.9e-324, '[1.0, 18446744073709551615, -9223372036854775808, -3.6355664686658195e-14, -0.0]')");
        noJsonSource = copyWithoutJson();
    }

    /**
     * The source's tables and rows without their JSON column, which LOAD DATA does not carry (its doubles need
     * JSON_SET): every other type goes through the LOAD DATA LOCAL path from this copy.
     */
    private String copyWithoutJson() throws SQLException {
        String copy = mysql.createDatabase("snap_src_nojson");
        for (AllTypesSchema.Table t : AllTypesSchema.tables()) {
            String from = "`" + source + "`.`" + t.name() + "`";
            String to = "`" + copy + "`.`" + t.name() + "`";
            mysql.execute("CREATE TABLE " + to + " LIKE " + from, "ALTER TABLE " + to + " DROP COLUMN c_json");
            String columns;
            try (Connection c = mysql.connect(copy)) {
                columns = TableSpec.read(c, copy, t.name()).columns().stream()
                        .map(SqlColumn::quotedName)
                        .collect(Collectors.joining(","));
            }
            mysql.execute("INSERT INTO " + to + " (" + columns + ") SELECT " + columns + " FROM " + from);
        }
        return copy;
    }

    @Test
    void everyTypeRoundTripsThroughRangeChunks() throws Exception {
        String target = copyDdl();
        try (Connection export = snapshotConnection();
                Connection load = mysql.connect(target)) {
            TableChunkExporter exporter = new TableChunkExporter(ChunkCompression.ZSTD);
            ChunkLoader loader = new ChunkLoader(new LoadSettings(64 * 1024, 256 * 1024, true));
            long total = 0;
            for (AllTypesSchema.Table t : AllTypesSchema.tables()) {
                TableSpec spec = TableSpec.read(export, source, t.name());
                List<KeyRange> ranges = spec.primaryKey().isEmpty() ? List.of(KeyRange.ALL) : ranges(export, spec, 4);
                long rows = 0;
                for (int i = 0; i < ranges.size(); i++) {
                    Path file = dir.resolve(t.name() + "." + i + ".chunk.zst");
                    ChunkInfo info = exporter.export(export, spec, ranges.get(i), file);
                    assertThat(ChunkReader.verify(file, info.crc32c())).isEqualTo(info);
                    assertThat(loader.load(load, file, info.crc32c(), target)).isEqualTo(info.rows());
                    rows += info.rows();
                }
                assertThat(rows).as(t.name()).isEqualTo(count(source, t.name())).isGreaterThan(500);
                total += rows;
            }
            assertThat(total).as("rows in all tables").isGreaterThan(3000);
        }
        assertSameData(target);
    }

    @Test
    void enumAndSetColumnsOfABinaryCharsetTableRoundTrip() throws Exception {
        // information_schema gives such columns no character set (mediawiki's tables are CHARSET=binary)
        String db = mysql.createDatabase("snap_bin");
        String copy = mysql.createDatabase("snap_bin_copy");
        String create = " (id INT PRIMARY KEY, kind ENUM('page','subcat','file') NOT NULL DEFAULT 'page',"
                + " flags SET('a','b','c'), title VARBINARY(20)) ENGINE=InnoDB DEFAULT CHARSET=binary";
        mysql.execute(
                "CREATE TABLE `" + db + "`.cl" + create,
                "CREATE TABLE `" + copy + "`.cl" + create,
                "INSERT INTO `" + db + "`.cl VALUES (1,'subcat','a,c','x'),(2,'file',NULL,'y'),(3,'page','','z')");
        Path file = dir.resolve("binary-enum.chunk.zst");
        try (Connection export = snapshotConnection(db);
                Connection load = mysql.connect(copy)) {
            TableSpec spec = TableSpec.read(export, db, "cl");
            ChunkInfo info = new TableChunkExporter(ChunkCompression.ZSTD).export(export, spec, KeyRange.ALL, file);
            assertThat(new ChunkLoader(LoadSettings.DEFAULTS).load(load, file, info.crc32c(), copy))
                    .isEqualTo(3);
        }
        String rows = "SELECT GROUP_CONCAT(id, ':', HEX(kind), ':', IFNULL(HEX(flags), 'NULL'), ':', HEX(title)"
                + " ORDER BY id) FROM ";
        assertThat(mysql.queryString(rows + "`" + copy + "`.cl"))
                .isEqualTo(mysql.queryString(rows + "`" + db + "`.cl"))
                .isEqualTo("1:737562636174:612C63:78,2:66696C65:NULL:79,3:70616765::7A");
    }

    @Test
    void gzipAndUncompressedRoundTripToo() throws Exception {
        for (ChunkCompression compression : List.of(ChunkCompression.GZIP, ChunkCompression.NONE)) {
            String target = copyDdl();
            try (Connection export = snapshotConnection();
                    Connection load = mysql.connect(target)) {
                for (AllTypesSchema.Table t : AllTypesSchema.tables()) {
                    Path file = dir.resolve(compression + "." + t.name() + ".chunk" + compression.suffix());
                    ChunkInfo info = new TableChunkExporter(compression)
                            .export(export, TableSpec.read(export, source, t.name()), KeyRange.ALL, file);
                    new ChunkLoader(LoadSettings.DEFAULTS).load(load, file, info.crc32c(), target);
                }
            }
            assertSameData(target);
        }
    }

    @Test
    void aFlippedByteIsRefusedAndNoRowOfTheChunkStays() throws Exception {
        for (ChunkCompression compression : ChunkCompression.values()) {
            for (int position = 1; position <= 5; position++) {
                flipAndLoad(compression, position);
            }
        }
    }

    /** Flips one byte at position/6 of the file and loads it: SNAPSHOT_CORRUPT, and the table stays empty. */
    private void flipAndLoad(ChunkCompression compression, int position) throws Exception {
        String target = copyDdl();
        Path file = dir.resolve("flip." + compression + "." + position + ".chunk" + compression.suffix());
        ChunkInfo info;
        try (Connection export = snapshotConnection()) {
            info = new TableChunkExporter(compression)
                    .export(export, TableSpec.read(export, source, AllTypesSchema.AUTO_PK), KeyRange.ALL, file);
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length * position / 6] ^= 0x10;
        Files.write(file, bytes);

        try (Connection load = mysql.connect(target)) {
            assertThatThrownBy(() -> new ChunkLoader(LoadSettings.DEFAULTS).load(load, file, info.crc32c(), target))
                    .as(compression.name() + " at " + position + "/6")
                    .isInstanceOfSatisfying(
                            PitrException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SNAPSHOT_CORRUPT));
        }
        assertThat(count(target, AllTypesSchema.AUTO_PK)).isZero();
    }

    @Test
    void everyTypeButJsonRoundTripsByLoadDataLocal() throws Exception {
        withLocalInfile("ON", () -> {
            String target = copyDdl(noJsonSource);
            try (Connection export = snapshotConnection(noJsonSource);
                    Connection load = connectWithLocalData(target)) {
                ChunkLoader loader = new ChunkLoader(new LoadSettings(64 * 1024, 256 * 1024, true));
                for (AllTypesSchema.Table t : AllTypesSchema.tables()) {
                    TableSpec spec = TableSpec.read(export, noJsonSource, t.name());
                    List<KeyRange> ranges =
                            spec.primaryKey().isEmpty() ? List.of(KeyRange.ALL) : ranges(export, spec, 3);
                    for (int i = 0; i < ranges.size(); i++) {
                        Path file = dir.resolve("local." + t.name() + "." + i + ".chunk.zst");
                        ChunkInfo info =
                                new TableChunkExporter(ChunkCompression.ZSTD).export(export, spec, ranges.get(i), file);
                        assertThat(loader.loadChunk(load, file, info.crc32c(), target))
                                .as(t.name() + " chunk " + i)
                                .isEqualTo(new ChunkLoader.Loaded(info.rows(), LoadMethod.LOAD_DATA_LOCAL));
                    }
                }
            }
            assertSameData(noJsonSource, target);
        });
    }

    @Test
    void chunksWithJsonOrWithoutLocalInfileGoByInsert() throws Exception {
        withLocalInfile("ON", () -> {
            String target = copyDdl(source);
            try (Connection export = snapshotConnection(source);
                    Connection load = connectWithLocalData(target)) {
                for (AllTypesSchema.Table t : AllTypesSchema.tables()) {
                    Path file = dir.resolve("json." + t.name() + ".chunk.zst");
                    ChunkInfo info = new TableChunkExporter(ChunkCompression.ZSTD)
                            .export(export, TableSpec.read(export, source, t.name()), KeyRange.ALL, file);
                    assertThat(new ChunkLoader(LoadSettings.DEFAULTS).loadChunk(load, file, info.crc32c(), target))
                            .as(t.name() + " has a JSON column")
                            .isEqualTo(new ChunkLoader.Loaded(info.rows(), LoadMethod.INSERT));
                }
            }
            assertSameData(source, target);
        });
        withLocalInfile("OFF", () -> {
            String target = copyDdl(noJsonSource);
            try (Connection export = snapshotConnection(noJsonSource);
                    Connection load = connectWithLocalData(target)) {
                Path file = dir.resolve("off.chunk.zst");
                ChunkInfo info = new TableChunkExporter(ChunkCompression.ZSTD)
                        .export(
                                export,
                                TableSpec.read(export, noJsonSource, AllTypesSchema.AUTO_PK),
                                KeyRange.ALL,
                                file);
                assertThat(new ChunkLoader(LoadSettings.DEFAULTS).loadChunk(load, file, info.crc32c(), target))
                        .as("the target's local_infile is OFF")
                        .isEqualTo(new ChunkLoader.Loaded(info.rows(), LoadMethod.INSERT));
            }
        });
    }

    /**
     * pitr-restore's load connections name an empty directory in allowLoadLocalInfileInPath instead of allowing local
     * data: the chunk still goes by LOAD DATA, and outside that statement the driver reads no file for the server.
     */
    @Test
    void aConnectionAllowingOnlyAnEmptyDirectoryLoadsByLoadDataAndSendsNoFile() throws Exception {
        withLocalInfile("ON", () -> {
            String target = copyDdl(noJsonSource);
            Path file = dir.resolve("path.chunk.zst");
            ChunkInfo info;
            try (Connection export = snapshotConnection(noJsonSource)) {
                info = new TableChunkExporter(ChunkCompression.ZSTD)
                        .export(
                                export,
                                TableSpec.read(export, noJsonSource, AllTypesSchema.AUTO_PK),
                                KeyRange.ALL,
                                file);
            }
            Path empty = Files.createDirectory(dir.resolve("no-local-files"));
            Path secret = Files.writeString(dir.resolve("secret.txt"), "1\n");
            try (Connection load = DriverManager.getConnection(
                    mysql.jdbcUrl(target) + "&allowLoadLocalInfileInPath=" + empty,
                    mysql.rootUser(),
                    mysql.rootPassword())) {
                assertThat(new ChunkLoader(LoadSettings.DEFAULTS).loadChunk(load, file, info.crc32c(), target))
                        .isEqualTo(new ChunkLoader.Loaded(info.rows(), LoadMethod.LOAD_DATA_LOCAL));
                try (Statement st = load.createStatement()) {
                    st.execute("CREATE TABLE `" + target + "`.one (n INT)");
                    assertThatThrownBy(() -> st.execute(
                                    "LOAD DATA LOCAL INFILE '" + secret + "' INTO TABLE `" + target + "`.one"))
                            .isInstanceOf(SQLException.class);
                }
            }
            assertThat(count(target, "one")).isZero();
            assertThat(count(target, AllTypesSchema.AUTO_PK)).isEqualTo(info.rows());
        });
    }

    /** LOAD DATA LOCAL turns a value the column cannot take into a warning; the loader must not accept that. */
    @Test
    void aValueTheTargetCannotTakeFailsLikeInsertAndNothingStays() throws Exception {
        withLocalInfile("ON", () -> {
            String target = copyDdl(noJsonSource);
            mysql.execute("ALTER TABLE `" + target + "`.`" + AllTypesSchema.AUTO_PK + "` MODIFY c_varchar_utf16"
                    + " VARCHAR(1) CHARACTER SET utf16 NULL");
            Path file = dir.resolve("narrow.chunk.zst");
            ChunkInfo info;
            try (Connection export = snapshotConnection(noJsonSource)) {
                info = new TableChunkExporter(ChunkCompression.ZSTD)
                        .export(
                                export,
                                TableSpec.read(export, noJsonSource, AllTypesSchema.AUTO_PK),
                                KeyRange.ALL,
                                file);
            }
            try (Connection load = connectWithLocalData(target)) {
                assertThatThrownBy(() -> new ChunkLoader(LoadSettings.DEFAULTS).load(load, file, info.crc32c(), target))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("c_varchar_utf16");
            }
            assertThat(count(target, AllTypesSchema.AUTO_PK)).isZero();
        });
    }

    @Test
    void aFlippedByteIsRefusedByTheLoadDataPathAndNoRowStays() throws Exception {
        withLocalInfile("ON", () -> {
            for (int position = 1; position <= 5; position++) {
                String target = copyDdl(noJsonSource);
                Path file = dir.resolve("flip.local." + position + ".chunk.zst");
                ChunkInfo info;
                try (Connection export = snapshotConnection(noJsonSource)) {
                    info = new TableChunkExporter(ChunkCompression.ZSTD)
                            .export(
                                    export,
                                    TableSpec.read(export, noJsonSource, AllTypesSchema.AUTO_PK),
                                    KeyRange.ALL,
                                    file);
                }
                byte[] bytes = Files.readAllBytes(file);
                bytes[bytes.length * position / 6] ^= 0x10;
                Files.write(file, bytes);
                try (Connection load = connectWithLocalData(target)) {
                    assertThatThrownBy(() ->
                                    new ChunkLoader(LoadSettings.DEFAULTS).load(load, file, info.crc32c(), target))
                            .as("at " + position + "/6")
                            .isInstanceOfSatisfying(PitrException.class, e -> assertThat(e.code())
                                    .isEqualTo(ErrorCode.SNAPSHOT_CORRUPT));
                }
                assertThat(count(target, AllTypesSchema.AUTO_PK)).isZero();
            }
        });
    }

    private interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} with the server's {@code local_infile} set to {@code value}, then sets it back. */
    private void withLocalInfile(String value, Body body) throws Exception {
        String before = mysql.queryString("SELECT @@GLOBAL.local_infile");
        mysql.execute("SET GLOBAL local_infile = " + value);
        try {
            body.run();
        } finally {
            mysql.execute("SET GLOBAL local_infile = " + before);
        }
    }

    /** A root connection that may send local data (Connector/J's allowLoadLocalInfile). */
    private Connection connectWithLocalData(String db) throws SQLException {
        return DriverManager.getConnection(
                mysql.jdbcUrl(db) + "&allowLoadLocalInfile=true", mysql.rootUser(), mysql.rootPassword());
    }

    /** Not an assertion: where export and load stand (myloader took 8.6 s for 800k such rows here). */
    @Test
    void printsTheRatesOnASysbenchLikeTable() throws Exception {
        String db = mysql.createDatabase("snap_rate");
        String ddl = "CREATE TABLE `%s`.sbtest1 (id INT NOT NULL AUTO_INCREMENT, k INT NOT NULL DEFAULT 0,"
                + " c CHAR(120) NOT NULL DEFAULT '', pad CHAR(60) NOT NULL DEFAULT '', PRIMARY KEY (id), KEY k_1 (k))";
        mysql.execute(String.format(ddl, db));
        try (Connection c = mysql.connect(db);
                Statement st = c.createStatement()) {
            st.execute("SET SESSION cte_max_recursion_depth = 1000000");
            // sysbench's shapes: c is ten 11-digit groups joined by '-', pad five
            String group = "LPAD(FLOOR(RAND() * 99999999999), 11, '0')";
            String c10 = "CONCAT_WS('-'" + (", " + group).repeat(10) + ")";
            String pad5 = "CONCAT_WS('-'" + (", " + group).repeat(5) + ")";
            st.execute("INSERT INTO sbtest1 (k, c, pad) WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1"
                    + " FROM seq WHERE n < 200000) SELECT FLOOR(RAND() * 200000), " + c10 + ", " + pad5 + " FROM seq");
        }
        String target = mysql.createDatabase("snap_rate_dst");
        mysql.execute(String.format(ddl, target));
        Path file = dir.resolve("sbtest1.chunk.zst");
        ChunkInfo info;
        long exportNanos;
        try (Connection export = mysql.connect(db)) {
            export.createStatement().execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
            long start = System.nanoTime();
            info = new TableChunkExporter(ChunkCompression.ZSTD)
                    .export(export, TableSpec.read(export, db, "sbtest1"), KeyRange.ALL, file);
            exportNanos = System.nanoTime() - start;
        }
        long loadNanos;
        try (Connection load = mysql.connect(target)) {
            long start = System.nanoTime();
            new ChunkLoader(LoadSettings.DEFAULTS.withoutBinlog()).load(load, file, info.crc32c(), target);
            loadNanos = System.nanoTime() - start;
        }
        assertThat(checksum(target, "sbtest1")).isEqualTo(checksum(db, "sbtest1"));
        System.out.printf(
                "sysbench-like %,d rows: %,d bytes raw, %,d zstd; export %.2f s (%,.0f rows/s, %.1f MB/s raw);"
                        + " load %.2f s (%,.0f rows/s, %.1f MB/s raw)%n",
                info.rows(),
                info.uncompressedBytes(),
                info.bytes(),
                exportNanos / 1e9,
                info.rows() / (exportNanos / 1e9),
                info.uncompressedBytes() / 1e6 / (exportNanos / 1e9),
                loadNanos / 1e9,
                info.rows() / (loadNanos / 1e9),
                info.uncompressedBytes() / 1e6 / (loadNanos / 1e9));
        String byLocalInfile = mysql.createDatabase("snap_rate_local");
        mysql.execute(String.format(ddl, byLocalInfile));
        withLocalInfile("ON", () -> {
            try (Connection load = connectWithLocalData(byLocalInfile)) {
                long start = System.nanoTime();
                assertThat(new ChunkLoader(LoadSettings.DEFAULTS.withoutBinlog())
                                .loadChunk(load, file, info.crc32c(), byLocalInfile)
                                .method())
                        .isEqualTo(LoadMethod.LOAD_DATA_LOCAL);
                long nanos = System.nanoTime() - start;
                System.out.printf(
                        "the same by LOAD DATA LOCAL: %.2f s (%,.0f rows/s)%n",
                        nanos / 1e9, info.rows() / (nanos / 1e9));
            }
        });
        assertThat(checksum(byLocalInfile, "sbtest1")).isEqualTo(checksum(db, "sbtest1"));
    }

    /**
     * The source tables, empty, in a new database. CREATE TABLE ... LIKE rather than SHOW CREATE TABLE:
     * MySQL 8.0 shows the ENUM member '😀' as '?' (its dictionary keeps column types in utf8mb3), so the
     * shown DDL would not take the source's rows — a trap for the snapshot's DDL, not for the data format.
     */
    private String copyDdl() throws SQLException {
        return copyDdl(source);
    }

    private String copyDdl(String from) throws SQLException {
        String target = mysql.createDatabase("snap_dst");
        for (AllTypesSchema.Table table : AllTypesSchema.tables()) {
            mysql.execute(
                    "CREATE TABLE `" + target + "`.`" + table.name() + "` LIKE `" + from + "`.`" + table.name() + "`");
        }
        return target;
    }

    private Connection snapshotConnection() throws SQLException {
        return snapshotConnection(source);
    }

    private Connection snapshotConnection(String db) throws SQLException {
        Connection c = mysql.connect(db);
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        }
        return c;
    }

    /** {@code n} ranges split at evenly spaced primary-key values. */
    static List<KeyRange> ranges(Connection c, TableSpec spec, int n) throws SQLException {
        String key = spec.primaryKey().stream().map(SqlLiteral::identifier).collect(Collectors.joining(","));
        List<List<Object>> keys = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + key + " FROM " + SqlLiteral.identifier(spec.schema()) + "."
                        + SqlLiteral.identifier(spec.table()) + " ORDER BY " + key)) {
            while (rs.next()) {
                List<Object> k = new ArrayList<>();
                for (int i = 1; i <= spec.primaryKey().size(); i++) {
                    k.add(rs.getObject(i));
                }
                keys.add(k);
            }
        }
        List<KeyRange> ranges = new ArrayList<>();
        List<Object> lower = null;
        for (int i = 1; i < n; i++) {
            List<Object> upper = keys.get(keys.size() * i / n);
            ranges.add(new KeyRange(lower, upper));
            lower = upper;
        }
        ranges.add(new KeyRange(lower, null));
        return ranges;
    }

    private void assertSameData(String target) throws SQLException {
        assertSameData(source, target);
    }

    private void assertSameData(String source, String target) throws SQLException {
        for (AllTypesSchema.Table t : AllTypesSchema.tables()) {
            if (!t.primaryKey().isEmpty()) {
                assertThat(differingColumns(source, target, t))
                        .as("columns that differ in " + t.name())
                        .isEmpty();
            }
            assertThat(checksum(target, t.name()))
                    .as("CHECKSUM TABLE " + t.name())
                    .isEqualTo(checksum(source, t.name()));
            assertThat(rowImages(target, t.name()))
                    .as("rows of " + t.name())
                    .containsExactlyElementsOf(rowImages(source, t.name()));
        }
    }

    /** Columns of a keyed table whose image differs in some row (with a first example) between source and target, joined by key. */
    private List<String> differingColumns(String source, String target, AllTypesSchema.Table t) throws SQLException {
        List<String> differing = new ArrayList<>();
        try (Connection c = mysql.connect(source);
                Statement st = c.createStatement()) {
            String on = t.primaryKey().stream()
                    .map(k -> "a.`" + k + "` = b.`" + k + "`")
                    .collect(Collectors.joining(" AND "));
            for (SqlColumn column : TableSpec.read(c, source, t.name()).columns()) {
                String a = image(column).replace("`" + column.name() + "`", "a.`" + column.name() + "`");
                String b = image(column).replace("`" + column.name() + "`", "b.`" + column.name() + "`");
                String sql = "SELECT " + a + ", " + b + " FROM `" + source + "`.`" + t.name() + "` a JOIN `" + target
                        + "`.`" + t.name() + "` b ON " + on + " WHERE " + a + " <> " + b + " LIMIT 1";
                try (ResultSet rs = st.executeQuery(sql)) {
                    if (rs.next()) {
                        differing.add(column.name() + ": " + rs.getString(1) + " became " + rs.getString(2));
                    }
                }
            }
        }
        return differing;
    }

    private long checksum(String db, String table) throws SQLException {
        try (Connection c = mysql.connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("CHECKSUM TABLE `" + table + "` EXTENDED")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    /** Every row as the HEX() of every column (DOUBLE text for the approximate ones), sorted. */
    private List<String> rowImages(String db, String table) throws SQLException {
        List<String> images = new ArrayList<>();
        try (Connection c = mysql.connect(db);
                Statement st = c.createStatement()) {
            TableSpec spec = TableSpec.read(c, db, table);
            String columns =
                    spec.columns().stream().map(SnapshotChunkRoundTripIT::image).collect(Collectors.joining(","));
            try (ResultSet rs = st.executeQuery("SELECT CONCAT_WS('|'," + columns + ") FROM `" + table + "`")) {
                while (rs.next()) {
                    images.add(rs.getString(1));
                }
            }
        }
        Collections.sort(images);
        return images;
    }

    private static String image(SqlColumn column) {
        String c = column.quotedName();
        String value = column.kind() == ValueKind.FLOAT || column.kind() == ValueKind.DOUBLE
                ? "CAST(CAST(" + c + " AS DOUBLE) AS CHAR)"
                : column.kind() == ValueKind.GEOMETRY
                        ? "CONCAT(ST_SRID(" + c + "),':',HEX(" + c + "))"
                        : "HEX(" + c + ")";
        return "IFNULL(" + value + ",'NULL')";
    }

    private long count(String db, String table) throws SQLException {
        return Long.parseLong(mysql.queryString("SELECT COUNT(*) FROM `" + db + "`.`" + table + "`"));
    }
}
