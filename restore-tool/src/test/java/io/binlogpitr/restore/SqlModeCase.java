package io.binlogpitr.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.AgentConfigFile;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source and a target whose global {@code sql_mode} is not the default, with a view, a trigger, a procedure, a
 * function, an event, strings holding backslashes and quotes, and DDL in the replay window; each subclass names the
 * mode and writes the schema as a user of that mode would. A snapshot, a restore to a point (every object's SHOW
 * CREATE and CHECKSUM TABLE equal to the source's there), a {@code pitr-restore sql} script of what followed piped
 * into the MySQL client against that target, and a flashback ({@code --sql-out} through the client, and {@code
 * --apply}) of DELETEs of rows holding backslashes and quotes must all be exact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SqlModeCase {
    /** A string with a backslash before n, before a quote, at the end, and both kinds of quote. */
    static final String TRICKY = "CONCAT('C:', CHAR(92 USING utf8mb4), 'new', CHAR(92 USING utf8mb4), '''it''''s'"
            + " ,'\"q\"', CHAR(92 USING utf8mb4))";

    @TempDir
    static Path dir;

    private MysqlServer source;
    private MysqlServer target;
    private Path repo;
    String db;
    private String checkpointGtid;
    private String beforeWindowGtid;
    private GtidSet windowOn;
    private Map<String, String> finalDdl;
    private GtidSet afterCheckpoint;
    private GtidSet firstDelete;
    private GtidSet secondDelete;
    private Map<String, String> checkpointSums;
    private Map<String, String> checkpointDdl;
    private Map<String, String> finalSums;

    /** The global sql_mode of both servers. */
    abstract String mode();

    /** The schema and its first rows, run on the source under its global mode with {@link #db} as default. */
    abstract List<String> schema();

    /** DDL and changes after the snapshot, under the global mode. */
    abstract List<String> window();

    @BeforeAll
    void makeHistory() throws Exception {
        source = MysqlServer.startNew(MysqlOptions.defaults());
        target = MysqlServer.startNew(MysqlOptions.defaults());
        for (MysqlServer s : List.of(source, target)) { // sessions opened from now on start in it
            s.execute("SET GLOBAL sql_mode = '" + mode() + "'");
        }
        assertThat(source.queryString("SELECT @@GLOBAL.sql_mode"))
                .isEqualTo(target.queryString("SELECT @@GLOBAL.sql_mode"));
        String user = "pitr_mode_src";
        source.createUser(user, History.PASSWORD, AgentAccount.GRANTS);
        db = source.createDatabase("modes");
        run(schema());
        run(List.of("CREATE TABLE marks (id INT PRIMARY KEY)"));
        repo = dir.resolve("repo");
        Path config = AgentConfigFile.of(source, user, History.PASSWORD, 7511)
                .repository(repo)
                .snapshots("{every: 0, threads: 2, chunkMiB: 1, include: [" + db + "]}")
                .anyHttpPort()
                .writeIn(dir);
        Launchers.Started agent = StreamingAgent.start(dir, config);
        try {
            History.awaitCaughtUp(source, repo, agent);
            StreamingAgent.snapshot(dir, config);
            run(List.of("INSERT INTO marks VALUES (1)")); // a point to restore to after the snapshot, before the window
            GtidSet beforeWindow = GtidSet.parse(source.gtidExecuted());
            beforeWindowGtid = last(beforeWindow);
            run(window());
            checkpointSums = History.checksums(source, db);
            checkpointDdl = showCreates(source, db);
            GtidSet atCheckpoint = GtidSet.parse(source.gtidExecuted());
            checkpointGtid = last(atCheckpoint);
            run(List.of("DELETE FROM strs WHERE id <= 3"));
            firstDelete = GtidSet.parse(source.gtidExecuted()).subtract(atCheckpoint);
            GtidSet before = GtidSet.parse(source.gtidExecuted());
            run(List.of("DELETE FROM strs WHERE id > 3"));
            secondDelete = GtidSet.parse(source.gtidExecuted()).subtract(before);
            afterCheckpoint = GtidSet.parse(source.gtidExecuted()).subtract(atCheckpoint);
            finalSums = History.checksums(source, db);
            finalDdl = showCreates(source, db);
            windowOn = GtidSet.parse(source.gtidExecuted()).subtract(beforeWindow);
            History.awaitCaughtUp(source, repo, agent);
        } finally {
            StreamingAgent.stop(agent);
        }
        assertThat(firstDelete.size()).isEqualTo(1);
        assertThat(secondDelete.size()).isEqualTo(1);
    }

    private String last(GtidSet set) {
        List<GtidSet.Interval> ours = set.intervals(source.serverUuid());
        return source.serverUuid() + ":" + ours.get(ours.size() - 1).end();
    }

    @AfterAll
    void stopServers() {
        if (target != null) {
            target.close();
        }
        if (source != null) {
            source.close();
        }
    }

    /** Runs each statement on one source session in the server's global sql_mode. */
    private void run(List<String> sql) throws Exception {
        try (Connection c = source.connect(db);
                Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = @@GLOBAL.sql_mode"); // Connector/J adds STRICT_TRANS_TABLES
            for (String each : sql) {
                try {
                    st.execute(each);
                } catch (java.sql.SQLException e) {
                    throw new AssertionError("failed on the source: " + each + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * SHOW CREATE of every table, view, trigger, routine and event of {@code db}, read under the default quoting so
     * that two servers compare alike.
     */
    static Map<String, String> showCreates(MysqlServer server, String db) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = server.connect(db);
                Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = ''");
            List<String[]> objects = new ArrayList<>();
            collect(
                    st,
                    objects,
                    "SELECT TABLE_TYPE, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + db + "'");
            collect(
                    st,
                    objects,
                    "SELECT 'TRIGGER', TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA" + " = '" + db
                            + "'");
            collect(
                    st,
                    objects,
                    "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE" + " ROUTINE_SCHEMA = '"
                            + db + "'");
            collect(
                    st,
                    objects,
                    "SELECT 'EVENT', EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '" + db + "'");
            for (String[] o : objects) {
                String kind = o[0].equals("BASE TABLE") ? "TABLE" : o[0];
                int column = kind.equals("TRIGGER")
                                || kind.equals("PROCEDURE")
                                || kind.equals("FUNCTION")
                                || kind.equals("EVENT")
                        ? 3
                        : 2;
                try (ResultSet rs = st.executeQuery("SHOW CREATE " + kind + " `" + o[1] + "`")) {
                    rs.next();
                    StringBuilder row = new StringBuilder(rs.getString(column));
                    if (column == 3) {
                        row.append("\n-- sql_mode ").append(rs.getString(2));
                    }
                    out.put(kind + " " + o[1], row.toString());
                }
            }
        }
        return out;
    }

    private static void collect(Statement st, List<String[]> into, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                into.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
    }

    private Launchers.Result restoreTool(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--repo");
        all.add(2, repo.toString());
        return Launchers.run(
                dir, Map.of("PITR_TARGET_PASSWORD", target.rootPassword()), "pitr-restore", all.toArray(String[]::new));
    }

    /** Pipes a script into the MySQL client against {@code server}, whose sessions start in its global mode. */
    private static void client(MysqlServer server, Path script) throws Exception {
        String client = Files.isExecutable(Path.of("/usr/bin/mysql")) ? "mysql" : "mariadb";
        Process p = new ProcessBuilder(
                        client,
                        "-h",
                        server.host(),
                        "-P",
                        String.valueOf(server.port()),
                        "-u",
                        server.rootUser(),
                        "--password=" + server.rootPassword(),
                        "--binary-mode")
                .redirectInput(script.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output + "\n" + Files.readString(script)).isZero();
    }

    @Test
    void theSqlScriptOfTheWindowAndItsDdlReplaysOnARestoreOfTheSnapshot() throws Exception {
        MysqlServer other = MysqlServer.startNew(MysqlOptions.defaults());
        try {
            other.execute("SET GLOBAL sql_mode = '" + mode() + "'");
            Launchers.Result r = Launchers.run(
                    dir,
                    Map.of("PITR_TARGET_PASSWORD", other.rootPassword()),
                    "pitr-restore",
                    "restore",
                    "--repo",
                    repo.toString(),
                    "--target",
                    other.host() + ":" + other.port(),
                    "--target-user",
                    other.rootUser(),
                    "--to-gtid",
                    beforeWindowGtid);
            assertThat(r.exitCode()).as(r.output()).isZero();
            Path script = dir.resolve("window.sql");
            Launchers.Result sql = restoreTool("sql", "--gtid", windowOn.toString(), "--out", script.toString());
            assertThat(sql.exitCode()).as(sql.output()).isZero();
            client(other, script);
            assertThat(History.checksums(other, db)).isEqualTo(finalSums);
            assertThat(showCreates(other, db)).isEqualTo(finalDdl);
        } finally {
            other.close();
        }
    }

    @Test
    void restoreThenTheSqlScriptOfWhatFollowedThenFlashbackAreExact() throws Exception {
        Launchers.Result r = restoreTool(
                "restore",
                "--target",
                target.host() + ":" + target.port(),
                "--target-user",
                target.rootUser(),
                "--to-gtid",
                checkpointGtid);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(showCreates(target, db)).isEqualTo(checkpointDdl);
        assertThat(History.checksums(target, db)).isEqualTo(checkpointSums);

        // the sql script of the two DELETEs, replayed on the restored target by the MySQL client
        Path forward = dir.resolve("forward.sql");
        Launchers.Result sql = restoreTool("sql", "--gtid", afterCheckpoint.toString(), "--out", forward.toString());
        assertThat(sql.exitCode()).as(sql.output()).isZero();
        client(target, forward);
        assertThat(History.checksums(target, db)).isEqualTo(finalSums);

        // undo the first DELETE with --sql-out through the client, the second with --apply: the rows come back
        Path undo = dir.resolve("undo.sql");
        Launchers.Result out = restoreTool("flashback", "--gtid", firstDelete.toString(), "--sql-out", undo.toString());
        assertThat(out.exitCode()).as(out.output()).isZero();
        client(target, undo);
        Launchers.Result apply = restoreTool(
                "flashback",
                "--gtid",
                secondDelete.toString(),
                "--apply",
                "--target",
                target.host() + ":" + target.port(),
                "--target-user",
                target.rootUser());
        assertThat(apply.exitCode()).as(apply.output()).isZero();
        assertThat(History.checksums(target, db)).isEqualTo(checkpointSums);
        assertThat(showCreates(target, db)).isEqualTo(checkpointDdl);
    }
}
