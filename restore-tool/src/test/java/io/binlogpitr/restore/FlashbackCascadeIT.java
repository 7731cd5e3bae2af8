package io.binlogpitr.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.restore.fuzz.Corpus;
import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.AgentConfigFile;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flashback on a real schema with foreign keys (MySQL's employees sample database, test resources
 * corpus/employees/schema.sql and flashback/employees-fk.sql), triggers and generated columns, against a real mysqld streamed by the real agent.
 * The oracle is the source's own CHECKSUM TABLE of every table, recorded just before the mistake.
 */
class FlashbackCascadeIT {
    /** The employees tables (shared with the fuzzer's corpus), then the ones the foreign-key tests add. */
    static final String[] EMPLOYEES_SCHEMA = {"corpus/employees/schema.sql", "flashback/employees-fk.sql"};

    @TempDir
    static Path dir;

    private static MysqlServer source;
    private static Path repo;
    private static Path config;
    private static Launchers.Started agent;

    @BeforeAll
    static void startAgent() throws Exception {
        source = MysqlServer.shared(MysqlOptions.defaults());
        AgentAccount.ensure(source, History.USER, History.PASSWORD);
        repo = dir.resolve("repo");
        config = AgentConfigFile.of(source, History.USER, History.PASSWORD, 7321)
                .repository(repo)
                .snapshots("{every: 0, threads: 2}")
                .anyHttpPort()
                .writeIn(dir);
        agent = StreamingAgent.start(dir, config);
        History.awaitCaughtUp(source, repo, agent);
    }

    @AfterAll
    static void stopAgent() throws Exception {
        StreamingAgent.stop(agent);
    }

    private static void snapshot() throws Exception {
        History.awaitCaughtUp(source, repo, agent);
        StreamingAgent.snapshot(dir, config);
    }

    private static Launchers.Result restoreTool(String... args) throws Exception {
        History.awaitCaughtUp(source, repo, agent);
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--repo");
        all.add(2, repo.toString());
        return Launchers.run(
                dir, Map.of("PITR_TARGET_PASSWORD", source.rootPassword()), "pitr-restore", all.toArray(String[]::new));
    }

    private static Launchers.Result flashbackApply(GtidSet gtids) throws Exception {
        return restoreTool(
                "flashback",
                "--gtid",
                gtids.toString(),
                "--apply",
                "--target",
                source.host() + ":" + source.port(),
                "--target-user",
                source.rootUser());
    }

    private static GtidSet executed() {
        return GtidSet.parse(source.gtidExecuted());
    }

    private static String employeesDatabase(String prefix) throws Exception {
        String db = source.createDatabase(prefix);
        try (Connection c = source.connect(db);
                Statement st = c.createStatement()) {
            for (String s : Corpus.statementsOf(EMPLOYEES_SCHEMA)) {
                st.execute(s);
            }
            String[] first = {"Georgi", "Bezalel", "Parto", "Chirstian", "Kyoichi", "Anneke", "Tzvetan", "Saniya"};
            String[] last = {"Facello", "Simmel", "Bamford", "Koblick", "Maliniak", "Preusig", "Zielinski", "Kalloufi"};
            for (int d = 1; d <= 9; d++) {
                st.execute("INSERT INTO departments VALUES ('d00" + d + "', 'Department " + d + "')");
            }
            StringBuilder emp = new StringBuilder("INSERT INTO employees VALUES ");
            StringBuilder de = new StringBuilder("INSERT INTO dept_emp VALUES ");
            StringBuilder ti = new StringBuilder("INSERT INTO titles VALUES ");
            StringBuilder sa = new StringBuilder("INSERT INTO salaries VALUES ");
            StringBuilder rv = new StringBuilder("INSERT INTO salary_reviews (emp_no, from_date, note) VALUES ");
            for (int i = 1; i <= 300; i++) {
                int no = 10000 + i;
                String sep = i > 1 ? "," : "";
                emp.append(sep)
                        .append(String.format(
                                "(%d,'19%02d-%02d-%02d','%s','%s','%s','19%02d-%02d-%02d')",
                                no,
                                50 + i % 15,
                                1 + i % 12,
                                1 + i % 28,
                                first[i % 8],
                                last[(i / 8) % 8],
                                i % 2 == 0 ? "M" : "F",
                                85 + i % 14,
                                1 + i % 12,
                                1 + i % 27));
                de.append(sep).append(String.format("(%d,'d00%d','1990-01-01','9999-01-01')", no, 1 + i % 8));
                ti.append(sep)
                        .append(String.format(
                                "(%d,'%s','1995-06-01',%s)",
                                no, i % 3 == 0 ? "Senior Engineer" : "Staff", i % 4 == 0 ? "NULL" : "'2001-01-01'"));
                for (int y = 0; y < 3; y++) {
                    sa.append(i > 1 || y > 0 ? "," : "")
                            .append(String.format(
                                    "(%d,%d,'%d-01-01','%d-01-01')",
                                    no, 40000 + i * 37 + y * 1500, 1996 + y, 1997 + y));
                    if ((i + y) % 2 == 0) {
                        rv.append(rv.charAt(rv.length() - 1) == ' ' ? "" : ",")
                                .append(String.format(
                                        "(%d,'%d-01-01','review %d/%d: meets expectations')", no, 1996 + y, i, y));
                    }
                }
            }
            st.execute(emp.toString());
            st.execute(de.toString());
            st.execute(ti.toString());
            st.execute(sa.toString());
            st.execute(rv.toString());
            st.execute("INSERT INTO dept_manager VALUES (10001,'d001','1991-01-01','9999-01-01'),"
                    + " (10002,'d002','1991-01-01','9999-01-01'), (10003,'d003','1991-01-01','9999-01-01')");
            StringBuilder pr = new StringBuilder("INSERT INTO dept_projects VALUES ");
            for (int p = 1; p <= 120; p++) {
                pr.append(p > 1 ? "," : "")
                        .append(String.format("(%d,'d00%d','project %d',%d.%02d)", p, 1 + p % 9, p, p * 1000, p % 100));
            }
            st.execute(pr.toString());
        }
        return db;
    }

    @Test
    void deletesThatCascadedTwoLevelsAndSetNullGetEveryChildRowBackAndAChangedChildRowIsAConflict() throws Exception {
        String db = employeesDatabase("fbfk");
        snapshot();
        // journaled changes to the child tables between the snapshot and the mistake: the rebuild must follow them
        source.execute(
                "UPDATE `" + db + "`.salaries SET salary = salary + 111 WHERE emp_no % 5 = 0",
                "INSERT INTO `" + db + "`.salaries VALUES (10003, 99000, '2000-01-01', '2001-01-01')",
                "INSERT INTO `" + db + "`.salary_reviews (emp_no, from_date, note) VALUES (10003, '2000-01-01', 'new')",
                "DELETE FROM `" + db + "`.salary_reviews WHERE id % 7 = 0",
                "UPDATE `" + db + "`.dept_projects SET budget = budget * 2 WHERE id % 4 = 0",
                // a cascade outside the range, which the rebuild simulates too
                "DELETE FROM `" + db + "`.employees WHERE emp_no = 10299");
        Map<String, String> before = History.checksums(source, db);
        GtidSet start = executed();
        source.execute("DELETE FROM `" + db + "`.employees WHERE emp_no % 3 = 0");
        source.execute("DELETE FROM `" + db + "`.departments WHERE dept_no = 'd002'");
        GtidSet mistakes = executed().subtract(start);
        assertThat(source.queryString("SELECT COUNT(*) FROM `" + db + "`.salary_reviews WHERE emp_no % 3 = 0"))
                .isEqualTo("0");
        assertThat(source.queryString("SELECT COUNT(*) FROM `" + db + "`.dept_projects WHERE dept_no IS NULL"))
                .isEqualTo("14");

        // someone changed a row the SET NULL touched: the whole flashback stops, nothing changes
        source.execute("UPDATE `" + db + "`.dept_projects SET name = 'renamed' WHERE id = 10");
        Map<String, String> now = History.checksums(source, db);
        Launchers.Result conflict = flashbackApply(mistakes);
        assertThat(conflict.exitCode()).as(conflict.output()).isEqualTo(1);
        assertThat(conflict.output())
                .contains("error[FLASHBACK_CONFLICT]")
                .contains("conflict      " + db + ".dept_projects id=10");
        assertThat(History.checksums(source, db)).as("nothing was changed").isEqualTo(now);

        source.execute("UPDATE `" + db + "`.dept_projects SET name = 'project 10' WHERE id = 10");
        Path script = dir.resolve("undo-fk.sql");
        Launchers.Result sql = restoreTool("flashback", "--gtid", mistakes.toString(), "--sql-out", script.toString());
        assertThat(sql.exitCode()).as(sql.output()).isZero();
        assertThat(Files.readString(script))
                .contains("-- foreign keys (snapshot ")
                .contains("INSERT INTO `" + db + "`.`salary_reviews`");

        Launchers.Result r = flashbackApply(mistakes);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("cascaded ").doesNotContain("conflict");
        assertThat(History.checksums(source, db)).as(r.output()).isEqualTo(before);
    }

    @Test
    void anUpdateOfAParentKeyWithOnUpdateCascadeIsUndoneWithItsChildren() throws Exception {
        String db = employeesDatabase("fbfku");
        snapshot();
        source.execute("UPDATE `" + db + "`.dept_projects SET budget = budget + 1 WHERE dept_no = 'd009'");
        Map<String, String> before = History.checksums(source, db);
        GtidSet start = executed();
        // d009 has projects only (dept_emp's key is ON UPDATE RESTRICT)
        source.execute("UPDATE `" + db + "`.departments SET dept_no = 'd099' WHERE dept_no = 'd009'");
        GtidSet mistake = executed().subtract(start);
        assertThat(source.queryString("SELECT COUNT(*) FROM `" + db + "`.dept_projects WHERE dept_no = 'd099'"))
                .isEqualTo("13");

        // a cascaded child row changed since: the parent's undo would cascade it back with the change kept
        source.execute("UPDATE `" + db + "`.dept_projects SET budget = 1 WHERE id = 17");
        Map<String, String> now = History.checksums(source, db);
        Launchers.Result conflict = flashbackApply(mistake);
        assertThat(conflict.exitCode()).as(conflict.output()).isEqualTo(1);
        assertThat(conflict.output())
                .contains("error[FLASHBACK_CONFLICT]")
                .contains("conflict      " + db + ".dept_projects id=17");
        assertThat(History.checksums(source, db)).as("nothing was changed").isEqualTo(now);

        source.execute("UPDATE `" + db + "`.dept_projects SET budget = 17001.17 WHERE id = 17");
        Launchers.Result r = flashbackApply(mistake);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(History.checksums(source, db)).as(r.output()).isEqualTo(before);
    }

    @Test
    void withoutASnapshotBeforeTheChangeACascadingDeleteIsRefusedNamingTheChildTables() throws Exception {
        String db = employeesDatabase("fbfkn");
        GtidSet start = executed();
        source.execute("DELETE FROM `" + db + "`.employees WHERE emp_no BETWEEN 10010 AND 10020");
        GtidSet mistake = executed().subtract(start);
        Map<String, String> now = History.checksums(source, db);
        // a snapshot after the change cannot describe the rows before it
        snapshot();

        Launchers.Result r = flashbackApply(mistake);
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.output())
                .contains("error[FLASHBACK_REFUSED]")
                .contains(db + ".salaries")
                .contains(db + ".dept_emp");
        assertThat(History.checksums(source, db)).isEqualTo(now);
    }

    @Test
    void aDdlOnAChildTableBetweenTheSnapshotAndTheChangeIsRefusedNamingTheChildTables() throws Exception {
        String db = employeesDatabase("fbfkd");
        snapshot();
        source.execute("ALTER TABLE `" + db + "`.salaries ADD COLUMN currency CHAR(3) NOT NULL DEFAULT 'EUR'");
        GtidSet start = executed();
        source.execute("DELETE FROM `" + db + "`.employees WHERE emp_no BETWEEN 10100 AND 10140");
        GtidSet mistake = executed().subtract(start);
        Map<String, String> now = History.checksums(source, db);

        Launchers.Result r = flashbackApply(mistake);
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.output())
                .contains("error[FLASHBACK_REFUSED]")
                .contains(db + ".salaries")
                .contains(db + ".salary_reviews")
                .contains("ALTER TABLE");
        assertThat(History.checksums(source, db)).isEqualTo(now);
    }

    @Test
    void anAuditTriggerThatTheUndoDoesNotFireLetsTheUndoGiveBackEveryTable() throws Exception {
        String db = source.createDatabase("fbaud");
        source.execute(
                "CREATE TABLE `" + db + "`.ledger (id INT PRIMARY KEY, account VARCHAR(20) NOT NULL,"
                        + " amount DECIMAL(12,2) NOT NULL, booked DATETIME(6) NOT NULL)",
                "CREATE TABLE `" + db + "`.ledger_audit (id INT AUTO_INCREMENT PRIMARY KEY, ledger_id INT NOT NULL,"
                        + " amount DECIMAL(12,2), who VARCHAR(80))",
                "CREATE TRIGGER `" + db + "`.ledger_ad AFTER DELETE ON `" + db + "`.ledger FOR EACH ROW"
                        + " INSERT INTO `" + db + "`.ledger_audit (ledger_id, amount, who) VALUES (OLD.id, OLD.amount,"
                        + " CURRENT_USER())");
        StringBuilder ins = new StringBuilder("INSERT INTO `" + db + "`.ledger VALUES ");
        for (int i = 1; i <= 400; i++) {
            ins.append(i > 1 ? "," : "")
                    .append(String.format(
                            "(%d,'acct-%04d',%d.%02d,'2026-11-%02d 09:%02d:%02d.%06d')",
                            i, i % 53, i * 7, i % 100, 1 + i % 28, i % 60, (i * 7) % 60, i * 13));
        }
        source.execute(ins.toString(), "DELETE FROM `" + db + "`.ledger WHERE id % 10 = 0");
        Map<String, String> before = History.checksums(source, db);
        GtidSet start = executed();
        source.execute("DELETE FROM `" + db + "`.ledger WHERE amount > 1000");
        GtidSet mistake = executed().subtract(start);

        Launchers.Result r = flashbackApply(mistake);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(History.checksums(source, db))
                .as("the audit rows the trigger wrote are undone, and re-inserting fires no trigger")
                .isEqualTo(before);
    }

    @Test
    void triggersThatStatementsWouldFireAgainAreNotFiredByTheUndoAndTheScriptSaysSo() throws Exception {
        String db = source.createDatabase("fbtrg");
        source.execute(
                "CREATE TABLE `" + db + "`.accounts (id INT PRIMARY KEY, owner VARCHAR(40), balance DECIMAL(12,2))",
                "CREATE TABLE `" + db + "`.audit (id INT AUTO_INCREMENT PRIMARY KEY, account INT, action VARCHAR(10),"
                        + " at_balance DECIMAL(12,2))",
                "CREATE TRIGGER `" + db + "`.accounts_ai AFTER INSERT ON `" + db + "`.accounts FOR EACH ROW"
                        + " INSERT INTO `" + db + "`.audit (account, action, at_balance) VALUES (NEW.id, 'insert',"
                        + " NEW.balance)",
                "CREATE TRIGGER `" + db + "`.accounts_ad AFTER DELETE ON `" + db + "`.accounts FOR EACH ROW"
                        + " INSERT INTO `" + db + "`.audit (account, action, at_balance) VALUES (OLD.id, 'delete',"
                        + " OLD.balance)");
        StringBuilder ins = new StringBuilder("INSERT INTO `" + db + "`.accounts VALUES ");
        for (int i = 1; i <= 200; i++) {
            ins.append(i > 1 ? "," : "")
                    .append("(")
                    .append(i)
                    .append(",'owner ")
                    .append(i)
                    .append("',")
                    .append(i * 10)
                    .append(".50)");
        }
        source.execute(ins.toString());
        snapshot();
        Map<String, String> before = History.checksums(source, db);
        GtidSet start = executed();
        source.execute("DELETE FROM `" + db + "`.accounts WHERE id > 100");
        GtidSet mistake = executed().subtract(start);

        Path script = dir.resolve("undo-trg.sql");
        Launchers.Result sql = restoreTool("flashback", "--gtid", mistake.toString(), "--sql-out", script.toString());
        assertThat(sql.exitCode()).as(sql.output()).isZero();
        assertThat(Files.readString(script))
                .contains("-- TRIGGERS (snapshot ")
                // the note names every table with triggers the filter admits (other tests' databases share the
                // server): this one must be among them
                .containsPattern("-- TRIGGERS \\(snapshot [^)]*\\): [^\\n]*\\b"
                        + java.util.regex.Pattern.quote(db + ".accounts") + "[, ][^\\n]*have triggers");

        // --apply inserts the rows back as row events: accounts_ai does not fire, the audit rows the DELETE wrote go
        Launchers.Result r = flashbackApply(mistake);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("row events    100 rows of " + db + ".accounts");
        assertThat(History.checksums(source, db)).as(r.output()).isEqualTo(before);
    }

    @Test
    void tablesWithStoredVirtualAndJsonGeneratedColumnsWithAndWithoutAKeyAreUndone() throws Exception {
        String db = source.createDatabase("fbgen");
        source.execute(
                "CREATE TABLE `" + db + "`.orders (id INT PRIMARY KEY, doc JSON NOT NULL, qty INT NOT NULL,"
                        + " price DECIMAL(10,2) NOT NULL,"
                        + " total DECIMAL(12,2) GENERATED ALWAYS AS (qty * price) STORED,"
                        + " customer VARCHAR(40) GENERATED ALWAYS AS (doc->>'$.customer') VIRTUAL,"
                        + " city VARCHAR(40) GENERATED ALWAYS AS (JSON_UNQUOTE(JSON_EXTRACT(doc, '$.addr.city'))) STORED,"
                        + " KEY (customer))",
                "CREATE TABLE `" + db + "`.events (at DATETIME(3) NOT NULL, body JSON,"
                        + " kind VARCHAR(20) GENERATED ALWAYS AS (body->>'$.kind') VIRTUAL,"
                        + " n INT GENERATED ALWAYS AS (JSON_LENGTH(body)) STORED)");
        StringBuilder o = new StringBuilder("INSERT INTO `" + db + "`.orders (id, doc, qty, price) VALUES ");
        StringBuilder e = new StringBuilder("INSERT INTO `" + db + "`.events (at, body) VALUES ");
        for (int i = 1; i <= 300; i++) {
            o.append(i > 1 ? "," : "")
                    .append(String.format(
                            "(%d,'{\"customer\":\"c%d\",\"addr\":{\"city\":\"city %d\"},\"tags\":[%d,%d]}',%d,%d.%02d)",
                            i, i % 37, i % 11, i, i * 2, 1 + i % 9, i, i % 100));
            e.append(i > 1 ? "," : "")
                    .append(String.format(
                            "('2026-11-21 10:%02d:%02d.%03d','{\"kind\":\"k%d\",\"v\":%d}')",
                            i % 60, i % 60, i, i % 5, i));
        }
        source.execute(o.toString(), e.toString(), e.toString()); // events: every row twice, no key
        snapshot(); // --sql-out has no target to ask: it takes the generated columns from the snapshot
        Map<String, String> before = History.checksums(source, db);

        GtidSet first = generatedColumnMistakes(db);
        Path script = dir.resolve("undo-gen.sql");
        Launchers.Result sql = restoreTool("flashback", "--gtid", first.toString(), "--sql-out", script.toString());
        assertThat(sql.exitCode()).as(sql.output()).isZero();
        pipeIntoClient(script);
        assertThat(History.checksums(source, db))
                .as("the script piped into the client")
                .isEqualTo(before);

        GtidSet mistakes = generatedColumnMistakes(db);
        Launchers.Result r = flashbackApply(mistakes);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).doesNotContain("not restored");
        assertThat(History.checksums(source, db)).as(r.output()).isEqualTo(before);
    }

    private static void pipeIntoClient(Path script) throws Exception {
        String client = Files.isExecutable(Path.of("/usr/bin/mysql")) ? "mysql" : "mariadb";
        Process p = new ProcessBuilder(
                        client,
                        "-h",
                        source.host(),
                        "-P",
                        String.valueOf(source.port()),
                        "-u",
                        source.rootUser(),
                        "--password=" + source.rootPassword(),
                        "--binary-mode")
                .redirectInput(script.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    private static GtidSet generatedColumnMistakes(String db) throws Exception {
        GtidSet start = executed();
        source.execute(
                "DELETE FROM `" + db + "`.orders WHERE id % 3 = 0",
                "UPDATE `" + db
                        + "`.orders SET qty = qty + 1, doc = JSON_SET(doc, '$.customer', 'zz') WHERE id % 3 = 1",
                "INSERT INTO `" + db + "`.orders (id, doc, qty, price) VALUES (1000, '{\"customer\":\"n\"}', 1, 1)",
                "DELETE FROM `" + db + "`.events WHERE body->>'$.kind' = 'k1'",
                "UPDATE `" + db + "`.events SET body = JSON_SET(body, '$.kind', 'k9') WHERE body->>'$.kind' = 'k2'");
        return executed().subtract(start);
    }
}
