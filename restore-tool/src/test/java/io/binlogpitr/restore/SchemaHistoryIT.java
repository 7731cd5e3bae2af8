package io.binlogpitr.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.AgentConfigFile;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code binlog_row_metadata=MINIMAL} source (MySQL 8.0's default: no column names in the binlog) whose tables
 * existed before the agent started and no snapshot precedes the changes: find, sql and flashback name every
 * column from the schema history (the agent's baseline, evolved by the journaled DDL) through ADD/DROP/MODIFY/
 * CHANGE COLUMN, columns renamed into each other, RENAME TABLE, DROP and CREATE of one name, CREATE ... LIKE and
 * CREATE ... SELECT. The source's own checksums are the oracle.
 */
class SchemaHistoryIT {
    @TempDir
    static Path dir;

    private static MysqlServer source;
    private static Path repo;
    private static Path config;
    private static Launchers.Started agent;
    private static String db;
    private static String swapDb;
    private static String genDb;

    @BeforeAll
    static void startAgentAfterTheTablesExist() throws Exception {
        source = MysqlServer.shared(MysqlOptions.defaults().with("binlog_row_metadata", "MINIMAL"));
        AgentAccount.ensure(source, History.USER, History.PASSWORD);
        db = source.createDatabase("hist");
        swapDb = source.createDatabase("histsnap");
        run(source, db, initialState());
        run(source, swapDb, swapTable());
        genDb = source.createDatabase("histgen");
        run(
                source,
                genDb,
                List.of(
                        GENERATED_LINES,
                        "INSERT INTO order_lines (id, qty, price, note)"
                                + " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
                                + " SELECT i, i % 9 + 1, i * 0.75, IF(i % 4 = 0, NULL, CONCAT('n', i)) FROM n"));
        repo = dir.resolve("repo");
        config = AgentConfigFile.of(source, History.USER, History.PASSWORD, 7422)
                .repository(repo)
                .snapshots("{every: 0, include: [" + swapDb + "]}")
                .anyHttpPort()
                .writeIn(dir);
        agent = StreamingAgent.start(dir, config);
        History.awaitCaughtUp(source, repo, agent);
    }

    @AfterAll
    static void stopAgent() throws Exception {
        StreamingAgent.stop(agent);
    }

    /** Real-world shapes, deterministic values: the same statements rebuild the state on another server. */
    private static List<String> initialState() {
        return List.of(
                "CREATE TABLE orders (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, customer INT NOT NULL,"
                        + " qty INT NOT NULL, note VARCHAR(40), amount DECIMAL(10,2) NOT NULL,"
                        + " placed DATETIME(3) NOT NULL, status ENUM('new','paid','shipped') NOT NULL DEFAULT 'new',"
                        + " KEY (customer))",
                "INSERT INTO orders (customer, qty, note, amount, placed, status)"
                        + " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
                        + " SELECT i % 97, i % 7 + 1, IF(i % 5 = 0, NULL, CONCAT('note ', i)), i * 1.25,"
                        + " TIMESTAMP('2026-01-01') + INTERVAL i MINUTE, ELT(i % 3 + 1, 'new', 'paid', 'shipped')"
                        + " FROM n",
                // two columns of one type, about to be renamed into each other
                "CREATE TABLE pairs (id INT PRIMARY KEY, lo INT NOT NULL, hi INT NOT NULL, label VARCHAR(20))",
                "INSERT INTO pairs WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)"
                        + " SELECT i, i, i * 10, CONCAT('p', i) FROM n",
                "CREATE TABLE gone (id INT PRIMARY KEY, v VARCHAR(10))",
                "INSERT INTO gone VALUES (1, 'one'), (2, 'two')");
    }

    private static List<String> swapTable() {
        return List.of(
                "CREATE TABLE accounts (id INT PRIMARY KEY, debit INT NOT NULL, credit INT NOT NULL)",
                "INSERT INTO accounts WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 800)"
                        + " SELECT i, i, 100000 + i FROM n");
    }

    /** The DDL of the window, each shape the history must follow, with writes between. */
    private static List<String> window() {
        return List.of(
                "ALTER TABLE pairs RENAME COLUMN lo TO hi, RENAME COLUMN hi TO lo",
                "UPDATE pairs SET label = CONCAT(label, '+') WHERE id % 4 = 0",
                "ALTER TABLE pairs RENAME COLUMN lo TO tmp",
                "ALTER TABLE pairs RENAME COLUMN hi TO lo",
                "ALTER TABLE pairs RENAME COLUMN tmp TO hi",
                "ALTER TABLE orders ADD COLUMN channel VARCHAR(8) NOT NULL DEFAULT 'web' AFTER customer,"
                        + " DROP COLUMN note, MODIFY qty BIGINT NOT NULL, CHANGE amount total DECIMAL(12,2) NOT NULL",
                "UPDATE orders SET channel = 'shop' WHERE id % 11 = 0",
                "RENAME TABLE orders TO orders_v2",
                "INSERT INTO orders_v2 (customer, channel, qty, total, placed) VALUES (5, 'app', 2, 9.5,"
                        + " '2026-02-01 10:00:00.125')",
                "DROP TABLE gone",
                "CREATE TABLE gone (code CHAR(3) PRIMARY KEY, weight DOUBLE, seen TIMESTAMP NULL)",
                "INSERT INTO gone VALUES ('abc', 1.5, '2026-03-01 00:00:00'), ('xyz', NULL, NULL)",
                "CREATE TABLE orders_copy LIKE orders_v2",
                "INSERT INTO orders_copy SELECT * FROM orders_v2 WHERE id <= 500");
    }

    /** A STORED and a VIRTUAL generated column (MySQL refuses a value for either: error 3105), one indexed. */
    private static final String GENERATED_LINES = "CREATE TABLE order_lines (id INT PRIMARY KEY, qty INT NOT NULL,"
            + " price DECIMAL(8,2) NOT NULL, total DECIMAL(12,2) GENERATED ALWAYS AS (qty * price) STORED,"
            + " label VARCHAR(30) AS (CONCAT('L', id, '/', qty)) VIRTUAL, note VARCHAR(20), KEY (label))";

    /** The binlog spells out the columns of the table it creates: the history knows them. */
    private static final String CTAS =
            "CREATE TABLE totals SELECT customer, SUM(total) AS spent, COUNT(*) AS n FROM orders_v2 GROUP BY customer";

    /** Logged as {@code CREATE TABLE ... START TRANSACTION ENGINE=InnoDB COMMENT='...'}: the clause is not last. */
    private static final String CTAS_WITH_OPTIONS =
            "CREATE TABLE big_orders ENGINE=InnoDB COMMENT 'SELECT' SELECT * FROM orders_v2 WHERE qty > 2";

    /** The mistakes to find and undo: a DELETE, UPDATEs of the renamed and re-created tables, and more. */
    private static List<String> mistakes() {
        return List.of(
                "DELETE FROM orders_v2 WHERE id % 3 = 0",
                "UPDATE pairs SET lo = lo + 7, label = 'oops' WHERE id % 2 = 0",
                "UPDATE gone SET weight = 99",
                "DELETE FROM orders_copy WHERE qty > 3",
                "UPDATE totals SET spent = 0 WHERE customer < 50");
    }

    @Test
    void findSqlAndFlashbackNameEveryColumnFromTheHistoryWithNoSnapshotBeforeTheChanges() throws Exception {
        GtidSet start = executed();
        run(source, db, window());
        run(source, db, List.of(CTAS, CTAS_WITH_OPTIONS));
        GtidSet windowSet = executed().subtract(start);
        Map<String, String> checkpoint = History.checksums(source, db);
        GtidSet beforeMistakes = executed();
        run(source, db, mistakes());
        GtidSet mistakeSet = executed().subtract(beforeMistakes);

        Launchers.Result found = restoreTool("find", "--gtid", mistakeSet.toString());
        assertThat(found.exitCode()).as(found.output()).isZero();
        assertThat(found.output())
                .contains(db + ".orders_v2: 1000 deleted")
                .contains(db + ".pairs: 750 updated")
                .contains(db + ".gone: 2 updated")
                .contains("# 5 matching transactions");

        Launchers.Result undo = restoreTool(
                "flashback",
                "--gtid",
                mistakeSet.toString(),
                "--apply",
                "--target",
                source.host() + ":" + source.port(),
                "--target-user",
                source.rootUser());
        assertThat(undo.exitCode()).as(undo.output()).isZero();
        assertThat(undo.output()).doesNotContain("conflict ");
        assertThat(History.checksums(source, db)).isEqualTo(checkpoint);

        // forward SQL of the window (CTAS included), replayed on a fresh server over the same initial state
        Path script = dir.resolve("window.sql");
        Launchers.Result sql =
                restoreTool("sql", "--gtid", windowSet.toString(), "--databases", db, "--out", script.toString());
        assertThat(sql.exitCode()).as(sql.output()).isZero();
        MysqlServer fresh = MysqlServer.shared(MysqlOptions.defaults());
        fresh.execute("CREATE DATABASE `" + db + "`");
        run(fresh, db, initialState());
        pipe(fresh, script);
        assertThat(History.checksums(fresh, db)).isEqualTo(checkpoint);
    }

    /**
     * flashback --sql-out with no snapshot holding the table: the schema history says which columns are generated
     * (a table of the agent's baseline, and one created in the journal), so the script names none of them and
     * MySQL runs it (before, it wrote their values and MySQL refused it with error 3105); the same for the forward
     * script of {@code sql}.
     */
    @Test
    void flashbackSqlOutLeavesGeneratedColumnsOutWithNoSnapshotBeforeTheChange() throws Exception {
        run(
                source,
                genDb,
                List.of(
                        "CREATE TABLE made (id INT PRIMARY KEY, a INT NOT NULL, b INT AS (a * 2) VIRTUAL,"
                                + " c INT GENERATED ALWAYS AS (a + 1) STORED NOT NULL, tag VARCHAR(8))",
                        "INSERT INTO made (id, a, tag) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
                                + " FROM n WHERE i < 40) SELECT i, i * 3, CONCAT('t', i) FROM n"));
        Map<String, String> before = History.checksums(source, genDb);
        String shapes = showCreates(genDb);
        GtidSet start = executed();
        run(
                source,
                genDb,
                List.of(
                        "DELETE FROM order_lines WHERE id % 3 = 0",
                        "UPDATE order_lines SET qty = qty + 5, note = 'oops' WHERE id % 5 = 0",
                        "UPDATE made SET a = a + 100 WHERE id <= 10",
                        "DELETE FROM made WHERE id > 30"));
        GtidSet mistake = executed().subtract(start);
        Map<String, String> after = History.checksums(source, genDb);
        assertThat(after).isNotEqualTo(before);

        Path script = dir.resolve("undo-generated.sql");
        Launchers.Result undo = restoreTool("flashback", "--gtid", mistake.toString(), "--sql-out", script.toString());
        assertThat(undo.exitCode()).as(undo.output()).isZero();
        pipe(source, script);
        assertThat(History.checksums(source, genDb)).isEqualTo(before);
        assertThat(showCreates(genDb)).isEqualTo(shapes);

        // and forward again: the sql script of the mistakes leaves the generated columns to MySQL as well
        Path forward = dir.resolve("forward-generated.sql");
        Launchers.Result sql = restoreTool("sql", "--gtid", mistake.toString(), "--out", forward.toString());
        assertThat(sql.exitCode()).as(sql.output()).isZero();
        pipe(source, forward);
        assertThat(History.checksums(source, genDb)).isEqualTo(after);
    }

    /**
     * The forward script of a window that creates an enabled event leaves it DISABLE ON SLAVE, as a replica does:
     * the rows the event wrote on the source are in the script, so a server running the script must not run the
     * event too (before, it came out enabled and ran again on the second server).
     */
    @Test
    void sqlScriptLeavesTheEventsItCreatesDisabledOnTheServerItRunsOn() throws Exception {
        String evDb = source.createDatabase("histev");
        GtidSet start = executed();
        run(
                source,
                evDb,
                List.of(
                        "CREATE TABLE ticks (id INT AUTO_INCREMENT PRIMARY KEY, at DATETIME(6) NOT NULL)",
                        "CREATE EVENT tick ON SCHEDULE EVERY 1 SECOND DO INSERT INTO ticks (at) VALUES (NOW(6))"));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (Long.parseLong(source.queryString("SELECT COUNT(*) FROM `" + evDb + "`.ticks")) < 3) {
            assertThat(System.nanoTime()).as("the event ticks on the source").isLessThan(deadline);
            Thread.sleep(200);
        }
        GtidSet window = executed().subtract(start);
        run(source, evDb, List.of("ALTER EVENT tick DISABLE")); // after the window: stops the source's ticks

        Path script = dir.resolve("events.sql");
        Launchers.Result sql =
                restoreTool("sql", "--gtid", window.toString(), "--databases", evDb, "--out", script.toString());
        assertThat(sql.exitCode()).as(sql.output()).isZero();
        MysqlServer fresh = MysqlServer.shared(MysqlOptions.defaults());
        assertThat(fresh.queryString("SELECT @@event_scheduler")).isEqualTo("ON");
        fresh.execute("CREATE DATABASE `" + evDb + "`");
        pipe(fresh, script);
        String counted = "SELECT COUNT(*) FROM `" + evDb + "`.ticks";
        long loaded = Long.parseLong(fresh.queryString(counted));
        assertThat(loaded).isGreaterThanOrEqualTo(3);
        assertThat(rows(
                        fresh,
                        "SELECT CONCAT(EVENT_NAME, ' ', STATUS) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '"
                                + evDb + "'"))
                .isEqualTo("tick SLAVESIDE_DISABLED\n");
        Thread.sleep(2500); // an enabled event would have written more rows by now
        assertThat(Long.parseLong(fresh.queryString(counted))).isEqualTo(loaded);
        // the rows are the source's own, those of the window's transactions
        assertThat(rows(fresh, "SELECT CONCAT(id, ' ', at) FROM `" + evDb + "`.ticks ORDER BY id"))
                .isEqualTo(rows(
                        source,
                        "SELECT CONCAT(id, ' ', at) FROM `" + evDb + "`.ticks WHERE id <= " + loaded + " ORDER BY id"));
        // and the script and its writer say so
        assertThat(sql.output()).contains("events left DISABLE ON SLAVE, as on a replica: `" + evDb + "`.`tick`");
        assertThat(Files.readString(script))
                .contains("-- events left DISABLE ON SLAVE, as a replica leaves them")
                .contains("DISABLE ON SLAVE DO INSERT INTO ticks");
    }

    /**
     * Databases that existed before a snapshot which left them out (the agent's snapshots include only {@code
     * histsnap}): the window writes to one (histgen) and runs {@code CREATE DATABASE IF NOT EXISTS} of the other
     * (hist), creating neither, so a side restore of them is refused before anything is changed, saying why for
     * each (a restore could only give their window's changes, not the databases).
     */
    @Test
    void databasesTheSnapshotLeftOutAreRefusedAsSuch() throws Exception {
        StreamingAgent.snapshot(dir, config);
        GtidSet start = executed();
        run(source, genDb, List.of("UPDATE order_lines SET note = 'left out' WHERE id = 1"));
        String write = executed().subtract(start).toString();
        GtidSet second = executed();
        run(source, db, List.of("CREATE DATABASE IF NOT EXISTS `" + db + "`"));
        String createIfNotExists = executed().subtract(second).toString();
        Launchers.Result r = restoreTool(
                "restore",
                "--target",
                source.host() + ":" + source.port(),
                "--target-user",
                source.rootUser(),
                "--to-gtid",
                createIfNotExists,
                "--databases",
                db + "," + genDb,
                "--rename-db",
                db + "=" + db + "_left," + genDb + "=" + genDb + "_left");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output())
                .contains("error[USAGE]: snapshot ")
                .contains("database " + genDb + " (" + write + " writes to it before the window creates it: it"
                        + " existed before the snapshot, which left it out")
                .contains("database " + db + " (" + createIfNotExists + " creates it IF NOT EXISTS, and nothing"
                        + " before it in the window shows it was absent")
                .contains("HINT: restore from a snapshot that holds it");
        assertThat(source.queryString(
                        "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '%" + "_left'"))
                .isEqualTo("0");
    }

    private static String showCreates(String database) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = source.connect(database);
                Statement st = c.createStatement()) {
            for (String t : List.of("order_lines", "made")) {
                try (ResultSet rs = st.executeQuery("SHOW CREATE TABLE `" + t + "`")) {
                    rs.next();
                    sb.append(rs.getString(2)).append('\n');
                }
            }
        }
        return sb.toString();
    }

    @Test
    void columnsRenamedIntoEachOtherAfterASnapshotAreUndoneWithoutAFalseConflict() throws Exception {
        StreamingAgent.snapshot(dir, config);
        run(
                source,
                swapDb,
                List.of("ALTER TABLE accounts RENAME COLUMN debit TO credit, RENAME COLUMN credit TO debit"));
        Map<String, String> before = History.checksums(source, swapDb);
        String sample =
                source.queryString("SELECT CONCAT(debit, '/', credit) FROM `" + swapDb + "`.accounts WHERE id = 8");
        assertThat(sample).isEqualTo("100008/8");
        GtidSet start = executed();
        run(source, swapDb, List.of("UPDATE accounts SET debit = 0 WHERE id % 2 = 0"));
        GtidSet mistake = executed().subtract(start);

        Launchers.Result undo = restoreTool(
                "flashback",
                "--gtid",
                mistake.toString(),
                "--apply",
                "--target",
                source.host() + ":" + source.port(),
                "--target-user",
                source.rootUser());
        assertThat(undo.exitCode()).as(undo.output()).isZero();
        assertThat(undo.output()).contains("applied       400 rows");
        assertThat(History.checksums(source, swapDb)).isEqualTo(before);
    }

    @Test
    void withoutABaselineFindStillCountsAndFlashbackRefusesWithTheWayForward() throws Exception {
        GtidSet start = executed();
        run(source, db, List.of("UPDATE pairs SET label = 'recount' WHERE id <= 30"));
        GtidSet change = executed().subtract(start);
        History.awaitCaughtUp(source, repo, agent);
        // the journal alone, as a repository made before schema baselines existed would be
        Path bare = dir.resolve("bare-repo");
        copyTree(repo.resolve("journal"), bare.resolve("journal"));
        Files.createDirectories(bare.resolve("snapshots"));
        Files.copy(repo.resolve("repository.json"), bare.resolve("repository.json"));

        Launchers.Result found = bareTool(bare, "find", "--gtid", change.toString());
        assertThat(found.exitCode()).as(found.output()).isZero();
        assertThat(found.output()).contains(db + ".pairs: 30 updated");

        Launchers.Result undo = bareTool(bare, "flashback", "--gtid", change.toString(), "--sql-out", "-");
        assertThat(undo.exitCode()).as(undo.output()).isEqualTo(1);
        assertThat(undo.output())
                .contains("SCHEMA_UNKNOWN")
                .contains("the column names of " + db + ".pairs at " + change)
                .contains("no schema baseline precedes it")
                .containsPattern("HINT: names are known from the next schema baseline");
    }

    private static Launchers.Result bareTool(Path bare, String command, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(command, "--repo", bare.toString()));
        all.addAll(List.of(args));
        return Launchers.run(dir, Map.of(), "pitr-restore", all.toArray(String[]::new));
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static GtidSet executed() {
        return GtidSet.parse(source.gtidExecuted());
    }

    private static Launchers.Result restoreTool(String... args) throws Exception {
        History.awaitCaughtUp(source, repo, agent);
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--repo");
        all.add(2, repo.toString());
        return Launchers.run(
                dir, Map.of("PITR_TARGET_PASSWORD", source.rootPassword()), "pitr-restore", all.toArray(String[]::new));
    }

    private static void run(MysqlServer server, String database, List<String> statements) throws Exception {
        try (Connection c = server.connect(database);
                Statement st = c.createStatement()) {
            st.execute("SET SESSION cte_max_recursion_depth = 10000");
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static void pipe(MysqlServer server, Path script) throws Exception {
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
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    static String rows(MysqlServer server, String sql) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = server.connect(null);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                sb.append(rs.getString(1)).append('\n');
            }
        }
        return sb.toString();
    }
}
