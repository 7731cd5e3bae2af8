package io.binlogpitr.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.AgentConfigFile;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import io.binlogpitr.testing.workload.BigTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention run while readers read (issue 11, item 12), all through the real launchers against a real mysqld and
 * a running agent with {@code snapshots.keep: 1}: a restore held at its first statement (the target under
 * {@code FLUSH TABLES WITH READ LOCK}) and a {@code find} held on a full stdout pipe keep the snapshot they read
 * through a {@code pitr-agent snapshot} whose retention would delete it; the restore then completes exactly
 * (CHECKSUM TABLE equal to the source at the point), and the next retention pass deletes the snapshot. A reader
 * killed with SIGKILL leaves a lease that has expired at the next pass.
 */
class RetentionDuringReadIT {
    private static final String USER = "pitr_lease_src";
    private static final String PASSWORD = "lease-pw";

    @TempDir
    Path dir;

    @Test
    void retentionDuringARestoreAndAFindKeepsWhatTheyReadThenDeletesIt() throws Exception {
        MysqlServer source = MysqlServer.shared(MysqlOptions.defaults());
        AgentAccount.ensure(source, USER, PASSWORD);
        String db = source.createDatabase("lease");
        BigTable.create(source, db, 20_000);
        source.execute("CREATE TABLE `" + db + "`.orders (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,"
                + " customer VARCHAR(64) NOT NULL, total DECIMAL(12,2) NOT NULL, status ENUM('new','paid','sent')"
                + " NOT NULL DEFAULT 'new', note TEXT, created_at DATETIME(6) NOT NULL)");
        Path repo = dir.resolve("repo");
        Path config = AgentConfigFile.of(
                        source, USER, PASSWORD, 7900 + ProcessHandle.current().pid() % 90)
                .repository(repo)
                .fastReconnect()
                .snapshots("{every: 0, keep: 1, threads: 2, chunkMiB: 1, include: [" + db + "]}")
                .anyHttpPort()
                .writeIn(dir);
        Launchers.Started agent = StreamingAgent.start(dir, config);
        MysqlServer target = null;
        try {
            History.awaitCaughtUp(source, repo, agent);
            String first = snapshot(config);
            writes(source, db, 0, 1500);
            Map<String, String> atPoint = History.checksums(source, db);
            String point = lastGtid(source);
            writes(source, db, 1500, 200);
            History.awaitCaughtUp(source, repo, agent);

            target = MysqlServer.startNew(MysqlOptions.defaults());
            try (Connection lock = target.connect(null);
                    Statement st = lock.createStatement()) {
                st.execute("FLUSH TABLES WITH READ LOCK");
                Launchers.Started restore = Launchers.start(
                        dir,
                        Map.of("PITR_TARGET_PASSWORD", target.rootPassword()),
                        "pitr-restore",
                        "restore",
                        "--repo",
                        repo.toString(),
                        "--target",
                        target.host() + ":" + target.port(),
                        "--target-user",
                        target.rootUser(),
                        "--to-gtid",
                        point);
                awaitBlockedOnReadLock(st, restore);
                Process find = startFindWithUnreadOutput(repo);
                awaitLease(repo, "pitr-restore find", find);

                Launchers.Result second = snapshotRun(config);
                assertThat(second.output())
                        .contains("kept snapshot " + first + " past snapshots.keep (1)")
                        .contains(
                                "pitr-restore restore (pid " + restore.process().pid())
                        .contains("pitr-restore find (pid " + find.pid());
                assertThat(snapshotIds(repo)).contains(first);

                String found = drain(find);
                assertThat(find.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(find.exitValue()).as(found).isZero();
                assertThat(found).contains("matching transactions");

                st.execute("UNLOCK TABLES");
                Launchers.Result restored = restore.await();
                assertThat(restored.exitCode()).as(restored.output()).isZero();
                assertThat(restored.output()).contains("restore       complete").contains("snapshot      " + first);
            }
            assertThat(History.checksums(target, db)).isEqualTo(atPoint);

            // the readers are gone: the next pass deletes what they held
            String third = snapshot(config);
            assertThat(snapshotIds(repo)).containsExactly(third);
            assertThat(leaseFiles(repo)).isEmpty();

            // a reader killed by SIGKILL cannot remove its lease; its pid no longer runs, so it has expired
            Process killed = startFindWithUnreadOutput(repo);
            awaitLease(repo, "pitr-restore find", killed);
            killed.destroyForcibly().waitFor();
            writes(source, db, 1700, 10);
            History.awaitCaughtUp(source, repo, agent);
            Launchers.Result fourth = snapshotRun(config);
            assertThat(fourth.output())
                    .contains("pitr-restore find (pid " + killed.pid())
                    .contains("has expired");
            assertThat(snapshotIds(repo)).hasSize(1).doesNotContain(third);
            assertThat(leaseFiles(repo)).isEmpty();
        } finally {
            agent.process().destroy();
            agent.process().waitFor(60, TimeUnit.SECONDS);
            if (target != null) {
                target.close();
            }
        }
    }

    /** {@code count} transactions of realistic shape: orders placed, paid, annotated; rows of big updated. */
    private static void writes(MysqlServer source, String db, int from, int count) throws Exception {
        try (Connection c = source.connect(db);
                Statement st = c.createStatement()) {
            for (int i = from; i < from + count; i++) {
                switch (i % 3) {
                    case 0 -> st.execute("INSERT INTO orders (customer, total, note, created_at) VALUES ('customer-"
                            + (i % 137) + "', " + (i * 7 % 100000) / 100.0 + ", 'gift wrap: ünïcode ✓ " + i
                            + "', NOW(6))");
                    case 1 -> st.execute(
                            "UPDATE orders SET status = 'paid', total = total + 1 WHERE id = " + Math.max(1, i / 3));
                    default -> st.execute("UPDATE big SET k = k + 1, pad = RPAD('" + i + "', 60, 'y') WHERE id = "
                            + (i * 13 % 20_000 + 1));
                }
            }
        }
    }

    private static String lastGtid(MysqlServer source) {
        String uuid = source.queryString("SELECT @@server_uuid");
        List<GtidSet.Interval> intervals = GtidSet.parse(source.gtidExecuted()).intervals(uuid);
        return uuid + ":" + intervals.get(intervals.size() - 1).end();
    }

    private String snapshot(Path config) throws Exception {
        Launchers.Result r = snapshotRun(config);
        Matcher m = Pattern.compile("(?m)^snapshot\\s+(\\S+)$").matcher(r.output());
        assertThat(m.find()).as(r.output()).isTrue();
        return m.group(1);
    }

    private Launchers.Result snapshotRun(Path config) throws Exception {
        return StreamingAgent.snapshot(dir, config);
    }

    private static List<String> snapshotIds(Path repo) throws IOException {
        try (Stream<Path> dirs = Files.list(repo.resolve("snapshots"))) {
            return dirs.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private static List<Path> leaseFiles(Path repo) throws IOException {
        Path leases = repo.resolve("leases");
        if (!Files.isDirectory(leases)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(leases)) {
            return files.filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList();
        }
    }

    /** The restore's first statement waits for the read lock: it has planned, and holds its lease. */
    private static void awaitBlockedOnReadLock(Statement st, Launchers.Started restore) throws Exception {
        for (int i = 0; i < 1200; i++) {
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                    + " WHERE STATE LIKE 'Waiting for global read lock%'")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            }
            assertThat(restore.process().isAlive()).as(restore.output()).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("the restore never waited for the read lock: " + restore.output());
    }

    /** {@code pitr-restore find} over the whole journal, its stdout a pipe nobody reads: it blocks once it fills. */
    private static Process startFindWithUnreadOutput(Path repo) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(
                        Launchers.ROOT.resolve("bin/pitr-restore").toString(), "find", "--repo", repo.toString())
                .redirectErrorStream(true);
        pb.environment().put("PITR_JAVA_OPTS", "-Xmx256m");
        return pb.start();
    }

    private static void awaitLease(Path repo, String command, Process reader) throws Exception {
        for (int i = 0; i < 1200; i++) {
            for (Path f : leaseFiles(repo)) {
                if (Files.readString(f).contains("\"command\" : \"" + command + "\"")) {
                    return;
                }
            }
            assertThat(reader.isAlive()).as("%s still runs", command).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError(command + " never took its lease");
    }

    private static String drain(Process p) throws IOException {
        try (InputStream in = p.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
