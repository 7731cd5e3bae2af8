package io.binlogpitr.restore;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.AgentConfigFile;
import io.binlogpitr.testing.MysqlServer;
import io.binlogpitr.testing.workload.BigTable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A source history whose replay window holds CREATE TABLE ... SELECT (small, empty, and one copying 50,000 rows),
 * changes to the tables it created, a 50,000-row UPDATE in one transaction (a long batch to kill), and thousands of
 * single-row transactions on an orders table of real-world shape (utf8mb4 names with 4-byte characters, DECIMAL
 * amounts, ENUM status, DATETIME(6), nullable notes). Made with the real agent: a
 * snapshot first, then the window, then a checkpoint (every table checksummed) and more writes after it.
 *
 * @param point the last GTID at the checkpoint: restoring {@code --to-gtid point} must give {@code checkpoint}
 */
record WindowHistory(
        MysqlServer source,
        Path repo,
        String db,
        Map<String, String> checkpoint,
        GtidSet gtidAtCheckpoint,
        String point) {

    private static final List<String> NAMES =
            List.of("Zoë Müller", "José Núñez", "李小龍", "Ærøskøbing ApS", "Łukasz Żółw", "🦊 Fox & Co", "O'Brien");
    private static final List<String> STATUSES = List.of("open", "paid", "shipped", "cancelled");

    static WindowHistory build(MysqlServer source, Path dir, String prefix, long seed) throws Exception {
        AgentAccount.ensure(source, History.USER, History.PASSWORD);
        String db = source.createDatabase(prefix);
        source.execute("CREATE TABLE `" + db + "`.orders (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                + " customer VARCHAR(80) CHARACTER SET utf8mb4 NOT NULL, status ENUM('open','paid','shipped',"
                + "'cancelled') NOT NULL DEFAULT 'open', amount DECIMAL(12,2) NOT NULL, note TEXT NULL,"
                + " created_at DATETIME(6) NOT NULL, KEY by_status (status))");
        BigTable.create(source, db, 50_000);
        Random random = new Random(seed);
        insertOrders(source, db, random, 2_000);
        Path repo = dir.resolve("repo-" + db);
        Path config = AgentConfigFile.of(source, History.USER, History.PASSWORD, 7000 + seed % 1000)
                .fileNames("agent-" + db + ".yml", "source-" + db + ".pw")
                .repository(repo)
                .fastReconnect()
                .snapshots("{every: 0, threads: 2, chunkMiB: 1, include: [" + db + "]}")
                .anyHttpPort()
                .writeIn(dir);
        Launchers.Started agent = StreamingAgent.start(dir, config);
        try {
            History.awaitCaughtUp(source, repo, agent);
            StreamingAgent.snapshot(dir, config);

            insertOrders(source, db, random, 1_500);
            try (Connection c = source.connect(db);
                    Statement st = c.createStatement()) {
                st.execute("CREATE TABLE open_orders AS SELECT * FROM orders WHERE status = 'open'");
                st.execute("CREATE TABLE big_copy (PRIMARY KEY (id)) AS SELECT id, k, c FROM big");
                st.execute("CREATE TABLE no_rows AS SELECT * FROM orders WHERE amount < 0");
                // logged as CREATE TABLE ... START TRANSACTION ENGINE=InnoDB COMMENT='...': the clause is not last
                st.execute("CREATE TABLE paid_copy ENGINE=InnoDB COMMENT 'START TRANSACTION' AS SELECT * FROM orders"
                        + " WHERE status = 'paid'");
                st.execute("UPDATE open_orders SET note = CONCAT('checked ', id) WHERE id % 3 = 0");
                st.execute(
                        "INSERT INTO no_rows (customer, amount, created_at) VALUES ('late 🦊', 1.50, '2026-02-03 04:05:06.789012')");
                st.execute("DELETE FROM big_copy WHERE id % 7 = 0");
                st.execute("UPDATE big SET k = k + 1"); // 50,000 rows in one transaction
                // a CTAS with a column of its own, under a session timestamp of the source's choosing
                st.execute("SET SESSION timestamp = 1700000000.123456");
                st.execute("CREATE TABLE totals (PRIMARY KEY (status), made_at DATETIME(6) NOT NULL DEFAULT"
                        + " CURRENT_TIMESTAMP(6)) AS SELECT status, COUNT(*) AS n, SUM(amount) AS total FROM orders"
                        + " GROUP BY status");
                st.execute("SET SESSION timestamp = DEFAULT");
            }
            insertOrders(source, db, random, 1_500);
            source.execute("UPDATE `" + db + "`.orders SET status = 'paid' WHERE id % 11 = 0");

            History.awaitCaughtUp(source, repo, agent);
            Map<String, String> checkpoint = History.checksums(source, db);
            GtidSet atCheckpoint = GtidSet.parse(source.gtidExecuted());
            String uuid = source.serverUuid();
            List<GtidSet.Interval> own = atCheckpoint.intervals(uuid);
            String point = uuid + ":" + own.get(own.size() - 1).end();

            insertOrders(source, db, random, 300);
            source.execute("CREATE TABLE `" + db + "`.after_point AS SELECT * FROM `" + db + "`.orders");
            History.awaitCaughtUp(source, repo, agent);
            return new WindowHistory(source, repo, db, checkpoint, atCheckpoint, point);
        } finally {
            StreamingAgent.stop(agent);
        }
    }

    /** {@code n} orders, each in its own transaction. */
    private static void insertOrders(MysqlServer source, String db, Random random, int n) throws SQLException {
        try (Connection c = source.connect(db);
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO orders (customer, status, amount, note, created_at) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < n; i++) {
                ps.setString(1, NAMES.get(random.nextInt(NAMES.size())) + " " + random.nextInt(1000));
                ps.setString(2, STATUSES.get(random.nextInt(STATUSES.size())));
                ps.setBigDecimal(3, BigDecimal.valueOf(random.nextInt(10_000_000), 2));
                ps.setString(4, random.nextInt(4) == 0 ? null : "note " + Long.toHexString(random.nextLong()));
                ps.setTimestamp(
                        5, Timestamp.from(Instant.parse("2026-01-01T00:00:00Z").plusMillis(random.nextInt(1 << 30))));
                ps.executeUpdate();
            }
        }
    }
}
