package io.binlogpitr.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.io.FileTrees;
import io.binlogpitr.testing.embedded.EmbeddedMysql;
import io.binlogpitr.testing.embedded.EmbeddedMysqlException;
import io.binlogpitr.testing.embedded.MysqlSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/pitr-quickstart}: the product's whole job on an embedded MySQL, with the same launchers and config a
 * user has. Starts MySQL, runs the agent, writes a workload while a snapshot is taken, checks the journal; then the
 * story of {@link QuickstartRecovery} (a mistaken DELETE found, restored beside and undone in place); then stops the
 * agent, verifies the repository and stops MySQL. Exit 0 only if every check passed; no process is left running.
 */
public final class QuickstartMain {
    private static final String MARKER = ".pitr-quickstart";
    private static final String RESTORE_USER = "pitr_restore";
    private final QuickstartConsole console = new QuickstartConsole(System.out);
    private final Path dir;
    private final Duration workload;
    private final QuickstartLaunchers launchers;
    private EmbeddedMysql mysql;
    private Process agent;

    private QuickstartMain(Path home, Path dir, Duration workload) {
        this.dir = dir;
        this.workload = workload;
        this.launchers = new QuickstartLaunchers(home, dir, console);
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
        } catch (EmbeddedMysqlException e) {
            System.err.println("error[" + ErrorCode.EMBEDDED_MYSQL + "]: " + e.getMessage());
            System.err.println("HINT: " + e.hint());
            code = ErrorCode.EMBEDDED_MYSQL.exitCode();
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
        console.line("binlog-pitr quick start: an agent journals a live MySQL; a mistaken DELETE is then found,");
        console.line("restored beside the live database and undone in place. Every result is checked.");
        console.line("work directory: " + dir);
        prepareDirectory();

        console.step("start an embedded MySQL 8.0.31 (GTIDs on, ROW binlog, FULL row images)");
        mysql = EmbeddedMysql.start(MysqlSettings.pitrSource().withInstanceDir(dir.resolve("mysql")));
        console.done("listening on 127.0.0.1:" + mysql.port() + ", data and error log in " + mysql.instanceDir());

        Path config = createAccounts();

        console.step("start the agent");
        Path agentLog = dir.resolve("agent.log");
        agent = launchers.start(agentLog, "bin/pitr-agent", "run", "--config", config.toString());
        launchers.awaitCaughtUp(config, agent, agentLog, Duration.ofSeconds(60));
        console.done("agent pid " + agent.pid() + " is streaming");

        long committed = writeWhileSnapshotting(config);
        checkJournal(config, committed);

        Path restorePassword = dir.resolve("restore.pw");
        new QuickstartRecovery(
                        console,
                        launchers,
                        this::root,
                        new QuickstartRecovery.Demo(
                                config,
                                dir.resolve("repo"),
                                "127.0.0.1:" + mysql.port(),
                                RESTORE_USER,
                                restorePassword,
                                agentLog),
                        agent)
                .run();

        console.step("let the journal take the flashback too, then stop the agent cleanly");
        long behind = launchers.awaitCaughtUp(config, agent, agentLog, Duration.ofSeconds(60));
        console.check(
                behind == 0 && journalEqualsSource(config),
                "the journal's GTID set equals the source's" + " gtid_executed again ("
                        + query("SELECT @@global.gtid_executed") + ")");
        console.shell("kill -TERM " + agent.pid());
        agent.destroy();
        boolean exited = agent.waitFor(60, TimeUnit.SECONDS);
        console.check(exited && agent.exitValue() == 0, "the agent exits 0 after SIGTERM");
        console.done("");

        console.step("verify the repository: every checksum of the journal and the snapshot, no GTID hole, no"
                + " duplicate");
        QuickstartLaunchers.Result verify = launchers.run(
                "bin/pitr-restore", "verify", "--repo", dir.resolve("repo").toString());
        console.check(verify.exitCode() == 0, "'pitr-restore verify' exits 0 (it exited " + verify.exitCode() + ")");
        console.done("");

        console.step("stop MySQL");
        mysql.stop();
        console.done("");

        console.line("");
        console.line("repository:     " + dir.resolve("repo"));
        console.line("agent config:   " + config + " (source password in " + dir.resolve("source.pw") + ")");
        console.line("agent log:      " + agentLog);
        console.line("restore login:  " + RESTORE_USER + ", password in " + restorePassword);
        console.line("MySQL:          " + mysql.instanceDir() + " (data and error log)");
        return console.summary((System.nanoTime() - started) / 1e9);
    }

    /** The agent's least-privilege account, the DBA's restore account, the demo schema, and agent.yml. */
    private Path createAccounts() throws Exception {
        console.step("create the agent's least-privilege user, a restore account and the demo schema 'shop'");
        List<String> statements = List.of(
                "CREATE USER 'pitr'@'%' IDENTIFIED BY 'pitr-demo-password'",
                "GRANT " + GRANTS + " ON *.* TO 'pitr'@'%'",
                "CREATE USER '" + RESTORE_USER + "'@'%' IDENTIFIED BY 'restore-demo-password'",
                "GRANT " + RESTORE_GRANTS + " ON *.* TO '" + RESTORE_USER + "'@'%'",
                "GRANT ALL ON shop_before.* TO '" + RESTORE_USER + "'@'%'",
                "GRANT ALL ON _pitr_restore.* TO '" + RESTORE_USER + "'@'%'",
                "GRANT SELECT, INSERT, UPDATE, DELETE, TRIGGER ON shop.* TO '" + RESTORE_USER + "'@'%'",
                "CREATE DATABASE shop");
        try (Connection c = root(null);
                Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
                console.sql(s.replaceAll("IDENTIFIED BY '[^']*'", "IDENTIFIED BY '...'") + ";");
            }
        }
        Files.writeString(dir.resolve("restore.pw"), "restore-demo-password\n");
        Path config = writeConfig();
        console.done("config " + config + " (passwords in " + dir.resolve("source.pw") + ", "
                + dir.resolve("restore.pw") + ")");
        return config;
    }

    /** Runs the demo workload and, a third of the way in, {@code pitr-agent snapshot}; returns the commits. */
    private long writeWhileSnapshotting(Path config) throws Exception {
        console.step("run a write workload: 4 writers for " + workload.toSeconds()
                + " s on shop.customers and shop.orders, and take a snapshot while they write");
        try (Connection c = root("shop")) {
            DemoWorkload.createSchema(c);
        }
        CompletableFuture<Long> writers = CompletableFuture.supplyAsync(() -> {
            try {
                return DemoWorkload.run(() -> root("shop"), 4, workload);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(workload.toMillis() / 3);
        QuickstartLaunchers.Result snapshot =
                launchers.run("bin/pitr-agent", "snapshot", "--config", config.toString());
        console.check(
                snapshot.exitCode() == 0, "'pitr-agent snapshot' exits 0 (it exited " + snapshot.exitCode() + ")");
        long committed = writers.get();
        console.done(committed + " transactions committed (" + committed / Math.max(1, workload.toSeconds()) + "/s)");
        return committed;
    }

    private void checkJournal(Path config, long committed) throws Exception {
        console.step("wait for the journal to catch up, then look at it");
        long behind = launchers.awaitCaughtUp(config, agent, dir.resolve("agent.log"), Duration.ofSeconds(120));
        console.check(behind == 0, "the journal is 0 transactions behind the source (it is " + behind + ")");
        QuickstartLaunchers.Result status = launchers.run("bin/pitr-agent", "status", "--config", config.toString());
        console.check(status.exitCode() == 0, "'pitr-agent status' exits 0 (it exited " + status.exitCode() + ")");
        JsonNode json = launchers.status(config);
        GtidSet executed = GtidSet.parse(query("SELECT @@global.gtid_executed"));
        console.check(
                journalEqualsSource(config),
                "the journal's GTID set equals the source's gtid_executed (" + executed + ")");
        console.check(
                json.path("snapshots").size() == 1
                        && executed.containsAll(GtidSet.parse(
                                json.path("snapshots").get(0).path("gtidSet").asText())),
                "status lists the snapshot, taken at a point the source has passed");
        console.check(
                json.path("transactions").asLong() >= committed,
                "the journal holds every workload transaction ("
                        + json.path("transactions").asLong() + " >= " + committed + ")");
        console.done("");
    }

    /** Whether the snapshot base plus the journal is exactly the source's gtid_executed. */
    private boolean journalEqualsSource(Path config) throws Exception {
        JsonNode json = launchers.status(config);
        if (json == null) {
            return false;
        }
        GtidSet covered = GtidSet.parse(json.path("baseGtidSet").asText());
        covered.addAll(GtidSet.parse(json.path("journalGtidSet").asText()));
        return covered.equals(GtidSet.parse(query("SELECT @@global.gtid_executed")));
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

    /**
     * What the restore account needs on the whole server (docs/restore.md): {@code sql_log_bin=0} for the side
     * database and the progress table, and BINLOG statements for the replay. The databases it may change are
     * granted one by one.
     */
    static final String RESTORE_GRANTS = "SYSTEM_VARIABLES_ADMIN, SESSION_VARIABLES_ADMIN, REPLICATION_APPLIER";

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

    /** Leaves no process behind, whatever happened. */
    private synchronized void cleanUp() {
        launchers.stopRunning();
        if (agent != null && agent.isAlive()) {
            agent.destroyForcibly();
        }
        if (mysql != null && mysql.isRunning()) {
            mysql.stop();
        }
    }
}
