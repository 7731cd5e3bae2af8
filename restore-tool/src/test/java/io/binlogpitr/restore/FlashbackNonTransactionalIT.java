package io.binlogpitr.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flashback of a window that changed an InnoDB and a MyISAM table, against a real mysqld (GTID mode, so
 * enforce_gtid_consistency) streamed by the real agent. The undo is one transaction, all or nothing, which a MyISAM
 * table cannot take part in: {@code --apply} refuses it before anything runs, naming the table and its engine (it
 * used to fail half-way with MySQL error 1785), {@code --sql-out} warns in its header, and with {@code --tables}
 * naming the InnoDB table alone the undo works and leaves the MyISAM table as it is.
 */
class FlashbackNonTransactionalIT {
    @TempDir
    static Path dir;

    private static MysqlServer source;
    private static Path repo;
    private static Path config;
    private static Launchers.Started agent;

    @BeforeAll
    static void startAgent() throws Exception {
        source = MysqlServer.shared(MysqlOptions.defaults());
        AgentAccount.ensure(source, History.USER, History.PASSWORD);
        repo = dir.resolve("repo");
        Path pw = dir.resolve("source.pw");
        Files.writeString(pw, History.PASSWORD + "\n");
        config = dir.resolve("agent.yml");
        Files.writeString(
                config,
                "source: {host: " + source.host() + ", port: " + source.port() + ", user: " + History.USER
                        + ", passwordFile: " + pw + ", serverId: 7324}\n"
                        + "repository: " + repo + "\n"
                        + "snapshots: {every: 0, threads: 2}\n"
                        + "http: {bind: '127.0.0.1:0'}\n");
        agent = Launchers.start(dir, Map.of(), "pitr-agent", "run", "--config", config.toString());
        History.awaitCaughtUp(source, repo, agent);
    }

    @AfterAll
    static void stopAgent() throws Exception {
        if (agent != null) {
            agent.process().destroy();
            agent.await();
        }
    }

    private static Launchers.Result restoreTool(String... args) throws Exception {
        History.awaitCaughtUp(source, repo, agent);
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--repo");
        all.add(2, repo.toString());
        return Launchers.run(
                dir, Map.of("PITR_TARGET_PASSWORD", source.rootPassword()), "pitr-restore", all.toArray(String[]::new));
    }

    private static Launchers.Result flashbackApply(GtidSet gtids, String... more) throws Exception {
        List<String> all = new ArrayList<>(List.of(
                "flashback",
                "--gtid",
                gtids.toString(),
                "--apply",
                "--target",
                source.host() + ":" + source.port(),
                "--target-user",
                source.rootUser()));
        all.addAll(List.of(more));
        return restoreTool(all.toArray(String[]::new));
    }

    private static GtidSet executed() {
        return GtidSet.parse(source.gtidExecuted());
    }

    @Test
    void aWindowThatChangedAMyIsamTableIsRefusedBeforeAnythingRunsAndTheInnoDbTableAloneCanBeUndone() throws Exception {
        String db = source.createDatabase("fbmyi");
        String q = "`" + db + "`.";
        source.execute(
                "CREATE TABLE " + q + "orders (id INT PRIMARY KEY, customer VARCHAR(20), total DECIMAL(8,2))"
                        + " ENGINE=InnoDB",
                "CREATE TABLE " + q + "search (id INT PRIMARY KEY, words VARCHAR(60), FULLTEXT KEY (words))"
                        + " ENGINE=MyISAM",
                "INSERT INTO " + q + "orders WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE"
                        + " i < 40) SELECT i, CONCAT('customer ', i), i * 1.25 FROM n",
                "INSERT INTO " + q + "search WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE"
                        + " i < 40) SELECT i, CONCAT('order of customer ', i) FROM n");
        assertThat(source.queryString("SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + db
                        + "' AND TABLE_NAME = 'search'"))
                .isEqualTo("MyISAM");
        History.awaitCaughtUp(source, repo, agent);
        Launchers.Result snap = Launchers.run(dir, Map.of(), "pitr-agent", "snapshot", "--config", config.toString());
        assertThat(snap.exitCode()).as(snap.output()).isZero();
        Map<String, String> before = History.checksums(source, db);

        // the mistakes, each its own transaction (a GTID server refuses MyISAM and InnoDB in one)
        GtidSet start = executed();
        source.execute(
                "DELETE FROM " + q + "orders WHERE id % 3 = 0",
                "UPDATE " + q + "search SET words = 'gone' WHERE id % 3 = 0",
                "UPDATE " + q + "orders SET total = 0 WHERE id % 5 = 0",
                "DELETE FROM " + q + "search WHERE id > 35");
        GtidSet mistakes = executed().subtract(start);
        String first = firstGtid(mistakes);
        Map<String, String> after = History.checksums(source, db);
        assertThat(after.get("orders")).isNotEqualTo(before.get("orders"));
        assertThat(after.get("search")).isNotEqualTo(before.get("search"));

        // refused before anything runs, naming the table, its engine, why and what to do
        Launchers.Result refused = flashbackApply(mistakes);
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output())
                .contains("error[FLASHBACK_REFUSED]: the undo would write non-transactional table " + db
                        + ".search (MyISAM) on the target: flashback undoes everything in one transaction so that it"
                        + " is all or nothing, and a MyISAM table cannot take part")
                .contains("nothing was changed")
                .contains("HINT: to undo the other tables only, name them: --tables " + db + ".orders; or restore it"
                        + " beside the live database with 'pitr-restore restore --repo DIR --before-gtid " + first
                        + " --tables " + db + ".search --rename-db " + db + "=" + db + "_before")
                .doesNotContain("FLASHBACK_FAILED")
                .doesNotContain("(MySQL error 1785)")
                .doesNotContain("applied");
        assertThat(History.checksums(source, db)).as("both tables unchanged").isEqualTo(after);

        // the script warns in its header, before its transaction's first statement
        Path script = dir.resolve("undo.sql");
        Launchers.Result written =
                restoreTool("flashback", "--gtid", mistakes.toString(), "--sql-out", script.toString());
        assertThat(written.exitCode()).as(written.output()).isZero();
        String text = Files.readString(script);
        int warning = text.indexOf("-- WARNING, NON-TRANSACTIONAL TABLES (snapshot ");
        assertThat(warning).as(text).isPositive();
        assertThat(text.substring(warning)).startsWith("-- WARNING").contains("): " + db + ".search (MyISAM). ");
        assertThat(warning).isLessThan(text.indexOf("-- undo "));

        // the InnoDB table alone: undone, the MyISAM table left as the mistakes left it
        Launchers.Result innodb = flashbackApply(mistakes, "--tables", db + ".orders");
        assertThat(innodb.exitCode()).as(innodb.output()).isZero();
        assertThat(innodb.output()).contains("applied       ").doesNotContain("conflict");
        Map<String, String> now = History.checksums(source, db);
        assertThat(now.get("orders")).as("orders as before the mistakes").isEqualTo(before.get("orders"));
        assertThat(now.get("search")).as("search left as it was").isEqualTo(after.get("search"));
    }

    /** The first GTID of a set of one source's consecutive transactions. */
    private static String firstGtid(GtidSet set) {
        String uuid = set.sourceKeys().get(0);
        return uuid + ":" + set.intervals(uuid).get(0).start();
    }
}
