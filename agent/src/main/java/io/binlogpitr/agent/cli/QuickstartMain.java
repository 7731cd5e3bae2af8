package io.binlogpitr.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.binlogpitr.agent.quickstart.DemoWorkload;
import io.binlogpitr.common.embedded.EmbeddedMysql;
import io.binlogpitr.common.embedded.FileTrees;
import io.binlogpitr.common.embedded.MysqlSettings;
import io.binlogpitr.common.gtid.GtidSet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/pitr-quickstart}: the product's job on an embedded MySQL, with the same launchers and config a user
 * has. Starts MySQL, runs the agent, writes a workload, checks the journal with {@code status} and {@code verify},
 * stops everything. Exit 0 only if every check passed; no process is left running.
 */
public final class QuickstartMain {
    private static final String MARKER = ".pitr-quickstart";
    private final PrintStream out = System.out;
    private final Path home;
    private final Path dir;
    private final Duration workload;
    private final List<String> failures = new ArrayList<>();
    private EmbeddedMysql mysql;
    private Process agent;
    private int step;

    private QuickstartMain(Path home, Path dir, Duration workload) {
        this.home = home;
        this.dir = dir;
        this.workload = workload;
    }

    public static void main(String[] args) throws Exception {
        Path home =
                Path.of(System.getProperty("pitr.home", ".")).toAbsolutePath().normalize();
        Path dir = Path.of(args.length > 0 ? args[0] : "pitr-quickstart")
                .toAbsolutePath()
                .normalize();
        Duration seconds = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 15);
        QuickstartMain q = new QuickstartMain(home, dir, seconds);
        Runtime.getRuntime().addShutdownHook(new Thread(q::cleanUp, "quickstart-cleanup"));
        int code;
        try {
            code = q.run();
        } catch (Exception e) {
            System.err.println("error[QUICKSTART]: " + e.getMessage());
            System.err.println("HINT: the logs are in " + dir + "; run again with a clean directory");
            code = 1;
        }
        q.cleanUp();
        System.exit(code);
    }

    private int run() throws Exception {
        long started = System.nanoTime();
        out.println("binlog-pitr quick start: an agent journals a live MySQL; the journal is then checked.");
        out.println("work directory: " + dir);
        prepareDirectory();

        long t = step("start an embedded MySQL 8.0.31 (GTIDs on, ROW binlog, FULL row images)");
        mysql = EmbeddedMysql.start(MysqlSettings.pitrSource().withInstanceDir(dir.resolve("mysql")));
        done(t, "listening on 127.0.0.1:" + mysql.port() + ", data and error log in " + mysql.instanceDir());

        t = step("create the agent's least-privilege user and the demo schema 'shop'");
        try (Connection c = root(null);
                Statement st = c.createStatement()) {
            st.execute("CREATE USER 'pitr'@'%' IDENTIFIED BY 'pitr-demo-password'");
            st.execute("GRANT " + GRANTS + " ON *.* TO 'pitr'@'%'");
            st.execute("CREATE DATABASE shop");
        }
        out.println("      mysql> GRANT " + GRANTS + " ON *.* TO 'pitr'@'%';");
        Path config = writeConfig();
        done(t, "config " + config + " (password in " + dir.resolve("source.pw") + ")");

        t = step("start the agent");
        shell("bin/pitr-agent run --config " + config + " &   # log: " + dir.resolve("agent.log"));
        agent = new ProcessBuilder(home.resolve("bin/pitr-agent").toString(), "run", "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile())
                .start();
        awaitBehind(config, Duration.ofSeconds(60));
        done(t, "agent pid " + agent.pid() + " is streaming");

        t = step("run a write workload: 4 writers for " + workload.toSeconds()
                + " s on shop.customers and shop.orders, and take a snapshot while they write");
        try (Connection c = root("shop")) {
            DemoWorkload.createSchema(c);
        }
        java.util.concurrent.CompletableFuture<Long> writers =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return DemoWorkload.run(() -> root("shop"), 4, workload);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        Thread.sleep(workload.toMillis() / 3);
        shell("bin/pitr-agent snapshot --config " + config);
        Command snapshot = launch("bin/pitr-agent", "snapshot", "--config", config.toString());
        out.print(indent(snapshot.output));
        check(snapshot.exitCode == 0, "'pitr-agent snapshot' exits 0 (it exited " + snapshot.exitCode + ")");
        long committed = writers.get();
        done(t, committed + " transactions committed (" + committed / Math.max(1, workload.toSeconds()) + "/s)");

        t = step("wait for the journal to catch up, then look at it");
        long behind = awaitBehind(config, Duration.ofSeconds(120));
        check(behind == 0, "the journal is 0 transactions behind the source (it is " + behind + ")");
        shell("bin/pitr-agent status --config " + config);
        Command status = launch("bin/pitr-agent", "status", "--config", config.toString());
        out.print(indent(status.output));
        check(status.exitCode == 0, "'pitr-agent status' exits 0 (it exited " + status.exitCode + ")");
        JsonNode json = statusJson(config);
        GtidSet covered = GtidSet.parse(json.path("baseGtidSet").asText());
        covered.addAll(GtidSet.parse(json.path("journalGtidSet").asText()));
        GtidSet executed = GtidSet.parse(query("SELECT @@global.gtid_executed"));
        check(covered.equals(executed), "the journal's GTID set equals the source's gtid_executed (" + executed + ")");
        check(
                json.path("snapshots").size() == 1
                        && executed.containsAll(GtidSet.parse(
                                json.path("snapshots").get(0).path("gtidSet").asText())),
                "status lists the snapshot, taken at a point the source has passed");
        check(
                json.path("transactions").asLong() >= committed,
                "the journal holds every workload transaction ("
                        + json.path("transactions").asLong() + " >= " + committed + ")");
        done(t, "");

        t = step("stop the agent cleanly");
        shell("kill -TERM " + agent.pid());
        agent.destroy();
        boolean exited = agent.waitFor(60, TimeUnit.SECONDS);
        check(exited && agent.exitValue() == 0, "the agent exits 0 after SIGTERM");
        done(t, "");

        t = step("verify the repository: every checksum of the journal and the snapshot, no GTID hole, no duplicate");
        shell("bin/pitr-restore verify --repo " + dir.resolve("repo"));
        Command verify = launch(
                "bin/pitr-restore", "verify", "--repo", dir.resolve("repo").toString());
        out.print(indent(verify.output));
        check(verify.exitCode == 0, "'pitr-restore verify' exits 0 (it exited " + verify.exitCode + ")");
        done(t, "");

        t = step("stop MySQL");
        mysql.stop();
        done(t, "");

        out.println();
        out.printf(
                "done in %.1f s. repository: %s   config: %s   agent log: %s   MySQL: %s%n",
                seconds(started), dir.resolve("repo"), config, dir.resolve("agent.log"), dir.resolve("mysql"));
        if (failures.isEmpty()) {
            out.println("ALL CHECKS PASSED");
            return 0;
        }
        out.println(failures.size() + " CHECK(S) FAILED:");
        failures.forEach(f -> out.println("  - " + f));
        return 1;
    }

    private void prepareDirectory() throws IOException {
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                boolean empty = entries.findAny().isEmpty();
                if (!empty && !Files.exists(dir.resolve(MARKER))) {
                    throw new IOException(dir + " exists and is not a quick-start directory; name another one");
                }
            }
            FileTrees.delete(dir);
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "made by bin/pitr-quickstart; deleted by its next run\n");
    }

    /** What the agent's account needs for streaming and snapshots (docs/agent.md, docs/snapshots.md). */
    static final String GRANTS =
            "REPLICATION SLAVE, REPLICATION CLIENT, SELECT, RELOAD, SHOW VIEW, TRIGGER, EVENT, BACKUP_ADMIN";

    private Path writeConfig() throws IOException {
        Path pw = dir.resolve("source.pw");
        Files.writeString(pw, "pitr-demo-password\n");
        Path config = dir.resolve("agent.yml");
        Files.writeString(
                config,
                "# written by bin/pitr-quickstart; see docs/reference/config.md\n"
                        + "source: {host: 127.0.0.1, port: " + mysql.port() + ", user: pitr, passwordFile: " + pw
                        + ", serverId: 4242}\n"
                        + "repository: " + dir.resolve("repo") + "\n"
                        + "journal: {sync: 200ms}\n"
                        + "snapshots: {every: 0, keep: 2}   # the quick start takes its snapshot itself\n"
                        + "http: {bind: '127.0.0.1:0'}   # /status and /metrics on a free port (logged)\n");
        return config;
    }

    /** Polls {@code pitr-agent status --json} until the journal is caught up; returns how far behind it is. */
    private long awaitBehind(Path config, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long behind = Long.MAX_VALUE;
        while (System.nanoTime() < deadline) {
            if (!agent.isAlive()) {
                throw new IOException("the agent exited with " + agent.exitValue() + ":\n"
                        + Files.readString(dir.resolve("agent.log")));
            }
            if (Files.exists(dir.resolve("repo/journal"))) {
                JsonNode json = statusJson(config);
                if (json != null && json.path("transactionsBehind").isNumber()) {
                    behind = json.path("transactionsBehind").asLong();
                    if (behind == 0) {
                        return 0;
                    }
                }
            }
            Thread.sleep(500);
        }
        return behind;
    }

    private JsonNode statusJson(Path config) throws Exception {
        Command c = launch("bin/pitr-agent", "status", "--config", config.toString(), "--json");
        if (c.exitCode != 0) {
            return null;
        }
        return new ObjectMapper().readTree(c.output);
    }

    private record Command(int exitCode, String output) {}

    private Command launch(String launcher, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve(launcher).toString());
        command.addAll(List.of(args));
        Path errors = Files.createTempFile(dir, "command-", ".err");
        try {
            Process p =
                    new ProcessBuilder(command).redirectError(errors.toFile()).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            if (exit != 0) {
                // what went wrong, for the reader of the quick start: the command's error and log lines
                output += Files.readString(errors, StandardCharsets.UTF_8);
            }
            return new Command(exit, output);
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    private Connection root(String db) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:mysql://127.0.0.1:" + mysql.port() + "/" + (db == null ? "" : db)
                        + "?useSSL=false&allowPublicKeyRetrieval=true",
                "root",
                "");
    }

    private String query(String sql) throws SQLException {
        try (Connection c = root(null);
                Statement st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private long step(String what) {
        out.printf("%n[%d] %s%n", ++step, what);
        return System.nanoTime();
    }

    private void done(long started, String detail) {
        out.printf("      %s(%.1f s)%n", detail.isEmpty() ? "" : detail + " ", seconds(started));
    }

    private void shell(String command) {
        out.println("      $ " + command);
    }

    private void check(boolean ok, String what) {
        out.println("      check: " + what + " ... " + (ok ? "ok" : "FAILED"));
        if (!ok) {
            failures.add(what);
        }
    }

    private static String indent(String text) {
        StringBuilder sb = new StringBuilder();
        text.lines().forEach(l -> sb.append("      | ").append(l).append('\n'));
        return sb.toString();
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** Leaves no process behind, whatever happened. */
    private synchronized void cleanUp() {
        if (agent != null && agent.isAlive()) {
            agent.destroyForcibly();
        }
        if (mysql != null && mysql.isRunning()) {
            mysql.stop();
        }
    }
}
