package io.binlogpitr.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.nio.file.Files;
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
 * A side restore of a database the snapshot does not hold, whose first statement in the window is {@code CREATE
 * DATABASE IF NOT EXISTS}. The manifest records the snapshot's filter: when the snapshot took every database, the
 * database did not exist at its point, so the statement created it and the replay alone restores it; when the filter
 * left databases out, it may have existed and the restore is still refused, naming the filter. Before, both were
 * refused (the manifest did not say).
 */
class CreateDatabaseIfNotExistsIT {
    @TempDir
    static Path dir;

    private static MysqlServer source;
    private static Path repo;
    private static String created;
    private static String leftOutCreate;
    private static Map<String, String> newdbAtPoint;

    @BeforeAll
    static void makeHistory() throws Exception {
        source = MysqlServer.startNew(MysqlOptions.defaults());
        source.createUser(
                History.USER,
                History.PASSWORD,
                "REPLICATION SLAVE, REPLICATION CLIENT, SELECT, RELOAD, SHOW VIEW, TRIGGER, EVENT, BACKUP_ADMIN,"
                        + " CREATE TEMPORARY TABLES");
        source.execute(
                "CREATE DATABASE shop",
                "CREATE TABLE shop.t (id INT PRIMARY KEY, v INT NOT NULL)",
                "INSERT INTO shop.t VALUES (1, 1)",
                "CREATE DATABASE leftdb",
                "CREATE TABLE leftdb.t (id INT PRIMARY KEY, v INT NOT NULL)",
                "INSERT INTO leftdb.t VALUES (1, 1), (2, 2)");
        repo = dir.resolve("repo");
        Path pw = dir.resolve("source.pw");
        Files.writeString(pw, History.PASSWORD + "\n");
        Path every = config("every.yml", "{every: 0}");
        Path excluding = config("excluding.yml", "{every: 0, exclude: [leftdb]}");
        Launchers.Started agent = Launchers.start(dir, Map.of(), "pitr-agent", "run", "--config", every.toString());
        try {
            History.awaitCaughtUp(source, repo, agent);
            snapshot(every);
            GtidSet before = GtidSet.parse(source.gtidExecuted());
            source.execute(
                    "CREATE DATABASE IF NOT EXISTS newdb",
                    "CREATE TABLE newdb.t (id INT PRIMARY KEY, v VARCHAR(20) NOT NULL)",
                    "INSERT INTO newdb.t VALUES (1, 'one'), (2, 'two')",
                    "UPDATE newdb.t SET v = 'zwei' WHERE id = 2");
            created = last(before);
            newdbAtPoint = ConfinedRestoreIT.state(source, "newdb");
            // past the point: the second snapshot is after it, so a restore to the point starts from the first
            source.execute("INSERT INTO shop.t VALUES (2, 2)");
            History.awaitCaughtUp(source, repo, agent);
            snapshot(excluding);
            GtidSet second = GtidSet.parse(source.gtidExecuted());
            // leftdb exists: a no-op on the source, logged all the same
            source.execute("CREATE DATABASE IF NOT EXISTS leftdb");
            leftOutCreate = last(second);
            History.awaitCaughtUp(source, repo, agent);
        } finally {
            agent.process().destroy();
            agent.await();
        }
    }

    private static Path config(String name, String snapshots) throws Exception {
        Path config = dir.resolve(name);
        Files.writeString(
                config,
                "source: {host: " + source.host() + ", port: " + source.port() + ", user: " + History.USER
                        + ", passwordFile: " + dir.resolve("source.pw") + ", serverId: 7714}\n"
                        + "repository: " + repo + "\n"
                        + "snapshots: " + snapshots + "\n"
                        + "http: {bind: '127.0.0.1:0'}\n");
        return config;
    }

    private static void snapshot(Path config) throws Exception {
        Launchers.Result r = Launchers.run(dir, Map.of(), "pitr-agent", "snapshot", "--config", config.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    /** The last transaction since {@code before} (the source's own, one uuid). */
    private static String last(GtidSet before) {
        String since = GtidSet.parse(source.gtidExecuted()).subtract(before).toString();
        String uuid = since.substring(0, since.indexOf(':'));
        String range = since.substring(since.lastIndexOf(':') + 1);
        return uuid + ":" + range.substring(range.lastIndexOf('-') + 1);
    }

    @AfterAll
    static void stop() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void aSnapshotOfEveryDatabaseShowsTheDatabaseWasAbsentAndTheReplayRestoresIt() throws Exception {
        Launchers.Result r = restore("--to-gtid", created, "--databases", "newdb", "--rename-db", "newdb=newdb_side");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("restore       complete");
        try (var ids = Files.list(repo.resolve("snapshots"))) {
            String first = ids.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .findFirst()
                    .orElseThrow();
            assertThat(r.output()).as("from the snapshot of every database").contains(first);
        }
        Map<String, String> side = new TreeMap<>();
        ConfinedRestoreIT.state(source, "newdb_side")
                .forEach((k, v) -> side.put(k, v.replace("`newdb_side`", "newdb")));
        Map<String, String> expected = new TreeMap<>();
        newdbAtPoint.forEach((k, v) -> expected.put(k, v.replace("`newdb`", "newdb")));
        assertThat(expected).containsKey("CHECKSUM t");
        assertThat(side).isEqualTo(expected);
    }

    @Test
    void aSnapshotWhoseFilterLeftDatabasesOutIsStillRefusedNamingTheFilter() throws Exception {
        Launchers.Result r =
                restore("--to-gtid", leftOutCreate, "--databases", "leftdb", "--rename-db", "leftdb=leftdb_side");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output())
                .contains("error[USAGE]: snapshot ")
                .contains("database leftdb (" + leftOutCreate + " creates it IF NOT EXISTS, and nothing before it in"
                        + " the window shows it was absent")
                .contains("which left it out (its filter: include: every database; exclude: leftdb))");
        assertThat(source.queryString(
                        "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME =" + " 'leftdb_side'"))
                .isEqualTo("0");
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
