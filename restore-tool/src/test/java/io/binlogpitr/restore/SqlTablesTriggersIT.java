package io.binlogpitr.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sql --tables} and {@code find --tables} and the triggers of the selected table. A {@code DROP TRIGGER} names
 * only its trigger: the selection attributes it to its table as a --tables restore does (the snapshot's triggers,
 * then the journal's CREATE/DROP TRIGGER in order), so the script drops what the source dropped of the selected
 * table's triggers and nothing of the other tables'. Before, no {@code DROP TRIGGER} was selected with --tables: the
 * script left the selected table's triggers on the server it ran on, to fire there.
 */
class SqlTablesTriggersIT {
    /** The state both servers start from; the agent journals what comes after. */
    private static final List<String> SETUP = List.of(
            "CREATE DATABASE shop",
            "CREATE TABLE shop.t1 (id INT AUTO_INCREMENT PRIMARY KEY, v INT NOT NULL)",
            "CREATE TABLE shop.t2 (id INT AUTO_INCREMENT PRIMARY KEY, v INT NOT NULL)",
            // known from the snapshot only
            "CREATE TRIGGER shop.trg_snap BEFORE INSERT ON shop.t1 FOR EACH ROW SET @snap_fired = 1",
            "INSERT INTO shop.t1 (v) VALUES (1), (2)",
            "INSERT INTO shop.t2 (v) VALUES (1)");

    @TempDir
    static Path dir;

    private static MysqlServer source;
    private static MysqlServer target;
    private static Path repo;
    private static GtidSet window;
    private static String unknownDrop;
    private static Map<String, String> t1AtEnd;

    @BeforeAll
    static void makeHistory() throws Exception {
        source = MysqlServer.startNew(MysqlOptions.defaults());
        target = MysqlServer.startNew(MysqlOptions.defaults());
        source.createUser(
                History.USER,
                History.PASSWORD,
                "REPLICATION SLAVE, REPLICATION CLIENT, SELECT, RELOAD, SHOW VIEW, TRIGGER, EVENT, BACKUP_ADMIN,"
                        + " CREATE TEMPORARY TABLES");
        source.execute(SETUP.toArray(String[]::new));
        target.execute(SETUP.toArray(String[]::new));
        repo = dir.resolve("repo");
        Path pw = dir.resolve("source.pw");
        Files.writeString(pw, History.PASSWORD + "\n");
        Path config = dir.resolve("agent.yml");
        Files.writeString(
                config,
                "source: {host: " + source.host() + ", port: " + source.port() + ", user: " + History.USER
                        + ", passwordFile: " + pw + ", serverId: 7713}\n"
                        + "repository: " + repo + "\n"
                        + "snapshots: {every: 0, threads: 2, chunkMiB: 1}\n"
                        + "http: {bind: '127.0.0.1:0'}\n");
        Launchers.Started agent = Launchers.start(dir, Map.of(), "pitr-agent", "run", "--config", config.toString());
        try {
            History.awaitCaughtUp(source, repo, agent);
            Launchers.Result snapshot =
                    Launchers.run(dir, Map.of(), "pitr-agent", "snapshot", "--config", config.toString());
            assertThat(snapshot.exitCode()).as(snapshot.output()).isZero();
            GtidSet start = GtidSet.parse(source.gtidExecuted());
            try (var c = source.connect("shop");
                    var st = c.createStatement()) {
                for (String sql : List.of(
                        "INSERT INTO t1 (v) VALUES (3)",
                        "DROP TRIGGER trg_snap",
                        "CREATE TRIGGER trg_a BEFORE INSERT ON t1 FOR EACH ROW SET @a_fired = 1",
                        "CREATE TRIGGER trg_b BEFORE INSERT ON t2 FOR EACH ROW SET @b_fired = 1",
                        "INSERT INTO t1 (v) VALUES (10)",
                        "INSERT INTO t2 (v) VALUES (10)",
                        "UPDATE t1 SET v = v + 1 WHERE id = 1",
                        "DROP TRIGGER trg_a",
                        "DROP TRIGGER IF EXISTS shop.trg_b",
                        "INSERT INTO t1 (v) VALUES (20)")) {
                    st.execute(sql);
                }
            }
            window = GtidSet.parse(source.gtidExecuted()).subtract(start);
            t1AtEnd = t1(source);
            GtidSet beforeHidden = GtidSet.parse(source.gtidExecuted());
            // a trigger on t1 the journal never saw created (made without binary logging), then dropped: unknown
            source.execute(
                    "SET SESSION sql_log_bin = 0",
                    "CREATE TRIGGER shop.trg_hidden AFTER DELETE ON shop.t1 FOR EACH ROW SET @z = 1",
                    "SET SESSION sql_log_bin = 1",
                    "DROP TRIGGER shop.trg_hidden");
            unknownDrop =
                    GtidSet.parse(source.gtidExecuted()).subtract(beforeHidden).toString();
            History.awaitCaughtUp(source, repo, agent);
        } finally {
            agent.process().destroy();
            agent.await();
        }
    }

    @AfterAll
    static void stop() {
        if (source != null) {
            source.close();
        }
        if (target != null) {
            target.close();
        }
    }

    /** The definition, checksum and triggers of shop.t1. */
    private static Map<String, String> t1(MysqlServer s) throws Exception {
        Map<String, String> out = new TreeMap<>(ConfinedRestoreIT.state(s, "shop"));
        String onT1 = s.queryString("SELECT COALESCE(GROUP_CONCAT(TRIGGER_NAME ORDER BY TRIGGER_NAME), '')"
                + " FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = 'shop'"
                + " AND EVENT_OBJECT_TABLE = 't1'");
        out.keySet().removeIf(k -> !k.matches("(TABLE|CHECKSUM) t1|TRIGGER .*"));
        out.keySet()
                .removeIf(k ->
                        k.startsWith("TRIGGER ") && !List.of(onT1.split(",")).contains(k.substring(8)));
        return out;
    }

    @Test
    void theScriptCreatesAndDropsTheSelectedTablesTriggersOnlyAndRunsToTheSourcesState() throws Exception {
        Path script = dir.resolve("t1.sql");
        Launchers.Result r =
                restoreTool("sql", "--gtid", window.toString(), "--tables", "shop.t1", "--out", script.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        String sql = Files.readString(script);
        assertThat(sql)
                .contains("DROP TRIGGER trg_snap;")
                .contains("TRIGGER trg_a BEFORE INSERT ON t1 ")
                .contains("DROP TRIGGER trg_a;")
                .doesNotContain("trg_b");

        String client = Files.isExecutable(Path.of("/usr/bin/mysql")) ? "mysql" : "mariadb";
        Process p = new ProcessBuilder(
                        client,
                        "-h",
                        target.host(),
                        "-P",
                        String.valueOf(target.port()),
                        "-u",
                        target.rootUser(),
                        "--password=" + target.rootPassword(),
                        "--binary-mode")
                .redirectInput(script.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(t1(target)).isEqualTo(t1AtEnd);
        assertThat(target.queryString("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'shop'"))
                .as("no trigger left on the target: the source dropped every one")
                .isEqualTo("0");
        assertThat(target.queryString("SELECT COUNT(*) FROM shop.t2"))
                .as("t2 untouched")
                .isEqualTo("1");
    }

    @Test
    void findListsTheDropsOfTheSelectedTablesTriggers() throws Exception {
        Launchers.Result r = restoreTool("find", "--gtid", window.toString(), "--tables", "shop.t1");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output())
                .contains("DDL: DROP TRIGGER trg_snap")
                .contains("TRIGGER trg_a BEFORE INSERT ON t1")
                .contains("DDL: DROP TRIGGER trg_a")
                .doesNotContain("trg_b");
    }

    @Test
    void aDropTriggerWhoseTableIsUnknownIsRefusedBySqlAndShownByFind() throws Exception {
        Path script = dir.resolve("unknown.sql");
        Launchers.Result r =
                restoreTool("sql", "--gtid", unknownDrop, "--tables", "shop.t1", "--out", script.toString());
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.output())
                .contains("error[DDL_NOT_CONFINED]")
                .contains("transaction " + unknownDrop + " drops trigger shop.trg_hidden whose table is unknown")
                .contains("HINT: select its whole database (--databases shop)");
        assertThat(script).doesNotExist();

        Launchers.Result find = restoreTool("find", "--gtid", unknownDrop, "--tables", "shop.t1");
        assertThat(find.exitCode()).as(find.output()).isZero();
        assertThat(find.output()).contains("DDL: DROP TRIGGER shop.trg_hidden (the table of this trigger is not known");
    }

    private static Launchers.Result restoreTool(String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.add(1, "--repo");
        all.add(2, repo.toString());
        return Launchers.run(dir, Map.of(), "pitr-restore", all.toArray(String[]::new));
    }
}
