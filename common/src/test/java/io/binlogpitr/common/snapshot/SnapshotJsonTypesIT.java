package io.binlogpitr.common.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.sql.SqlLiteral;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON values whose text does not say the types of their scalars (DECIMAL, UNSIGNED INTEGER, an INTEGER the text
 * reads as unsigned, DATE, TIME, DATETIME, TIMESTAMP, BLOB/BIT opaque values), top level and nested, through chunk
 * files into another database: the JSON_TYPE of every value and the text must come back, and CHECKSUM TABLE agree.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotJsonTypesIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CREATE = " (id INT PRIMARY KEY, j JSON)";
    private static final String CREATE_NO_KEY = " (j JSON)";

    private final MysqlServer mysql = MysqlServer.shared(MysqlOptions.defaults());
    private String source;

    @TempDir
    Path dir;

    @BeforeAll
    void fillSource() {
        source = mysql.createDatabase("snap_json_src");
        String s = "`" + source + "`.";
        mysql.execute(
                "CREATE TABLE " + s + "cols (ts TIMESTAMP(6), b BLOB, vb VARBINARY(10), bn BINARY(3), bt BIT(9),"
                        + " mb MEDIUMBLOB)",
                "INSERT INTO " + s + "cols VALUES ('2020-01-02 03:04:05.678901', X'00FF0102', X'03', X'04', b'101',"
                        + " X'09')",
                "CREATE TABLE " + s + "jt" + CREATE,
                "INSERT INTO " + s + "jt SELECT 1, CAST(8/4 AS JSON) FROM " + s + "cols"
                        + " UNION ALL SELECT 2, CAST(CAST(3 AS UNSIGNED) AS JSON) FROM " + s + "cols"
                        + " UNION ALL SELECT 3, CAST(CAST(5000000000 AS SIGNED) AS JSON) FROM " + s + "cols"
                        + " UNION ALL SELECT 4, CAST(1e0 AS JSON) FROM " + s + "cols"
                        + " UNION ALL SELECT 5, CAST(DATE '2026-12-04' AS JSON) FROM " + s + "cols"
                        + " UNION ALL SELECT 6, CAST(TIME '-12:34:56.5' AS JSON) FROM " + s + "cols"
                        + " UNION ALL SELECT 7, CAST(TIMESTAMP '2026-01-02 03:04:05.678' AS JSON) FROM " + s + "cols"
                        + " UNION ALL SELECT 8, CAST(ts AS JSON) FROM " + s + "cols"
                        + " UNION ALL SELECT 9, JSON_EXTRACT(JSON_ARRAY(b), '$[0]') FROM " + s + "cols"
                        + " UNION ALL SELECT 10, JSON_EXTRACT(JSON_ARRAY(bt), '$[0]') FROM " + s + "cols"
                        + " UNION ALL SELECT 11, NULL FROM " + s + "cols"
                        + " UNION ALL SELECT 12, CAST('null' AS JSON) FROM " + s + "cols"
                        + " UNION ALL SELECT 13, JSON_OBJECT('d', 8/4, 'u', CAST(3 AS UNSIGNED),"
                        + " 's5g', CAST(5000000000 AS SIGNED), 'i', 42, 'neg', -7, 'u64', 18446744073709551615,"
                        + " 'dbl', 0.1e0, 'dbl2', 1e300, 'date', DATE '2026-12-04', 'time', TIME '23:59:59.999999',"
                        + " 'dt', TIMESTAMP '2026-01-02 03:04:05.000001', 'ts', ts,"
                        + " 'blobs', JSON_ARRAY(b, vb, bn, bt, CAST(X'01' AS BINARY), CONCAT(b, b), CONCAT(vb, mb)),"
                        + " 'looks', JSON_ARRAY('2026-01-01', '12:00:00.000000', 'base64:type15:AQ==',"
                        + " '2026-01-01 00:00:00.000000', 5000000000),"
                        + " '\uD83D\uDE00', JSON_OBJECT('deep', JSON_ARRAY(JSON_ARRAY(CAST(7 AS DECIMAL(10,0)),"
                        + " JSON_OBJECT('x', 1.5/3))), 'e', JSON_ARRAY(), 'o', JSON_OBJECT()),"
                        + " 'esc\"key\\\\', CAST(1.10 AS DECIMAL(5,2)), 'b', true, 'n', NULL, 'str', 'plain')"
                        + " FROM " + s + "cols"
                        + " UNION ALL SELECT 14, JSON_ARRAY() FROM " + s + "cols"
                        + " UNION ALL SELECT 15, JSON_OBJECT() FROM " + s + "cols"
                        + " UNION ALL SELECT 16, CAST(123456789012345678901234567890 AS JSON) FROM " + s + "cols"
                        + " UNION ALL SELECT 17, CAST(CAST(-5 AS DECIMAL) AS JSON) FROM " + s + "cols",
                "INSERT INTO " + s + "jt WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)"
                        + " SELECT 100 + i, JSON_OBJECT('f', i/4, 'd', DATE '2026-01-01' + INTERVAL i DAY,"
                        + " 'u', CAST(i AS UNSIGNED), 'x', i) FROM n",
                "INSERT INTO " + s + "jt WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)"
                        + " SELECT 200, JSON_ARRAYAGG(JSON_OBJECT('k', i/4, 'u', CAST(i AS UNSIGNED),"
                        + " 's', REPEAT('x', i % 50))) FROM n",
                "CREATE TABLE " + s + "jt_nokey" + CREATE_NO_KEY,
                "INSERT INTO " + s + "jt_nokey SELECT j FROM " + s + "jt WHERE id < 150");
    }

    @Test
    void everyJsonScalarTypeComesBackWithItsType() throws Exception {
        String target = mysql.createDatabase("snap_json_dst");
        mysql.execute(
                "CREATE TABLE `" + target + "`.jt" + CREATE, "CREATE TABLE `" + target + "`.jt_nokey" + CREATE_NO_KEY);
        try (Connection export = snapshotConnection(source);
                Connection load = mysql.connect(target)) {
            TableChunkExporter exporter = new TableChunkExporter(ChunkCompression.ZSTD);
            ChunkLoader loader = new ChunkLoader(LoadSettings.DEFAULTS);
            TableSpec keyed = TableSpec.read(export, source, "jt");
            List<KeyRange> ranges = SnapshotChunkRoundTripIT.ranges(export, keyed, 3);
            for (int i = 0; i < ranges.size(); i++) {
                Path file = dir.resolve("jt." + i + ".chunk.zst");
                ChunkInfo info = exporter.export(export, keyed, ranges.get(i), file);
                assertThat(loader.load(load, file, info.crc32c(), target)).isEqualTo(info.rows());
            }
            Path file = dir.resolve("jt_nokey.chunk.zst");
            ChunkInfo info = exporter.export(export, TableSpec.read(export, source, "jt_nokey"), KeyRange.ALL, file);
            assertThat(loader.load(load, file, info.crc32c(), target)).isEqualTo(info.rows());
        }
        for (String table : List.of("jt", "jt_nokey")) {
            Set<String> paths = paths(source, table);
            List<String> before = images(source, table, paths);
            assertThat(images(target, table, paths))
                    .as("text and JSON_TYPE of every value of " + table)
                    .containsExactlyElementsOf(before);
            assertThat(checksum(target, table)).as("CHECKSUM TABLE " + table).isEqualTo(checksum(source, table));
        }
        assertThat(typesIn(images(source, "jt", paths(source, "jt"))))
                .as("the source holds every JSON type, so the comparison means something")
                .contains(
                        "DECIMAL",
                        "UNSIGNED INTEGER",
                        "INTEGER",
                        "DOUBLE",
                        "DATE",
                        "TIME",
                        "DATETIME",
                        "TIMESTAMP",
                        "BLOB",
                        "BIT",
                        "STRING",
                        "BOOLEAN",
                        "NULL",
                        "OBJECT",
                        "ARRAY");
    }

    @Test
    void aTimestampThatNoUtcSessionCanMakeIsRefusedWhenExporting() throws Exception {
        String db = mysql.createDatabase("snap_json_tz");
        String s = "`" + db + "`.";
        mysql.execute(
                "CREATE TABLE " + s + "tzs (ts TIMESTAMP)",
                "CREATE TABLE " + s + "tz" + CREATE,
                "SET time_zone = '+14:00'",
                "INSERT INTO " + s + "tzs VALUES ('2038-01-19 17:00:00')",
                // the JSON keeps the +14:00 wall time, 2038-01-19 17:00:00, which no TIMESTAMP holds in UTC
                "INSERT INTO " + s + "tz SELECT 1, JSON_ARRAY(ts) FROM " + s + "tzs");
        Path file = dir.resolve("tz.chunk.zst");
        try (Connection export = snapshotConnection(db)) {
            TableSpec spec = TableSpec.read(export, db, "tz");
            assertThatThrownBy(() ->
                            new TableChunkExporter(ChunkCompression.ZSTD).export(export, spec, KeyRange.ALL, file))
                    .isInstanceOfSatisfying(PitrException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.SNAPSHOT_FAILED);
                        assertThat(e.getMessage()).contains("$[0]", "2038-01-19 17:00:00.000000", "tz");
                    });
        }
        assertThat(Files.exists(file)).as("no chunk file is left").isFalse();
    }

    /**
     * Export and load rate of a JSON-heavy table (docs/benchmarks.md): documents with numbers, decimals and dates,
     * whose typed scalars are read by the probe, and documents of strings only, which cost the first pass alone.
     * {@code -Dbench.json.rows=N} sets the size (default 20,000 rows).
     */
    @Test
    void aJsonHeavyTableExportsWithTheTypesOfItsScalars() throws Exception {
        int rows = Integer.getInteger("bench.json.rows", 20_000);
        String db = mysql.createDatabase("snap_json_bench");
        String copy = mysql.createDatabase("snap_json_bench_copy");
        String seq = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + rows + ")";
        mysql.execute(
                "SET SESSION cte_max_recursion_depth = " + (rows + 1),
                "CREATE TABLE `" + db + "`.typed" + CREATE,
                "CREATE TABLE `" + db + "`.strings" + CREATE,
                "CREATE TABLE `" + copy + "`.typed" + CREATE,
                "CREATE TABLE `" + copy + "`.strings" + CREATE,
                "INSERT INTO `" + db + "`.typed " + seq + " SELECT i, JSON_OBJECT('id', i, 'price', i / 4,"
                        + " 'qty', i % 100, 'sku', CONCAT('sku-', i), 'when', DATE '2026-01-01' + INTERVAL (i % 365) DAY,"
                        + " 'tags', JSON_ARRAY('red', 'blue', i % 7), 'dims', JSON_OBJECT('w', i * 1.5e0, 'h', 2.25e0))"
                        + " FROM n",
                "INSERT INTO `" + db + "`.strings " + seq + " SELECT i, JSON_OBJECT('sku', CONCAT('sku-', i),"
                        + " 'tags', JSON_ARRAY('red', 'blue'), 'note', REPEAT('x', 40), 'ok', true) FROM n");
        for (String table : List.of("typed", "strings")) {
            Path file = dir.resolve("bench." + table + ".chunk.zst");
            ChunkInfo info;
            long start = System.nanoTime();
            try (Connection export = snapshotConnection(db)) {
                info = new TableChunkExporter(ChunkCompression.ZSTD)
                        .export(export, TableSpec.read(export, db, table), KeyRange.ALL, file);
            }
            long exported = System.nanoTime() - start;
            start = System.nanoTime();
            try (Connection load = mysql.connect(copy)) {
                assertThat(new ChunkLoader(LoadSettings.DEFAULTS.withoutBinlog()).load(load, file, info.crc32c(), copy))
                        .isEqualTo(rows);
            }
            long loaded = System.nanoTime() - start;
            System.out.printf(
                    "JSON %s, %,d rows, %,d bytes raw: export %.2f s (%,.0f rows/s), load %.2f s (%,.0f rows/s)%n",
                    table,
                    rows,
                    info.uncompressedBytes(),
                    exported / 1e9,
                    rows / (exported / 1e9),
                    loaded / 1e9,
                    rows / (loaded / 1e9));
            assertThat(checksum(copy, table)).as(table).isEqualTo(checksum(db, table));
        }
        String types = "SELECT GROUP_CONCAT(DISTINCT JSON_TYPE(JSON_EXTRACT(j, '$.price')), '/',"
                + " JSON_TYPE(JSON_EXTRACT(j, '$.when'))) FROM ";
        assertThat(mysql.queryString(types + "`" + copy + "`.typed"))
                .isEqualTo(mysql.queryString(types + "`" + db + "`.typed"))
                .isEqualTo("DECIMAL/DATE");
    }

    /** Every path of every value in the table's JSON documents, read client-side from their text. */
    private Set<String> paths(String db, String table) throws Exception {
        Set<String> paths = new LinkedHashSet<>();
        try (Connection c = mysql.connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT CAST(j AS CHAR) FROM `" + table + "` WHERE j IS NOT NULL")) {
            while (rs.next()) {
                walk(MAPPER.readTree(rs.getString(1)), "$", paths);
            }
        }
        return paths;
    }

    private static void walk(JsonNode node, String path, Set<String> paths) throws Exception {
        paths.add(path);
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", paths);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                walk(e.getValue(), path + "." + MAPPER.writeValueAsString(e.getKey()), paths);
            }
        }
    }

    /** Per row, in order: the text and the JSON_TYPE at each path (- where the row has none). */
    private List<String> images(String db, String table, Set<String> paths) throws Exception {
        StringBuilder types = new StringBuilder("CONCAT_WS(','");
        for (String p : paths) {
            types.append(", IFNULL(JSON_TYPE(JSON_EXTRACT(j, ")
                    .append(SqlLiteral.string(p))
                    .append(")), '-')");
        }
        types.append(')');
        List<String> out = new ArrayList<>();
        try (Connection c = mysql.connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT IFNULL(CAST(j AS CHAR), 'SQL NULL'), " + types + " AS t FROM `"
                        + table + "` ORDER BY 1, 2")) {
            while (rs.next()) {
                // the types of the paths this row has, in the order of all paths
                out.add(rs.getString(1) + " | "
                        + rs.getString(2).replaceAll("(^|,)-(?=,|$)", "").replaceAll(",+", ","));
            }
        }
        return out;
    }

    private static Set<String> typesIn(List<String> images) {
        Set<String> types = new TreeSet<>();
        for (String image : images) {
            for (String t : image.substring(image.lastIndexOf(" | ") + 3).split(",")) {
                types.add(t);
            }
        }
        return types;
    }

    private long checksum(String db, String table) throws Exception {
        try (Connection c = mysql.connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("CHECKSUM TABLE `" + table + "`")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    private Connection snapshotConnection(String db) throws Exception {
        Connection c = mysql.connect(db);
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        }
        return c;
    }
}
