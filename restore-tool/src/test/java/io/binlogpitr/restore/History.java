package io.binlogpitr.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalScanner;
import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.AgentConfigFile;
import io.binlogpitr.testing.MysqlServer;
import io.binlogpitr.testing.workload.AllTypesSchema;
import io.binlogpitr.testing.workload.BigTable;
import io.binlogpitr.testing.workload.ConcurrentWriters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A source history to restore from, made on a real mysqld with the real agent: every column type under concurrent
 * writers, a snapshot taken while they write, DDL after the snapshot (ADD/MODIFY/DROP COLUMN, CREATE, RENAME,
 * TRUNCATE, a DDL whose meaning depends on its sql_mode), then a checkpoint (writes paused, every table
 * checksummed), then the mistakes: a DELETE and an UPDATE without WHERE, and more writes.
 */
record History(
        MysqlServer source,
        Path repo,
        String db,
        Map<String, String> checkpoint,
        GtidSet gtidAtCheckpoint,
        Instant checkpointTime,
        String mistake) {

    static final String USER = "pitr_restore_src";
    static final String PASSWORD = "src-pw";

    static History build(MysqlServer source, Path dir, String prefix, long seed) throws Exception {
        AgentAccount.ensure(source, USER, PASSWORD);
        String db = source.createDatabase(prefix);
        try (Connection c = source.connect(db);
                Statement st = c.createStatement()) {
            for (AllTypesSchema.Table t : AllTypesSchema.tablesWithShowableDdl()) {
                st.execute(t.createSql());
            }
        }
        BigTable.create(source, db, 20_000);
        Path repo = dir.resolve("repo-" + db);
        Path config = AgentConfigFile.of(source, USER, PASSWORD, 7000 + seed % 1000)
                .fileNames("agent-" + db + ".yml", "source.pw")
                .repository(repo)
                .fastReconnect()
                .snapshots("{every: 0, threads: 2, chunkMiB: 1, include: [" + db + "]}")
                .anyHttpPort()
                .writeIn(dir);
        Launchers.Started agent = StreamingAgent.start(dir, config);
        try {
            awaitCaughtUp(source, repo, agent);
            List<AllTypesSchema.Table> tables = AllTypesSchema.tablesWithShowableDdl();
            CompletableFuture<ConcurrentWriters.Result> writers = writers(source, db, tables, 4, seed);
            Thread.sleep(1500);
            StreamingAgent.snapshot(dir, config);
            writers.get();

            // DDL inside the replay window, beside more writes on the all-types tables
            CompletableFuture<ConcurrentWriters.Result> more = writers(source, db, tables, 3, seed + 1);
            try (Connection c = source.connect(db);
                    Statement st = c.createStatement()) {
                st.execute("ALTER TABLE big ADD COLUMN extra INT NOT NULL DEFAULT 7");
                st.execute("UPDATE big SET extra = id % 13 WHERE id % 50 = 0");
                st.execute("ALTER TABLE big MODIFY COLUMN k BIGINT NOT NULL");
                st.execute("CREATE TABLE notes (id INT AUTO_INCREMENT PRIMARY KEY, body TEXT CHARACTER SET latin1)");
                st.execute("INSERT INTO notes (body) VALUES ('caf\u00e9'), (''), (NULL), ('x')");
                st.execute("RENAME TABLE notes TO notes2");
                st.execute("CREATE TABLE scratch (id INT PRIMARY KEY)");
                st.execute("INSERT INTO scratch VALUES (1), (2), (3)");
                st.execute("TRUNCATE TABLE scratch");
                st.execute("INSERT INTO scratch VALUES (9)");
                st.execute("ALTER TABLE big DROP COLUMN pad");
                // meaningful only under the sql_mode it ran with: the target's strict default refuses a zero date
                st.execute("SET SESSION sql_mode = ''");
                st.execute("CREATE TABLE zdates (id INT PRIMARY KEY, d DATE NOT NULL DEFAULT '0000-00-00')");
                st.execute("INSERT INTO zdates (id) VALUES (1)");
                st.execute("SET SESSION sql_mode = 'PIPES_AS_CONCAT'");
                st.execute("INSERT INTO notes2 (body) VALUES ('a' || 'b')");
            }
            more.get();

            Map<String, String> checkpoint = checksums(source, db);
            GtidSet atCheckpoint = GtidSet.parse(source.gtidExecuted());
            Instant checkpointTime = Instant.now();
            Thread.sleep(50);
            source.execute("DELETE FROM `" + db + "`.big");
            GtidSet afterMistake = GtidSet.parse(source.gtidExecuted());
            GtidSet mistakeSet = afterMistake.subtract(atCheckpoint);
            assertThat(mistakeSet.size()).isEqualTo(1);
            String mistake = mistakeSet.toString();
            source.execute("UPDATE `" + db + "`.`" + AllTypesSchema.AUTO_PK + "` SET c_int = 0");
            writers(source, db, tables, 2, seed + 2).get();
            awaitCaughtUp(source, repo, agent);
            return new History(source, repo, db, checkpoint, atCheckpoint, checkpointTime, mistake);
        } finally {
            StreamingAgent.stop(agent);
        }
    }

    private static CompletableFuture<ConcurrentWriters.Result> writers(
            MysqlServer source, String db, List<AllTypesSchema.Table> tables, int seconds, long seed) {
        ConcurrentWriters w = new ConcurrentWriters(
                () -> source.connect(db),
                ConcurrentWriters.Settings.forDuration(3, Duration.ofSeconds(seconds), seed)
                        .withTables(tables));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return w.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static void awaitCaughtUp(MysqlServer source, Path repo, Launchers.Started agent) throws InterruptedException {
        GtidSet wanted = GtidSet.parse(source.gtidExecuted());
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(repo.resolve("journal"))) {
                try {
                    if (JournalScanner.scan(repo.resolve("journal")).covered().containsAll(wanted)) {
                        return;
                    }
                } catch (RuntimeException e) {
                    // the journal is being created
                }
            }
            assertThat(agent.process().isAlive()).as(agent.output()).isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError("journal did not catch up with " + wanted + ": " + agent.output());
    }

    /** CHECKSUM TABLE of every base table of {@code db}, by table name. */
    static Map<String, String> checksums(MysqlServer server, String db) throws SQLException {
        Map<String, String> sums = new TreeMap<>();
        try (Connection c = server.connect(null);
                Statement st = c.createStatement()) {
            List<String> tables = new java.util.ArrayList<>();
            try (ResultSet rs =
                    st.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + db
                            + "' AND TABLE_TYPE = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("CHECKSUM TABLE `" + db + "`.`" + t + "`")) {
                    rs.next();
                    sums.put(t, rs.getString(2));
                }
            }
        }
        return sums;
    }
}
