package io.binlogpitr.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.AgentConfigFile;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import io.binlogpitr.testing.workload.AllTypesSchema;
import io.binlogpitr.testing.workload.ConcurrentWriters;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * find, sql and flashback end to end against a real mysqld streamed by the real agent. The source's own checksums
 * are the oracle: recorded, then random changes, then flashback of exactly those changes must give the recorded
 * checksums back, for many seeds and every column type. Also: values keep their columns after ADD/DROP COLUMN, a
 * row changed since the mistake stops the whole flashback, the --sql-out script piped into the mysql client gives
 * the same state, and every bad input gets its exit code.
 */
class FlashbackIT {
    @TempDir
    static Path dir;

    private static MysqlServer source;
    private static Path repo;
    private static Launchers.Started agent;

    @BeforeAll
    static void startAgent() throws Exception {
        source = MysqlServer.shared(MysqlOptions.defaults());
        AgentAccount.ensure(source, History.USER, History.PASSWORD);
        repo = dir.resolve("repo");
        Path config = AgentConfigFile.of(source, History.USER, History.PASSWORD, 7311)
                .repository(repo)
                .snapshots("{every: 0}")
                .writeIn(dir);
        agent = StreamingAgent.start(dir, config);
        // streaming before any test writes: what happened before the agent connected is its journal's base
        History.awaitCaughtUp(source, repo, agent);
    }

    @AfterAll
    static void stopAgent() throws Exception {
        StreamingAgent.stop(agent);
    }

    private static String allTypesDatabase(String prefix) throws Exception {
        String db = source.createDatabase(prefix);
        try (Connection c = source.connect(db);
                Statement st = c.createStatement()) {
            for (AllTypesSchema.Table t : AllTypesSchema.tablesWithShowableDdl()) {
                st.execute(t.createSql());
            }
        }
        return db;
    }

    private static void write(String db, long seed, int millis) throws Exception {
        new ConcurrentWriters(
                        () -> source.connect(db),
                        ConcurrentWriters.Settings.forDuration(3, Duration.ofMillis(millis), seed)
                                .withTables(AllTypesSchema.tablesWithShowableDdl()))
                .run();
    }

    private static GtidSet executed() {
        return GtidSet.parse(source.gtidExecuted());
    }

    private static Launchers.Result restoreTool(String... args) throws Exception {
        History.awaitCaughtUp(source, repo, agent);
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--repo");
        all.add(2, repo.toString());
        return Launchers.run(
                dir, Map.of("PITR_TARGET_PASSWORD", source.rootPassword()), "pitr-restore", all.toArray(String[]::new));
    }

    private static String[] applyTo(MysqlServer server) {
        return new String[] {
            "--apply", "--target", server.host() + ":" + server.port(), "--target-user", server.rootUser()
        };
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void undoingARangeOfRandomChangesGivesBackTheRecordedChecksumsForManySeeds() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            String db = allTypesDatabase("fb" + seed);
            write(db, seed, 1500);
            Map<String, String> before = History.checksums(source, db);
            GtidSet start = executed();
            write(db, seed + 1000, 1500);
            GtidSet range = executed().subtract(start);
            assertThat(History.checksums(source, db))
                    .as("the random changes changed something")
                    .isNotEqualTo(before);

            Launchers.Result r = restoreTool(
                    concat(new String[] {"flashback", "--gtid", range.toString(), "--databases", db}, applyTo(source)));
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("applied").doesNotContain("conflict");
            assertThat(History.checksums(source, db))
                    .as("seed " + seed + ": " + r.output())
                    .isEqualTo(before);
        }
    }

    @Test
    void theSqlOutScriptPipedIntoTheMysqlClientGivesTheSameState() throws Exception {
        String db = allTypesDatabase("fbsql");
        write(db, 77, 1500);
        Map<String, String> before = History.checksums(source, db);
        GtidSet start = executed();
        write(db, 78, 1500);
        GtidSet range = executed().subtract(start);
        Path script = dir.resolve("undo.sql");

        Launchers.Result r =
                restoreTool("flashback", "--gtid", range.toString(), "--databases", db, "--sql-out", script.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(Files.readString(script))
                .contains("-- undo " + source.serverUuid())
                .contains("COMMIT;");
        assertThat(dir.toFile().list()).as("no temporary file left").noneMatch(n -> n.endsWith(".tmp"));

        String client = Files.isExecutable(Path.of("/usr/bin/mysql")) ? "mysql" : "mariadb";
        Process p = new ProcessBuilder(
                        client,
                        "-h",
                        source.host(),
                        "-P",
                        String.valueOf(source.port()),
                        "-u",
                        source.rootUser(),
                        "--password=" + source.rootPassword(),
                        "--binary-mode")
                .redirectInput(script.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(History.checksums(source, db)).isEqualTo(before);
    }

    @Test
    void valuesKeepTheirColumnsAfterAddAndDropColumn() throws Exception {
        String db = source.createDatabase("fbddl");
        source.execute("CREATE TABLE `" + db + "`.people (id INT PRIMARY KEY, name VARCHAR(40), city VARCHAR(40),"
                + " score DECIMAL(8,2), born DATE)");
        StringBuilder insert = new StringBuilder("INSERT INTO `" + db + "`.people VALUES ");
        for (int i = 1; i <= 300; i++) {
            insert.append(i > 1 ? "," : "")
                    .append("(")
                    .append(i)
                    .append(",'name")
                    .append(i)
                    .append("','city")
                    .append(i % 17)
                    .append("',")
                    .append(i * 3)
                    .append(".25,'19")
                    .append(50 + i % 50)
                    .append("-0")
                    .append(1 + i % 9)
                    .append("-1")
                    .append(i % 9)
                    .append("')");
        }
        source.execute(insert.toString());
        String expected = rows(db, "SELECT id, name, score, born FROM people WHERE id % 3 = 0 ORDER BY id");
        GtidSet start = executed();
        source.execute("DELETE FROM `" + db + "`.people WHERE id % 3 = 0");
        GtidSet mistake = executed().subtract(start);
        source.execute(
                "ALTER TABLE `" + db + "`.people ADD COLUMN nick VARCHAR(20) NOT NULL DEFAULT 'n' AFTER id",
                "ALTER TABLE `" + db + "`.people DROP COLUMN city",
                "UPDATE `" + db + "`.people SET score = score + 1 WHERE id % 3 = 1");

        Launchers.Result r =
                restoreTool(concat(new String[] {"flashback", "--gtid", mistake.toString()}, applyTo(source)));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("not restored  columns city of " + db + ".people");
        assertThat(rows(db, "SELECT id, name, score, born FROM people WHERE id % 3 = 0 ORDER BY id"))
                .isEqualTo(expected);
        assertThat(rows(db, "SELECT DISTINCT nick FROM people WHERE id % 3 = 0"))
                .isEqualTo("n\n");
        assertThat(rows(db, "SELECT COUNT(*) FROM people")).isEqualTo("300\n");
    }

    @Test
    void aRowChangedSinceTheMistakeStopsEverythingUntilTheDbaDecides() throws Exception {
        String db = source.createDatabase("fbconf");
        source.execute("CREATE TABLE `" + db + "`.accounts (id INT PRIMARY KEY, balance INT NOT NULL,"
                + " note VARCHAR(20) COLLATE utf8mb4_0900_ai_ci)");
        StringBuilder insert = new StringBuilder("INSERT INTO `" + db + "`.accounts VALUES ");
        for (int i = 1; i <= 50; i++) {
            insert.append(i > 1 ? "," : "")
                    .append("(")
                    .append(i)
                    .append(",")
                    .append(i * 100)
                    .append(",'ab')");
        }
        source.execute(insert.toString());
        GtidSet start = executed();
        source.execute("UPDATE `" + db + "`.accounts SET balance = 0");
        GtidSet mistake = executed().subtract(start);
        // changed since: a new balance, and a note equal to the old one under the collation but not byte for byte
        source.execute(
                "UPDATE `" + db + "`.accounts SET balance = 99 WHERE id = 7",
                "UPDATE `" + db + "`.accounts SET note = 'AB' WHERE id = 8");
        Map<String, String> now = History.checksums(source, db);

        Launchers.Result found = restoreTool("find", "--databases", db, "--type", "update");
        assertThat(found.exitCode()).as(found.output()).isZero();
        assertThat(found.output())
                .contains(mistake.toString())
                .contains(db + ".accounts: 50 updated")
                .contains("UPDATE `" + db + "`.accounts SET balance = 0");
        Launchers.Result json = restoreTool("find", "--gtid", mistake.toString(), "--json");
        JsonNode line = new ObjectMapper()
                .readTree(json.output()
                        .lines()
                        .filter(l -> l.startsWith("{"))
                        .findFirst()
                        .orElseThrow());
        assertThat(line.get("gtid").asText()).isEqualTo(mistake.toString());
        assertThat(line.get("tables").get(0).get("updated").asLong()).isEqualTo(50);

        Launchers.Result r =
                restoreTool(concat(new String[] {"flashback", "--gtid", mistake.toString()}, applyTo(source)));
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.output())
                .contains("error[FLASHBACK_CONFLICT]")
                .contains("conflict      " + db + ".accounts id=7")
                .contains("balance expected 0 found 99")
                .contains("conflict      " + db + ".accounts id=8");
        assertThat(History.checksums(source, db)).as("nothing was changed").isEqualTo(now);

        Launchers.Result skip = restoreTool(concat(
                new String[] {"flashback", "--gtid", mistake.toString(), "--on-conflict", "skip"}, applyTo(source)));
        assertThat(skip.exitCode()).as(skip.output()).isZero();
        assertThat(rows(db, "SELECT id, balance FROM accounts WHERE id IN (6, 7, 8, 9) ORDER BY id"))
                .isEqualTo("6\t600\n7\t99\n8\t0\n9\t900\n");
    }

    @Test
    void forwardSqlNamesEachTransaction() throws Exception {
        String db = allTypesDatabase("fwd");
        GtidSet start = executed();
        write(db, 5, 800);
        GtidSet range = executed().subtract(start);
        Path out = dir.resolve("forward.sql");
        Launchers.Result r = restoreTool("sql", "--gtid", range.toString(), "--out", out.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        String text = Files.readString(out);
        assertThat(text).contains("SET SESSION time_zone = '+00:00';").contains("INSERT INTO `" + db + "`.");
        long commented = text.lines()
                .filter(l -> l.startsWith("-- GTID " + source.serverUuid()))
                .count();
        assertThat(commented).isEqualTo(range.size());
    }

    @Test
    void badInputGetsItsExitCodeAndChangesNothing() throws Exception {
        Launchers.Result noRange =
                restoreTool("flashback", "--sql-out", dir.resolve("x.sql").toString());
        assertThat(noRange.exitCode()).isEqualTo(2);
        assertThat(noRange.output()).contains("error[USAGE]: flashback needs a range");

        String gtid = source.serverUuid() + ":1";
        Launchers.Result both = restoreTool(concat(
                new String[] {
                    "flashback",
                    "--gtid",
                    gtid,
                    "--sql-out",
                    dir.resolve("y.sql").toString()
                },
                applyTo(source)));
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.output()).contains("exactly one of --sql-out FILE and --apply");

        Launchers.Result notJournaled = restoreTool(
                "flashback", "--gtid", gtid, "--sql-out", dir.resolve("x.sql").toString());
        assertThat(notJournaled.exitCode()).as(notJournaled.output()).isEqualTo(2);
        assertThat(notJournaled.output())
                .contains("error[RESTORE_POINT_OUT_OF_RANGE]: --gtid names transactions the journal does not hold: "
                        + gtid);

        Launchers.Result type = restoreTool("find", "--type", "drop");
        assertThat(type.exitCode()).isEqualTo(2);
        assertThat(type.output()).contains("--type 'drop' is not a change type");

        Launchers.Result times =
                restoreTool("find", "--from-time", "2026-11-21T10:00:00Z", "--to-time", "2026-11-21T09:00:00Z");
        assertThat(times.exitCode()).isEqualTo(2);

        Launchers.Result dirMissing = restoreTool(
                "flashback",
                "--gtid",
                gtid,
                "--sql-out",
                dir.resolve("no/such/dir/z.sql").toString());
        assertThat(dirMissing.exitCode()).isEqualTo(2);
        assertThat(dirMissing.output()).contains("does not exist");

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Launchers.Result unreachable = restoreTool(
                "flashback", "--gtid", gtid, "--apply", "--target", "127.0.0.1:" + port, "--target-user", "root");
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.output()).contains("error[TARGET_UNREACHABLE]");
        assertThat(dir.toFile().list()).noneMatch(n -> n.equals("x.sql") || n.equals("y.sql"));
    }

    private static String rows(String db, String sql) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = source.connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= n; i++) {
                    sb.append(i > 1 ? "\t" : "").append(rs.getString(i));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
