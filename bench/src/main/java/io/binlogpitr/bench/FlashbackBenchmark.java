package io.binlogpitr.bench;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.io.FileTrees;
import io.binlogpitr.common.journal.JournalEntry;
import io.binlogpitr.common.journal.JournalReader;
import io.binlogpitr.common.journal.JournalScanner;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.restore.changes.ChangeFilter;
import io.binlogpitr.restore.changes.ChangeReader;
import io.binlogpitr.restore.changes.ForwardSql;
import io.binlogpitr.restore.changes.SqlScript;
import io.binlogpitr.restore.flashback.Flashback;
import io.binlogpitr.testing.embedded.EmbeddedMysql;
import io.binlogpitr.testing.embedded.MysqlSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The flashback benchmark (docs/benchmarks.md): an embedded MySQL source with a sysbench-shaped table, the real agent
 * journaling it, {@code rows} inserts, a mistaken DELETE of every other row and an UPDATE of the rest (in chunks of
 * {@code chunk} rows per transaction); then, with the source stopped, the undo SQL of the whole journal is generated
 * on one thread, and the forward SQL too. Reported: rows, thread CPU time and wall time, rows/s, MB/s of SQL and of
 * journal read, and the heap's peak.
 */
public final class FlashbackBenchmark {
    private final Path home;
    private final Path work;
    private final long rows;
    private final int chunk;
    private final boolean compressed;
    private final PrintStream log;

    /** The figures. */
    public record Report(
            long rows,
            long transactions,
            long journalBytes,
            long largestTransactionRows,
            Pass flashback,
            Pass forward,
            long maxHeapBytes) {
        public void print(PrintStream out) {
            out.printf(
                    "flashback benchmark: %,d row events in %,d transactions, %.1f MiB of binlog events journaled%n",
                    rows, transactions, journalBytes / 1048576.0);
            out.printf(
                    "%-22s %12s %8s %8s %12s %12s %10s %12s%n",
                    "pass", "rows", "cpu s", "wall s", "rows/s(cpu)", "rows/s(wall)", "SQL MB/s", "peak heap");
            flashback.print(out, "flashback --sql-out", journalBytes);
            forward.print(out, "sql (forward)", journalBytes);
            out.printf(
                    "heap limit %.0f MiB; largest transaction %,d rows%n",
                    maxHeapBytes / 1048576.0, largestTransactionRows);
            // pinned to one core: wall time counts GC, page faults and writing on that core too
            out.printf(
                    "goal: >= 200,000 rows/s on one core (wall time, pinned) -> %s (%.0f rows/s)%n",
                    flashback.rowsPerWallSecond() >= 200_000 ? "PASS" : "MISS", flashback.rowsPerWallSecond());
            out.println("published: my2sql 1.1 GB of binlog to rollback SQL in 100 s (11 MB/s), binlog2sql 65 min");
        }
    }

    /** One generation pass. */
    public record Pass(long rows, long sqlBytes, double cpuSeconds, double wallSeconds, long peakHeapBytes) {
        double rowsPerCpuSecond() {
            return rows / cpuSeconds;
        }

        double rowsPerWallSecond() {
            return rows / wallSeconds;
        }

        void print(PrintStream out, String name, long journalBytes) {
            out.printf(
                    "%-22s %,12d %8.2f %8.2f %,12.0f %,12.0f %10.1f %9.0f MiB   (binlog read %.1f MB/s)%n",
                    name,
                    rows,
                    cpuSeconds,
                    wallSeconds,
                    rowsPerCpuSecond(),
                    rowsPerWallSecond(),
                    sqlBytes / 1e6 / wallSeconds,
                    peakHeapBytes / 1048576.0,
                    journalBytes / 1e6 / wallSeconds);
        }
    }

    /** @param compressed whether the source writes every transaction compressed (TRANSACTION_PAYLOAD events) */
    public FlashbackBenchmark(Path home, Path work, long rows, int chunk, boolean compressed, PrintStream log) {
        this.home = home;
        this.work = work;
        this.rows = rows;
        this.chunk = chunk;
        this.compressed = compressed;
        this.log = log;
    }

    public Report run() throws Exception {
        Files.createDirectories(work);
        Path repo = work.resolve("repo");
        long transactions;
        try (EmbeddedMysql mysql =
                EmbeddedMysql.start(MysqlSettings.pitrSource().withInstanceDir(work.resolve("mysql")))) {
            Path config = prepareSource(mysql, repo);
            log.println("starting the agent");
            Process agent = new ProcessBuilder(
                            home.resolve("bin/pitr-agent").toString(), "run", "--config", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("agent.log").toFile())
                    .start();
            try {
                transactions = workload(mysql);
                GtidSet wanted = GtidSet.parse(query(mysql, "SELECT @@GLOBAL.gtid_executed"));
                awaitJournal(repo, wanted, agent);
            } finally {
                agent.destroy();
                agent.waitFor();
            }
        }
        RepositoryLayout layout = RepositoryLayout.openExisting(repo);
        long journalBytes = 0; // the binlog events journaled (the cycle files are preallocated, so not their size)
        try (JournalReader reader = JournalReader.open(layout.journal())) {
            Optional<JournalEntry> e;
            while ((e = reader.next()).isPresent()) {
                journalBytes += e.get().header().payloadBytes();
            }
        }
        log.println("generating the undo of the whole journal on one thread");
        Pass flashback = measure(layout, true);
        log.println("generating the forward SQL of the whole journal on one thread");
        Pass forward = measure(layout, false);
        return new Report(
                flashback.rows(),
                transactions,
                journalBytes,
                chunk,
                flashback,
                forward,
                Runtime.getRuntime().maxMemory());
    }

    private Pass measure(RepositoryLayout layout, boolean undo) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
        ChangeFilter all = new ChangeFilter(
                null,
                null,
                null,
                Set.of(),
                Set.of(),
                EnumSet.allOf(io.binlogpitr.common.binlog.RowChange.Type.class),
                true);
        Path out = work.resolve(undo ? "undo.sql" : "forward.sql");
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        long n;
        long bytes;
        try (ChangeReader reader = ChangeReader.open(layout, all);
                SqlScript script = SqlScript.toFile(out)) {
            if (undo) {
                n = Flashback.run(reader, Flashback.script(script)).rows();
            } else {
                ForwardSql sql = new ForwardSql(script);
                sql.writeAll(reader);
                n = sql.rows();
            }
            bytes = script.size();
            script.finish();
        }
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        double wall = (System.nanoTime() - wall0) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return new Pass(n, bytes, cpu, wall, peak);
    }

    private Path prepareSource(EmbeddedMysql mysql, Path repo) throws SQLException, IOException {
        try (Connection c = root(mysql, null);
                Statement st = c.createStatement()) {
            st.execute("CREATE USER 'pitr'@'%' IDENTIFIED BY 'bench-pw'");
            st.execute("GRANT REPLICATION SLAVE, REPLICATION CLIENT, SELECT, RELOAD ON *.* TO 'pitr'@'%'");
            st.execute("CREATE DATABASE bench");
            st.execute("CREATE TABLE bench.sbtest1 (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, k INT NOT NULL"
                    + " DEFAULT 0, c CHAR(120) NOT NULL DEFAULT '', pad CHAR(60) NOT NULL DEFAULT '', KEY k_1 (k))");
        }
        Path pw = work.resolve("source.pw");
        Files.writeString(pw, "bench-pw\n");
        Path config = work.resolve("agent.yml");
        Files.writeString(
                config,
                "source: {host: 127.0.0.1, port: " + mysql.port()
                        + ", user: pitr, passwordFile: " + pw + ", serverId: 4343}\nrepository: " + repo
                        + "\nsnapshots: {every: 0}\n");
        return config;
    }

    /** Inserts, then the mistakes; returns the transactions committed. */
    private long workload(EmbeddedMysql mysql) throws SQLException {
        Random r = new Random(42);
        long tx = 0;
        try (Connection c = root(mysql, "bench");
                Statement st = c.createStatement()) {
            if (compressed) {
                st.execute("SET SESSION binlog_transaction_compression = ON");
            }
            log.printf("inserting %,d rows%s%n", rows, compressed ? ", every transaction compressed" : "");
            StringBuilder sb = new StringBuilder();
            for (long done = 0; done < rows; ) {
                int n = (int) Math.min(1000, rows - done);
                sb.setLength(0);
                sb.append("INSERT INTO sbtest1 (k, c, pad) VALUES ");
                for (int i = 0; i < n; i++) {
                    sb.append(i > 0 ? ",(" : "(").append(r.nextInt(1_000_000)).append(",'");
                    digits(sb, r, 11, 10);
                    sb.append("','");
                    digits(sb, r, 5, 10);
                    sb.append("')");
                }
                st.execute(sb.toString());
                done += n;
                tx++;
            }
            log.printf(
                    "the mistakes: DELETE of every other row, UPDATE of the rest, %,d rows per transaction%n", chunk);
            for (long from = 1; from <= rows; from += chunk) {
                st.execute("DELETE FROM sbtest1 WHERE id % 2 = 0 AND id BETWEEN " + from + " AND "
                        + (from + chunk * 2L - 1));
                tx++;
                from += chunk;
            }
            for (long from = 1; from <= rows; from += chunk * 2L) {
                st.execute("UPDATE sbtest1 SET k = k + 1 WHERE id BETWEEN " + from + " AND " + (from + chunk * 2L - 1));
                tx++;
            }
        }
        return tx;
    }

    /** sysbench's c/pad shape: groups of digits joined by '-'. */
    private static void digits(StringBuilder sb, Random r, int groups, int width) {
        for (int g = 0; g < groups; g++) {
            if (g > 0) {
                sb.append('-');
            }
            for (int i = 0; i < width; i++) {
                sb.append((char) ('0' + r.nextInt(10)));
            }
        }
    }

    private void awaitJournal(Path repo, GtidSet wanted, Process agent) throws InterruptedException {
        log.println("waiting for the journal to hold " + wanted);
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!agent.isAlive()) {
                throw new IllegalStateException("the agent stopped; see " + work.resolve("agent.log"));
            }
            try {
                if (JournalScanner.scan(repo.resolve("journal")).covered().containsAll(wanted)) {
                    return;
                }
            } catch (RuntimeException e) {
                // not created yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the journal did not catch up in 10 minutes; see " + work.resolve("agent.log"));
    }

    private static Connection root(EmbeddedMysql mysql, String db) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:mysql://127.0.0.1:" + mysql.port() + "/" + (db == null ? "" : db)
                        + "?useSSL=false&allowPublicKeyRetrieval=true",
                "root",
                "");
    }

    private static String query(EmbeddedMysql mysql, String sql) throws SQLException {
        try (Connection c = root(mysql, null);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Deletes the work directory. */
    public void cleanup() throws IOException {
        FileTrees.delete(work);
    }
}
