package io.binlogpitr.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.AgentConfigFile;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import io.binlogpitr.testing.workload.BigTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real INCIDENT event from a release build of MySQL 8.0.31 (issue 11, item 13): a multi-row INSERT into a MyISAM
 * table that outgrows {@code max_binlog_stmt_cache_size} fails after changing rows, and the server writes
 * {@code LOST_EVENTS} as a transaction of its own (GTID, INCIDENT). The agent journals it and goes on; {@code list}
 * shows it; a restore, {@code sql} and {@code flashback} across it refuse with SOURCE_INCIDENT (the restore before
 * anything is loaded); a restore to just before it is exact.
 */
class IncidentIT {
    private static final String USER = "pitr_incident_src";
    private static final String PASSWORD = "incident-pw";

    @TempDir
    Path dir;

    @Test
    void anIncidentIsJournaledListedAndNeverCrossed() throws Exception {
        // its own server: the incident needs a global setting changed for a moment
        try (MysqlServer source = MysqlServer.startNew(MysqlOptions.defaults());
                MysqlServer target = MysqlServer.startNew(MysqlOptions.defaults())) {
            source.createUser(USER, PASSWORD, AgentAccount.GRANTS);
            source.execute(
                    "CREATE DATABASE shop",
                    "CREATE TABLE shop.orders (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, customer VARCHAR(64)"
                            + " NOT NULL, total DECIMAL(12,2) NOT NULL, status ENUM('new','paid','sent') NOT NULL"
                            + " DEFAULT 'new', note TEXT, created_at DATETIME(6) NOT NULL)",
                    "CREATE DATABASE lossy",
                    "CREATE TABLE lossy.audit (id INT PRIMARY KEY, line VARCHAR(2000)) ENGINE=MyISAM");
            BigTable.create(source, "shop", 10_000);
            Path repo = dir.resolve("repo");
            Path config = config(source, repo);
            Launchers.Started agent = StreamingAgent.start(dir, config);
            try {
                History.awaitCaughtUp(source, repo, agent);
                StreamingAgent.snapshot(dir, config);
                orders(source, 0, 300);
                Map<String, String> beforeIncident = History.checksums(source, "shop");

                String incident = induceIncident(source);
                orders(source, 300, 100);
                History.awaitCaughtUp(source, repo, agent);
                assertThat(agent.output()).contains("the source logged an INCIDENT event as transaction " + incident);

                Launchers.Result list = Launchers.run(dir, Map.of(), "pitr-restore", "list", "--repo", repo.toString());
                assertThat(list.exitCode()).as(list.output()).isZero();
                assertThat(list.output()).containsPattern("INCIDENT +LOST_EVENTS .*at " + incident + " \\(binlog ");

                Launchers.Result status =
                        Launchers.run(dir, Map.of(), "pitr-agent", "status", "--config", config.toString());
                assertThat(status.output()).contains("INCIDENT      " + incident + " at binlog ");

                Launchers.Result across = restore(repo, target, "--to-gtid", lastGtid(source));
                assertThat(across.exitCode()).as(across.output()).isEqualTo(1);
                assertThat(across.output())
                        .contains("error[SOURCE_INCIDENT]: the restore to ")
                        .contains("LOST_EVENTS")
                        .contains("at " + incident)
                        .contains("HINT: restore to before it (--before-gtid " + incident);
                assertThat(target.queryString(
                                "SELECT COUNT(*) FROM information_schema.SCHEMATA" + " WHERE SCHEMA_NAME = 'shop'"))
                        .as("refused before anything was loaded")
                        .isEqualTo("0");

                Launchers.Result sql = Launchers.run(
                        dir,
                        Map.of(),
                        "pitr-restore",
                        "sql",
                        "--repo",
                        repo.toString(),
                        "--out",
                        dir.resolve("f.sql").toString());
                assertThat(sql.exitCode()).as(sql.output()).isEqualTo(1);
                assertThat(sql.output()).contains("error[SOURCE_INCIDENT]").contains(incident);
                Launchers.Result flashback = Launchers.run(
                        dir,
                        Map.of(),
                        "pitr-restore",
                        "flashback",
                        "--repo",
                        repo.toString(),
                        "--gtid",
                        incident,
                        "--sql-out",
                        dir.resolve("undo.sql").toString());
                assertThat(flashback.exitCode()).as(flashback.output()).isEqualTo(1);
                assertThat(flashback.output()).contains("error[SOURCE_INCIDENT]");

                Launchers.Result before = restore(repo, target, "--before-gtid", incident);
                assertThat(before.exitCode()).as(before.output()).isZero();
                assertThat(before.output()).contains("restore       complete");
                assertThat(History.checksums(target, "shop")).isEqualTo(beforeIncident);
            } finally {
                agent.process().destroy();
                agent.process().waitFor(60, TimeUnit.SECONDS);
            }
        }
    }

    /** LOST_EVENTS, as a release build writes it; returns the incident's GTID. */
    private static String induceIncident(MysqlServer source) throws SQLException {
        String before = source.gtidExecuted();
        source.execute("SET GLOBAL max_binlog_stmt_cache_size = 4096");
        try (Connection c = source.connect("lossy");
                Statement st = c.createStatement()) {
            StringBuilder insert = new StringBuilder("INSERT INTO audit VALUES ");
            for (int i = 0; i < 20; i++) {
                insert.append(i == 0 ? "" : ",").append("(").append(i).append(", REPEAT('audit line ', 150))");
            }
            st.execute(insert.toString());
            throw new AssertionError("the INSERT was expected to outgrow max_binlog_stmt_cache_size");
        } catch (SQLException e) {
            assertThat(e.getMessage()).contains("max_binlog_stmt_cache_size");
        } finally {
            source.execute("SET GLOBAL max_binlog_stmt_cache_size = DEFAULT");
        }
        GtidSet added = GtidSet.parse(source.gtidExecuted()).subtract(GtidSet.parse(before));
        assertThat(added.size()).as("the incident has a GTID of its own").isEqualTo(1);
        return lastGtid(source);
    }

    private static void orders(MysqlServer source, int from, int count) throws SQLException {
        try (Connection c = source.connect("shop");
                Statement st = c.createStatement()) {
            for (int i = from; i < from + count; i++) {
                if (i % 2 == 0) {
                    st.execute("INSERT INTO orders (customer, total, note, created_at) VALUES ('customer-" + (i % 53)
                            + "', " + (i * 7 % 100000) / 100.0 + ", 'note ✓ " + i + "', NOW(6))");
                } else {
                    st.execute("UPDATE big SET k = k + 1 WHERE id = " + (i * 31 % 10_000 + 1));
                }
            }
        }
    }

    private static String lastGtid(MysqlServer source) {
        String uuid = source.queryString("SELECT @@server_uuid");
        List<GtidSet.Interval> intervals = GtidSet.parse(source.gtidExecuted()).intervals(uuid);
        return uuid + ":" + intervals.get(intervals.size() - 1).end();
    }

    private Launchers.Result restore(Path repo, MysqlServer target, String... point) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(
                "restore",
                "--repo",
                repo.toString(),
                "--target",
                target.host() + ":" + target.port(),
                "--target-user",
                target.rootUser()));
        args.addAll(List.of(point));
        return Launchers.run(
                dir,
                Map.of("PITR_TARGET_PASSWORD", target.rootPassword()),
                "pitr-restore",
                args.toArray(String[]::new));
    }

    private Path config(MysqlServer source, Path repo) throws Exception {
        return AgentConfigFile.of(
                        source, USER, PASSWORD, 7800 + ProcessHandle.current().pid() % 90)
                .repository(repo)
                .fastReconnect()
                .snapshots("{every: 0, keep: 3, chunkMiB: 1, include: [shop]}")
                .anyHttpPort()
                .writeIn(dir);
    }
}
