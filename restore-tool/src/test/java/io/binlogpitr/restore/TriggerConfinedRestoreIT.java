package io.binlogpitr.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.AgentConfigFile;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code --tables} restore and the triggers of the tables it leaves out. A {@code DROP TRIGGER} names only the
 * trigger, not its table: the restore must attribute it to its table (from the snapshot's triggers and the window's
 * CREATE TRIGGERs, in replay order) and skip the drop of a trigger of a table not restored, run the drop of one of a
 * restored table, and refuse the drop of one whose table it cannot know. Before, every DROP TRIGGER of the database
 * ran on the target, which does not have the other tables' triggers: the restore failed with MySQL error 1360.
 */
class TriggerConfinedRestoreIT {
    private static final String T1_TRIGGER = "BEFORE INSERT ON shop.t1 FOR EACH ROW SET NEW.v = NEW.v + 1";
    private static final String T2_TRIGGER = "BEFORE INSERT ON shop.t2 FOR EACH ROW SET NEW.v = NEW.v * 2";

    @TempDir
    static Path dir;

    private static MysqlServer source;
    private static Path repo;
    private static String unknownDrop;
    private static Map<String, String> shopAtPoint;
    private static Map<String, String> crmAtPoint;

    @BeforeAll
    static void makeHistory() throws Exception {
        source = MysqlServer.startNew(MysqlOptions.defaults());
        source.createUser(History.USER, History.PASSWORD, AgentAccount.GRANTS);
        source.execute(
                "CREATE DATABASE shop",
                "CREATE DATABASE crm",
                "CREATE TABLE shop.t1 (id INT AUTO_INCREMENT PRIMARY KEY, v INT NOT NULL)",
                "CREATE TABLE shop.t2 (id INT AUTO_INCREMENT PRIMARY KEY, v INT NOT NULL)",
                "CREATE TABLE crm.c (id INT AUTO_INCREMENT PRIMARY KEY, v INT NOT NULL)",
                "CREATE TRIGGER shop.trg_t1 " + T1_TRIGGER,
                "CREATE TRIGGER shop.trg_on_t2 " + T2_TRIGGER,
                "CREATE TRIGGER shop.trg_on_t2b AFTER UPDATE ON shop.t2 FOR EACH ROW SET @x = 1",
                "CREATE TRIGGER shop.trg_t2_kept AFTER DELETE ON shop.t2 FOR EACH ROW SET @y = 1",
                "CREATE TRIGGER crm.trg_c BEFORE INSERT ON crm.c FOR EACH ROW SET NEW.v = NEW.v + 5",
                "INSERT INTO shop.t1 (v) VALUES (1), (2), (3)",
                "INSERT INTO shop.t2 (v) VALUES (1), (2), (3)",
                "INSERT INTO crm.c (v) VALUES (1)");
        repo = dir.resolve("repo");
        Path config = AgentConfigFile.of(source, History.USER, History.PASSWORD, 7712)
                .repository(repo)
                .snapshots("{every: 0, threads: 2, chunkMiB: 1}")
                .anyHttpPort()
                .writeIn(dir);
        Launchers.Started agent = StreamingAgent.start(dir, config);
        try {
            History.awaitCaughtUp(source, repo, agent);
            StreamingAgent.snapshot(dir, config);
            window();
            shopAtPoint = ConfinedRestoreIT.state(source, "shop");
            crmAtPoint = ConfinedRestoreIT.state(source, "crm");
            GtidSet atPoint = GtidSet.parse(source.gtidExecuted());
            // a trigger on t1 the journal never saw created (made without binary logging), then dropped: unknown
            source.execute(
                    "SET SESSION sql_log_bin = 0",
                    "CREATE TRIGGER shop.trg_hidden AFTER DELETE ON shop.t1 FOR EACH ROW SET @z = 1",
                    "SET SESSION sql_log_bin = 1",
                    "DROP TRIGGER shop.trg_hidden");
            unknownDrop = GtidSet.parse(source.gtidExecuted()).subtract(atPoint).toString();
            History.awaitCaughtUp(source, repo, agent);
        } finally {
            StreamingAgent.stop(agent);
        }
    }

    /** The window, each statement its own transaction, between row changes of both tables. */
    private static void window() throws Exception {
        try (var c = source.connect("shop");
                var st = c.createStatement()) {
            for (String sql : List.of(
                    "INSERT INTO t2 (v) VALUES (10)",
                    // a trigger of t2, unqualified with default database shop, and qualified IF EXISTS
                    "DROP TRIGGER trg_on_t2",
                    "DROP TRIGGER IF EXISTS shop.trg_on_t2b",
                    "INSERT INTO t1 (v) VALUES (10)",
                    // a trigger of the restored table dropped: runs
                    "DROP TRIGGER shop.trg_t1",
                    "INSERT INTO t1 (v) VALUES (20)",
                    // created in the window on t2 (skipped), then dropped (skipped)
                    "CREATE TRIGGER trg_new2 " + T2_TRIGGER,
                    "INSERT INTO t2 (v) VALUES (30)",
                    "DROP TRIGGER trg_new2",
                    // created in the window on t1 (runs), dropped and created again under a name t2's trigger had
                    "CREATE TRIGGER trg_gone AFTER UPDATE ON t1 FOR EACH ROW SET @g = 1",
                    "DROP TRIGGER IF EXISTS trg_gone",
                    "CREATE TRIGGER trg_on_t2 " + T1_TRIGGER,
                    "INSERT INTO t1 (v) VALUES (40)",
                    // a trigger of another database, qualified
                    "DROP TRIGGER crm.trg_c",
                    "INSERT INTO crm.c (v) VALUES (2)")) {
                st.execute(sql);
            }
        }
    }

    @AfterAll
    static void stop() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void dropTriggersOfTablesNotRestoredAreSkippedAndTheTableIsExact() throws Exception {
        Launchers.Result r =
                restore("--before-gtid", unknownDrop, "--tables", "shop.t1", "--rename-db", "shop=shop_t1");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("restore       complete");
        Map<String, String> expected = new TreeMap<>(shopAtPoint);
        expected.keySet().removeIf(k -> !k.matches("(TABLE|CHECKSUM) t1|TRIGGER trg_on_t2"));
        assertThat(expected).containsKeys("CHECKSUM t1", "TRIGGER trg_on_t2");
        Map<String, String> side = new TreeMap<>();
        ConfinedRestoreIT.state(source, "shop_t1").forEach((k, v) -> side.put(k, v.replace("`shop_t1`", "shop")));
        Map<String, String> unquoted = new TreeMap<>();
        expected.forEach((k, v) -> unquoted.put(k, v.replace("`shop`", "shop")));
        assertThat(side).isEqualTo(unquoted);
        assertThat(ConfinedRestoreIT.state(source, "crm")).isEqualTo(crmAtPoint);
        assertThat(ConfinedRestoreIT.state(source, "shop")).isEqualTo(shopAtPoint);
    }

    @Test
    void aDropTriggerWhoseTableIsUnknownIsRefused() throws Exception {
        Launchers.Result r = restore("--to-gtid", unknownDrop, "--tables", "shop.t1", "--rename-db", "shop=shop_u");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.output())
                .contains("error[DDL_NOT_CONFINED]")
                .contains("transaction " + unknownDrop + " drops trigger shop.trg_hidden whose table is unknown")
                .contains("DROP TRIGGER shop.trg_hidden");
    }

    private static Launchers.Result restore(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(
                "restore",
                "--repo",
                repo.toString(),
                "--target",
                source.host() + ":" + source.port(),
                "--target-user",
                source.rootUser()));
        all.addAll(List.of(args));
        return Launchers.run(
                dir, Map.of("PITR_TARGET_PASSWORD", source.rootPassword()), "pitr-restore", all.toArray(String[]::new));
    }
}
