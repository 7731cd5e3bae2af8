package io.binlogpitr.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.AgentConfigFile;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unsigned numbers at their limits through every path that decodes rows, in every way the source can log them:
 * {@code binlog_row_metadata} FULL and MINIMAL (names then come from the schema history) × transactions compressed
 * ({@code binlog_transaction_compression=ON}, zstd payloads) and not. Each of the four combinations has its own
 * three tables: an unsigned BIGINT primary key in first position, a 58-column table with TINYINT, SMALLINT,
 * MEDIUMINT, INT and BIGINT UNSIGNED (at their maxima, at 2^(n-1), at 2^(n-1) - 1 and 0), DECIMAL, FLOAT and DOUBLE
 * UNSIGNED in the middle, behind YEAR, BIT, ENUM, FLOAT and DECIMAL columns (MySQL gives YEAR a signedness bit:
 * a decoder that skipped it read 2^64 - 1 behind a YEAR as -1), a BIGINT UNSIGNED in last position, and a table
 * without a primary key ending in a BIGINT UNSIGNED; a parent keyed by BIGINT UNSIGNED at and above 2^63 whose
 * DELETE cascades (ON DELETE CASCADE) to child rows that flashback must rebuild from the snapshot.
 * Inserts of 300 wide rows span several rows events under one TABLE_MAP; the changes are multi-table
 * transactions of UPDATEs (both images), DELETEs and INSERTs.
 *
 * <p>The paths and what each must give: {@code pitr-restore sql} of the whole window replayed into a fresh server
 * checksums like the source; {@code find --json} counts every changed row per table; {@code flashback --sql-out}
 * replayed there checksums like the source before the changes; {@code flashback --apply} on the source finds no
 * conflict (a wrongly signed expected image is a false conflict) and gives the same checksums back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnsignedDecodingIT {
    private static final int ROWS = 300;
    private static final String U64_MAX = "18446744073709551615";
    private static final BigInteger TWO_63 = BigInteger.ONE.shiftLeft(63);
    private static final String[] METADATA = {"FULL", "MINIMAL"};
    private static final String[] COMPRESSION = {"OFF", "ON"};
    /** Per unsigned integer type: maximum, 2^(n-1), 2^(n-1) - 1, 0, maximum - 1. */
    private static final String[][] UNSIGNED = {
        {"TINYINT", "255", "128", "127", "0", "254"},
        {"SMALLINT", "65535", "32768", "32767", "0", "65534"},
        {"MEDIUMINT", "16777215", "8388608", "8388607", "0", "16777214"},
        {"INT", "4294967295", "2147483648", "2147483647", "0", "4294967294"},
        {"BIGINT", U64_MAX, "9223372036854775808", "9223372036854775807", "0", "18446744073709551614"}
    };

    @TempDir
    static Path dir;

    private MysqlServer source;
    private MysqlServer fresh;
    private Path repo;
    private String db;
    private GtidSet window;
    private GtidSet changes;
    private Map<String, String> beforeChanges;
    private Map<String, String> afterChanges;
    /** Rows each change transaction touched, by table, as MySQL counted them. */
    private final Map<String, Long> changedRows = new TreeMap<>();

    @BeforeAll
    void makeHistory() throws Exception {
        source = MysqlServer.startNew(MysqlOptions.defaults()); // its own: binlog_row_metadata is global
        fresh = MysqlServer.startNew(MysqlOptions.defaults());
        String user = "pitr_unsigned_src";
        source.createUser(user, History.PASSWORD, AgentAccount.GRANTS);
        repo = dir.resolve("repo");
        Path config = AgentConfigFile.of(source, user, History.PASSWORD, 7511)
                .repository(repo)
                .snapshots("{every: 0, threads: 2, include: [unsigned_limits]}")
                .anyHttpPort()
                .writeIn(dir);
        Launchers.Started agent = StreamingAgent.start(dir, config);
        try {
            History.awaitCaughtUp(source, repo, agent);
            GtidSet start = executed();
            db = "unsigned_limits";
            source.execute("CREATE DATABASE `" + db + "`");
            for (String metadata : METADATA) {
                source.execute("SET GLOBAL binlog_row_metadata = " + metadata);
                for (String compression : COMPRESSION) {
                    try (Connection c = session(compression)) {
                        create(c, prefix(metadata, compression));
                    }
                }
            }
            History.awaitCaughtUp(source, repo, agent);
            // the rows a foreign key cascade takes with it are not in the binlog: flashback rebuilds them from here
            StreamingAgent.snapshot(dir, config);
            beforeChanges = History.checksums(source, db);
            GtidSet beforeChangeSet = executed();
            for (String metadata : METADATA) {
                source.execute("SET GLOBAL binlog_row_metadata = " + metadata);
                for (String compression : COMPRESSION) {
                    try (Connection c = session(compression)) {
                        change(c, prefix(metadata, compression));
                    }
                }
            }
            source.execute("SET GLOBAL binlog_row_metadata = FULL");
            afterChanges = History.checksums(source, db);
            window = executed().subtract(start);
            changes = executed().subtract(beforeChangeSet);
            History.awaitCaughtUp(source, repo, agent);
        } finally {
            StreamingAgent.stop(agent);
        }
        assertThat(afterChanges).isNotEqualTo(beforeChanges);
        assertThat(source.queryString("SELECT COUNT(*) FROM `" + db + "`.`full_on_first` WHERE bu >= " + TWO_63))
                .as("unsigned values at and above 2^63 are there to decode")
                .isNotEqualTo("0");
    }

    @AfterAll
    void stopServers() {
        if (fresh != null) {
            fresh.close();
        }
        if (source != null) {
            source.close();
        }
    }

    private GtidSet executed() {
        return GtidSet.parse(source.gtidExecuted());
    }

    private Connection session(String compression) throws Exception {
        Connection c = source.connect(db);
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION binlog_transaction_compression = " + compression);
        }
        return c;
    }

    private static String prefix(String metadata, String compression) {
        return (metadata.equals("FULL") ? "full_" : "minimal_") + compression.toLowerCase(java.util.Locale.ROOT) + "_";
    }

    /** The three tables, then one transaction inserting into all of them. */
    private static void create(Connection c, String p) throws Exception {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE `" + p + "first` (bu BIGINT UNSIGNED PRIMARY KEY, iu INT UNSIGNED NOT NULL,"
                    + " note VARCHAR(64), amount DECIMAL(65,0) UNSIGNED, s BIGINT NOT NULL)");
            StringBuilder wide = new StringBuilder("CREATE TABLE `" + p + "wide` (id INT PRIMARY KEY");
            for (int g = 0; g < 4; g++) {
                wide.append(", tu")
                        .append(g)
                        .append(" TINYINT UNSIGNED NOT NULL, y")
                        .append(g)
                        .append(" YEAR, su")
                        .append(g)
                        .append(" SMALLINT UNSIGNED, v")
                        .append(g)
                        .append(" VARCHAR(40), mu")
                        .append(g)
                        .append(" MEDIUMINT UNSIGNED NOT NULL, f")
                        .append(g)
                        .append(" FLOAT UNSIGNED, iu")
                        .append(g)
                        .append(" INT UNSIGNED NOT NULL, d")
                        .append(g)
                        .append(" DECIMAL(20,5) UNSIGNED, ts")
                        .append(g)
                        .append(" BIGINT, bu")
                        .append(g)
                        .append(" BIGINT UNSIGNED NOT NULL, e")
                        .append(g)
                        .append(" ENUM('a','b','c'), db")
                        .append(g)
                        .append(" DOUBLE UNSIGNED, bt")
                        .append(g)
                        .append(" BIT(5), dt")
                        .append(g)
                        .append(" DATETIME(3)");
            }
            st.execute(wide.append(", bu_end BIGINT UNSIGNED)").toString());
            st.execute("CREATE TABLE `" + p + "last` (label VARCHAR(20) NOT NULL, tiny TINYINT UNSIGNED NOT NULL,"
                    + " med MEDIUMINT UNSIGNED NOT NULL, sgn TINYINT, bu BIGINT UNSIGNED)");
            st.execute("CREATE TABLE `" + p + "parent` (since YEAR, id BIGINT UNSIGNED PRIMARY KEY, name VARCHAR(20))");
            st.execute("CREATE TABLE `" + p + "child` (id INT PRIMARY KEY, born YEAR, parent_id BIGINT UNSIGNED,"
                    + " share DECIMAL(30,0) UNSIGNED, FOREIGN KEY (parent_id) REFERENCES `" + p + "parent` (id)"
                    + " ON DELETE CASCADE)");
        }
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute(insertFirst(p, 1, ROWS));
            st.execute(insertWide(p, 1, ROWS));
            st.execute(insertLast(p, 1, ROWS));
            StringBuilder parents = new StringBuilder("INSERT INTO `" + p + "parent` VALUES ");
            StringBuilder children = new StringBuilder("INSERT INTO `" + p + "child` VALUES ");
            for (int i = 1; i <= 60; i++) {
                BigInteger id = i % 2 == 0
                        ? new BigInteger(U64_MAX).subtract(BigInteger.valueOf(i))
                        : TWO_63.add(BigInteger.valueOf(i));
                parents.append(i == 1 ? "" : ",")
                        .append("(2000,")
                        .append(id)
                        .append(",'parent ")
                        .append(i)
                        .append("')");
                for (int k = 0; k < 3; k++) {
                    children.append(i == 1 && k == 0 ? "" : ",")
                            .append('(')
                            .append(i * 10 + k)
                            .append(",1999,")
                            .append(id)
                            .append(',')
                            .append(k == 0 ? "9".repeat(30) : String.valueOf(k))
                            .append(')');
                }
            }
            st.execute(parents.toString());
            st.execute(children.toString());
        }
        c.commit();
    }

    /** Three transactions of UPDATEs, DELETEs and INSERTs, the first two over several tables. */
    private void change(Connection c, String p) throws Exception {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            StringBuilder mirror = new StringBuilder("UPDATE `" + p + "wide` SET v0 = CONCAT(IFNULL(v0, ''), 'u')");
            for (int g = 0; g < 4; g++) {
                mirror.append(", tu").append(g).append(" = 255 - tu").append(g);
                mirror.append(", su").append(g).append(" = 65535 - su").append(g);
                mirror.append(", mu").append(g).append(" = 16777215 - mu").append(g);
                mirror.append(", iu").append(g).append(" = 4294967295 - iu").append(g);
                mirror.append(", bu")
                        .append(g)
                        .append(" = ")
                        .append(U64_MAX)
                        .append(" - bu")
                        .append(g);
            }
            mirror.append(", bu_end = ").append(U64_MAX).append(" - bu_end WHERE id % 3 = 0");
            count(p + "wide", st.executeUpdate(mirror.toString()));
            count(p + "last", st.executeUpdate("DELETE FROM `" + p + "last` WHERE tiny >= 128 AND med % 2 = 0"));
            count(p + "first", st.executeUpdate(insertFirst(p, ROWS + 1, 40)));
        }
        c.commit();
        try (Statement st = c.createStatement()) {
            count(
                    p + "first",
                    st.executeUpdate("UPDATE `" + p + "first` SET note = CONCAT(IFNULL(note, ''), '!'),"
                            + " iu = 4294967295 - iu WHERE bu >= " + TWO_63));
            count(p + "first", st.executeUpdate("DELETE FROM `" + p + "first` WHERE bu < " + TWO_63));
            count(
                    p + "last",
                    st.executeUpdate("UPDATE `" + p + "last` SET bu = " + U64_MAX + " - bu, tiny = 255 - tiny"
                            + " WHERE bu IS NOT NULL AND label LIKE '%3'"));
        }
        c.commit();
        try (Statement st = c.createStatement()) {
            count(p + "wide", st.executeUpdate("DELETE FROM `" + p + "wide` WHERE id % 5 = 1"));
        }
        c.commit();
        try (Statement st = c.createStatement()) { // cascades to three child rows each, which the binlog lacks
            count(p + "parent", st.executeUpdate("DELETE FROM `" + p + "parent` WHERE id % 3 = 0"));
        }
        c.commit();
    }

    private void count(String table, int rows) {
        assertThat(rows).as("rows %s changed", table).isPositive();
        changedRows.merge(db + "." + table, (long) rows, Long::sum);
    }

    private static String pick(String[] limits, int i) {
        return limits[1 + Math.floorMod(i, limits.length - 1)];
    }

    private static String insertFirst(String p, int from, int n) {
        StringBuilder sb = new StringBuilder("INSERT INTO `" + p + "first` VALUES ");
        for (int i = from; i < from + n; i++) {
            BigInteger key = i % 4 == 0
                    ? BigInteger.valueOf(i) // below 2^63
                    : i % 4 == 1
                            ? new BigInteger(U64_MAX).subtract(BigInteger.valueOf(i))
                            : TWO_63.add(BigInteger.valueOf(i));
            sb.append(i == from ? "" : ",")
                    .append('(')
                    .append(key)
                    .append(',')
                    .append(pick(UNSIGNED[3], i))
                    .append(',')
                    .append(i % 7 == 0 ? "NULL" : "'row " + i + "'")
                    .append(',')
                    .append(i % 2 == 0 ? "9".repeat(65) : String.valueOf(i))
                    .append(',')
                    .append(i % 3 == 0 ? "-9223372036854775808" : i % 3 == 1 ? "9223372036854775807" : "-1")
                    .append(')');
        }
        return sb.toString();
    }

    private static String insertWide(String p, int from, int n) {
        StringBuilder sb = new StringBuilder("INSERT INTO `" + p + "wide` VALUES ");
        for (int i = from; i < from + n; i++) {
            sb.append(i == from ? "(" : ",(").append(i);
            for (int g = 0; g < 4; g++) {
                int k = i + g;
                sb.append(',').append(pick(UNSIGNED[0], k));
                sb.append(',').append(k % 9 == 0 ? "NULL" : String.valueOf(1901 + k % 255));
                sb.append(',').append(k % 11 == 0 ? "NULL" : pick(UNSIGNED[1], k + 1));
                sb.append(',').append(k % 6 == 0 ? "NULL" : "'text " + k + "'");
                sb.append(',').append(pick(UNSIGNED[2], k + 2));
                sb.append(',').append(k % 4 == 0 ? "3.40282e38" : k % 4 == 1 ? "0" : k % 4 == 2 ? "1.5" : "NULL");
                sb.append(',').append(pick(UNSIGNED[3], k + 3));
                sb.append(',').append(k % 3 == 0 ? "999999999999999.99999" : k % 3 == 1 ? "0.00001" : "NULL");
                sb.append(',')
                        .append(k % 3 == 0 ? "-9223372036854775808" : k % 3 == 1 ? "9223372036854775807" : "NULL");
                sb.append(',').append(pick(UNSIGNED[4], k + 4));
                sb.append(',').append(k % 4 == 3 ? "NULL" : "'" + (char) ('a' + k % 3) + "'");
                sb.append(',')
                        .append(k % 4 == 0 ? "1.7976931348623157e308" : k % 4 == 1 ? "0" : k % 4 == 2 ? "2.5" : "NULL");
                sb.append(',').append(k % 32);
                sb.append(",'")
                        .append(LocalDateTime.of(2020, 1, 1, 0, 0, 0, 123_000_000)
                                .plusMinutes(k))
                        .append('\'');
            }
            sb.append(',')
                    .append(i % 10 == 0 ? "NULL" : pick(UNSIGNED[4], i * 7))
                    .append(')');
        }
        return sb.toString();
    }

    private static String insertLast(String p, int from, int n) {
        StringBuilder sb = new StringBuilder("INSERT INTO `" + p + "last` VALUES ");
        for (int i = from; i < from + n; i++) {
            sb.append(i == from ? "(" : ",(")
                    .append("'label ")
                    .append(i)
                    .append("',")
                    .append(pick(UNSIGNED[0], i))
                    .append(',')
                    .append(pick(UNSIGNED[2], i + 1))
                    .append(',')
                    .append(i % 3 == 0 ? "-128" : i % 3 == 1 ? "127" : "-1")
                    .append(',')
                    .append(i % 8 == 0 ? "NULL" : pick(UNSIGNED[4], i + 2))
                    .append(')');
        }
        return sb.toString();
    }

    private Launchers.Result restoreTool(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--repo");
        all.add(2, repo.toString());
        return Launchers.run(
                dir, Map.of("PITR_TARGET_PASSWORD", source.rootPassword()), "pitr-restore", all.toArray(String[]::new));
    }

    private static void pipe(MysqlServer server, Path script) throws Exception {
        String client = Files.isExecutable(Path.of("/usr/bin/mysql")) ? "mysql" : "mariadb";
        Process p = new ProcessBuilder(
                        client,
                        "-h",
                        server.host(),
                        "-P",
                        String.valueOf(server.port()),
                        "-u",
                        server.rootUser(),
                        "--password=" + server.rootPassword(),
                        "--binary-mode")
                .redirectInput(script.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
    }

    /**
     * One test, in order, because each step starts from the state the one before left: the forward script builds
     * the copy the undo script is replayed into, and the applied flashback changes the source last.
     */
    @Test
    void everyPathDecodesUnsignedLimitsAlikeCompressedOrNotFullOrMinimal() throws Exception {
        Path forward = dir.resolve("window.sql");
        Launchers.Result sql = restoreTool("sql", "--gtid", window.toString(), "--out", forward.toString());
        assertThat(sql.exitCode()).as(sql.output()).isZero();
        String script = Files.readString(forward);
        assertThat(script).contains(U64_MAX).contains("9223372036854775808");
        pipe(fresh, forward);
        assertThat(History.checksums(fresh, db)).as("sql script replayed").isEqualTo(afterChanges);

        Launchers.Result find = restoreTool("find", "--gtid", changes.toString(), "--json");
        assertThat(find.exitCode()).as(find.output()).isZero();
        Map<String, Long> counted = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : find.output().split("\n")) {
            if (!line.startsWith("{")) {
                continue;
            }
            for (JsonNode t : json.readTree(line).get("tables")) {
                long n = t.get("inserted").asLong()
                        + t.get("updated").asLong()
                        + t.get("deleted").asLong();
                counted.merge(t.get("table").asText(), n, Long::sum);
            }
        }
        assertThat(counted).as("find --json rows per table").isEqualTo(changedRows);

        Path undo = dir.resolve("undo.sql");
        Launchers.Result out =
                restoreTool("flashback", "--gtid", changes.toString(), "--databases", db, "--sql-out", undo.toString());
        assertThat(out.exitCode()).as(out.output()).isZero();
        assertThat(Files.readString(undo)).contains(U64_MAX);
        pipe(fresh, undo);
        assertThat(History.checksums(fresh, db))
                .as("flashback --sql-out replayed")
                .isEqualTo(beforeChanges);

        Launchers.Result apply = restoreTool(
                "flashback",
                "--gtid",
                changes.toString(),
                "--databases",
                db,
                "--apply",
                "--target",
                source.host() + ":" + source.port(),
                "--target-user",
                source.rootUser());
        assertThat(apply.exitCode()).as(apply.output()).isZero();
        assertThat(apply.output()).doesNotContainIgnoringCase("conflict");
        assertThat(History.checksums(source, db)).as("flashback --apply").isEqualTo(beforeChanges);
    }
}
