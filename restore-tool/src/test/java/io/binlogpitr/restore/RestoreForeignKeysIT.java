package io.binlogpitr.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.restore.fuzz.Corpus;
import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.AgentConfigFile;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
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
 * Restore of MySQL's employees schema (test resources corpus/employees/schema.sql and flashback/employees-fk.sql:
 * ON DELETE CASCADE two levels deep,
 * SET NULL, ON UPDATE CASCADE) with triggers, a procedure and events that write rows, through a replay window that
 * cascades (InnoDB's cascaded child changes are not in the binlog: the target must perform them again), runs a
 * session with {@code foreign_key_checks=0} (children left orphaned on the source must stay so), fires triggers
 * (their rows are in the binlog and must not be written twice), creates events (they must not run on the target),
 * adds, truncates and drops partitions, truncates and swaps tables by RENAME, and drops and creates a database.
 * The oracle is the source's own {@code CHECKSUM TABLE} and row count of every table, recorded at the points.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreForeignKeysIT {
    private static final int EMPLOYEES = 3000;

    @TempDir
    static Path dir;

    private MysqlServer source;
    private Path repo;
    private String db;
    private String extra;
    private String midGtid;
    private Instant midTime;
    private String endGtid;
    private Map<String, String> midState;
    private Map<String, String> endState;
    private Map<String, String> extraState;
    private final List<MysqlServer> targets = new ArrayList<>();

    @BeforeAll
    void makeHistory() throws Exception {
        source = MysqlServer.shared(MysqlOptions.defaults());
        String user = "pitr_fk_src";
        source.createUser(user, History.PASSWORD, AgentAccount.GRANTS);
        db = source.createDatabase("hr");
        extra = db + "_extra";
        try (Connection c = source.connect(db);
                Statement st = c.createStatement()) {
            schema(st);
            fill(st);
        }
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
            try (Connection c = source.connect(db);
                    Statement st = c.createStatement()) {
                firstHalf(st);
                midGtid = lastGtid();
                midState = state(source, db);
                Thread.sleep(1200);
                midTime = Instant.now();
                Thread.sleep(1200);
                secondHalf(st);
            }
            endGtid = lastGtid();
            endState = state(source, db);
            extraState = state(source, extra);
            History.awaitCaughtUp(source, repo, agent);
        } finally {
            StreamingAgent.stop(agent);
        }
    }

    @AfterAll
    void stopTargets() {
        targets.forEach(MysqlServer::close);
    }

    private String lastGtid() {
        List<GtidSet.Interval> ours = GtidSet.parse(source.gtidExecuted()).intervals(source.serverUuid());
        return source.serverUuid() + ":" + ours.get(ours.size() - 1).end();
    }

    private static void schema(Statement st) throws Exception {
        for (String s : Corpus.statementsOf(FlashbackCascadeIT.EMPLOYEES_SCHEMA)) {
            st.execute(s);
        }
        st.execute("CREATE TABLE pay_audit (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, emp_no INT NOT NULL,"
                + " old_salary INT NULL, new_salary INT NOT NULL, kind CHAR(1) NOT NULL)");
        st.execute("CREATE TABLE event_log (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, note VARCHAR(40) NOT NULL,"
                + " n BIGINT NOT NULL)");
        st.execute("CREATE TABLE salary_history (emp_no INT NOT NULL, yr INT NOT NULL, total BIGINT NOT NULL,"
                + " PRIMARY KEY (emp_no, yr)) PARTITION BY RANGE (yr) (PARTITION p2000 VALUES LESS THAN (2001),"
                + " PARTITION p2010 VALUES LESS THAN (2011), PARTITION p2020 VALUES LESS THAN (2021))");
        st.execute("CREATE TRIGGER salaries_ai AFTER INSERT ON salaries FOR EACH ROW"
                + " INSERT INTO pay_audit (emp_no, old_salary, new_salary, kind) VALUES (NEW.emp_no, NULL,"
                + " NEW.salary, 'I')");
        st.execute("CREATE TRIGGER salaries_au AFTER UPDATE ON salaries FOR EACH ROW"
                + " INSERT INTO pay_audit (emp_no, old_salary, new_salary, kind) VALUES (NEW.emp_no, OLD.salary,"
                + " NEW.salary, 'U')");
        st.execute("CREATE PROCEDURE give_raise(pct INT, dept CHAR(4)) MODIFIES SQL DATA"
                + " UPDATE salaries s JOIN dept_emp d ON d.emp_no = s.emp_no SET s.salary = s.salary * (100 + pct)"
                + " DIV 100 WHERE d.dept_no = dept");
        // enabled, but not due before 2037: it must be restored disabled all the same
        st.execute("CREATE EVENT ev_nightly ON SCHEDULE EVERY 1 DAY STARTS '2037-01-01 00:00:00' ENABLE"
                + " DO INSERT INTO event_log (note, n) SELECT 'nightly', COUNT(*) FROM employees");
    }

    /** Employees with departments, titles, three salaries each (the trigger audits them) and reviews. */
    private static void fill(Statement st) throws Exception {
        st.execute("SET SESSION cte_max_recursion_depth = 100000");
        String seq = "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < " + EMPLOYEES + ") ";
        for (int d = 1; d <= 10; d++) {
            st.execute(String.format("INSERT INTO departments VALUES ('d%03d', 'Department %d')", d, d));
        }
        st.execute("INSERT INTO employees " + seq
                + "SELECT 10000 + n, DATE('1952-02-01') + INTERVAL n * 5 DAY,"
                + " ELT(1 + n % 8, 'Georgi', 'Bezalel', 'Parto', 'Chirstian', 'Kyoichi', 'Anneke', 'Tzvetan',"
                + " 'Saniya'), ELT(1 + n % 7, 'Facello', 'Simmel', 'Bamford', 'Koblick', 'Maliniak', 'Preusig',"
                + " 'Zielinski'), ELT(1 + n % 4, 'M', 'F', 'NB', 'T'), DATE('1985-01-01') + INTERVAL n DAY FROM seq");
        st.execute("INSERT INTO dept_emp " + seq
                + "SELECT 10000 + n, CONCAT('d00', 1 + n % 9), DATE('1985-01-01') + INTERVAL n DAY,"
                + " IF(n % 5 = 0, DATE('1999-12-31'), DATE('9999-01-01')) FROM seq");
        st.execute("INSERT INTO dept_manager " + seq
                + "SELECT 10000 + n, CONCAT('d00', 1 + n % 9), DATE('1986-01-01') + INTERVAL n DAY,"
                + " DATE('9999-01-01') FROM seq WHERE n % 100 = 1");
        st.execute("INSERT INTO titles " + seq
                + "SELECT 10000 + n, ELT(1 + n % 5, 'Engineer', 'Senior Engineer', 'Staff', 'Senior Staff',"
                + " 'Technique Leader'), DATE('1985-01-01') + INTERVAL n DAY, IF(n % 3 = 0, NULL,"
                + " DATE('2001-01-01') + INTERVAL n DAY) FROM seq");
        st.execute("INSERT INTO salaries " + seq
                + "SELECT 10000 + n, 40000 + (n * 37) % 50000 + k * 1500,"
                + " DATE('1990-01-01') + INTERVAL (n % 300 + k * 365) DAY,"
                + " DATE('1990-12-31') + INTERVAL (n % 300 + k * 365) DAY"
                + " FROM seq, (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2) AS x");
        st.execute("INSERT INTO salary_reviews (emp_no, from_date, note) SELECT emp_no, from_date,"
                + " CONCAT('review of ', emp_no, ' from ', from_date) FROM salaries WHERE emp_no % 3 = 0");
        st.execute("INSERT INTO dept_projects " + seq
                + "SELECT n, IF(n % 13 = 0, NULL, CONCAT('d0', LPAD(1 + n % 10, 2, '0'))), CONCAT('Project ', n),"
                + " n * 1000.25 FROM seq WHERE n <= 200");
        st.execute("INSERT INTO salary_history " + seq
                + "SELECT 10000 + n, 1995 + k * 5, n * 100 + k FROM seq,"
                + " (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) AS x"
                + " WHERE n <= 1000");
        // orphans in the snapshot (written without FK checks): the load must take them as they are
        st.execute("SET SESSION foreign_key_checks = 0");
        st.execute("INSERT INTO dept_emp VALUES (88888, 'd077', '2000-01-01', '9999-01-01')");
        st.execute("INSERT INTO salaries VALUES (88888, 50000, '2000-01-01', '9999-01-01')");
        st.execute("SET SESSION foreign_key_checks = 1");
    }

    /** Cascades, SET NULL, ON UPDATE CASCADE, a session without FK checks, a procedure, partitions, events. */
    private void firstHalf(Statement st) throws Exception {
        st.execute("DELETE FROM employees WHERE emp_no % 10 = 0"); // cascades to five tables, two levels
        st.execute("CALL give_raise(3, 'd002')"); // the trigger audits every row the procedure changes
        st.execute("DELETE FROM departments WHERE dept_no = 'd009'"); // CASCADE dept_emp, SET NULL dept_projects
        st.execute("UPDATE departments SET dept_no = 'd011' WHERE dept_no = 'd010'"); // ON UPDATE CASCADE
        try (Connection c = source.connect(db);
                Statement raw = c.createStatement()) {
            // a session without FK checks: nothing cascades on the source, the children stay orphaned
            raw.execute("SET SESSION foreign_key_checks = 0");
            raw.execute("DELETE FROM employees WHERE emp_no BETWEEN 10001 AND 10060");
            raw.execute("INSERT INTO titles VALUES (99999, 'Ghost', '2001-01-01', NULL)");
            raw.execute("UPDATE departments SET dept_no = 'd012' WHERE dept_no = 'd011'");
        }
        st.execute("ALTER TABLE salary_history ADD PARTITION (PARTITION p2030 VALUES LESS THAN (2031))");
        st.execute("INSERT INTO salary_history SELECT emp_no, 2025, total FROM salary_history WHERE yr = 2015");
        st.execute("ALTER TABLE salary_history TRUNCATE PARTITION p2000");
        st.execute("ALTER TABLE salary_history DROP PARTITION p2010");
        // a one-time event runs at once on the source; its rows are in the binlog, and it must not run again
        st.execute("CREATE EVENT ev_once ON SCHEDULE AT CURRENT_TIMESTAMP ON COMPLETION PRESERVE"
                + " DO INSERT INTO event_log (note, n) SELECT 'headcount', COUNT(*) FROM employees");
        awaitOneRow("SELECT COUNT(*) FROM `" + db + "`.event_log WHERE note = 'headcount'");
        st.execute("CREATE EVENT ev_hourly ON SCHEDULE EVERY 1 HOUR STARTS '2037-01-01 00:00:00'"
                + " DO INSERT INTO event_log (note, n) VALUES ('hourly', 1)");
        st.execute("ALTER EVENT ev_nightly ENABLE COMMENT 'turned on again'");
    }

    private void awaitOneRow(String sql) throws InterruptedException {
        for (int i = 0; i < 300 && !"1".equals(source.queryString(sql)); i++) {
            Thread.sleep(100);
        }
        assertThat(source.queryString(sql))
                .as("the source's event scheduler ran ev_once")
                .isEqualTo("1");
    }

    /** TRUNCATE, a table swap by RENAME, triggers into the new table, a database dropped and created again. */
    private void secondHalf(Statement st) throws Exception {
        st.execute("TRUNCATE TABLE pay_audit");
        st.execute("UPDATE salaries SET salary = salary + 100 WHERE emp_no % 7 = 0");
        st.execute("CREATE TABLE pay_audit_new LIKE pay_audit");
        st.execute("INSERT INTO pay_audit_new SELECT * FROM pay_audit WHERE kind = 'U'");
        st.execute("RENAME TABLE pay_audit TO pay_audit_old, pay_audit_new TO pay_audit");
        st.execute("UPDATE salaries SET salary = salary - 50 WHERE emp_no % 11 = 0");
        st.execute("INSERT INTO salaries VALUES (10061, 99000, '2024-01-01', '9999-01-01')");
        st.execute("DELETE FROM employees WHERE emp_no BETWEEN 12000 AND 12100");
        for (int round = 0; round < 2; round++) {
            st.execute("DROP DATABASE IF EXISTS `" + extra + "`");
            st.execute("CREATE DATABASE `" + extra + "`");
            st.execute("CREATE TABLE `" + extra + "`.teams (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)");
            st.execute("CREATE TABLE `" + extra + "`.members (team_id INT NOT NULL, emp_no INT NOT NULL,"
                    + " PRIMARY KEY (team_id, emp_no), FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE)");
            st.execute("INSERT INTO `" + extra + "`.teams SELECT emp_no - 10000, CONCAT('team ', emp_no, '/', " + round
                    + ") FROM employees WHERE emp_no < 10400");
            st.execute("INSERT INTO `" + extra
                    + "`.members SELECT ((emp_no - 10000) % 50) * 2 + 61, emp_no FROM employees");
        }
        st.execute("DELETE FROM `" + extra + "`.teams WHERE id % 4 = 1");
    }

    /** CHECKSUM TABLE and row count of every base table of {@code database}. */
    private static Map<String, String> state(MysqlServer server, String database) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : History.checksums(server, database).entrySet()) {
            String count = server.queryString("SELECT COUNT(*) FROM `" + database + "`.`" + e.getKey() + "`");
            out.put(e.getKey(), e.getValue() + " / " + count + " rows");
        }
        return out;
    }

    /** Name and STATUS of every event of {@code database}. */
    private static Map<String, String> events(MysqlServer server, String database) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = server.connect(null);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT EVENT_NAME, STATUS FROM information_schema.EVENTS"
                        + " WHERE EVENT_SCHEMA = '" + database + "'")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private MysqlServer freshTarget() {
        MysqlServer t = MysqlServer.startNew(MysqlOptions.defaults());
        targets.add(t);
        return t;
    }

    private Launchers.Result restore(MysqlServer target, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(
                "restore",
                "--repo",
                repo.toString(),
                "--target",
                target.host() + ":" + target.port(),
                "--target-user",
                target.rootUser()));
        all.addAll(List.of(args));
        return Launchers.run(
                dir, Map.of("PITR_TARGET_PASSWORD", target.rootPassword()), "pitr-restore", all.toArray(String[]::new));
    }

    @Test
    void batchedRestoreToAGtidThenASideRestoreBesideItAreExactAndLeaveEveryEventDisabled() throws Exception {
        MysqlServer target = freshTarget();
        Launchers.Result r = restore(target, "--to-gtid", endGtid);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(state(target, db)).isEqualTo(endState);
        assertThat(state(target, extra)).isEqualTo(extraState);
        Map<String, String> disabled = Map.of(
                "ev_hourly", "SLAVESIDE_DISABLED", "ev_nightly", "SLAVESIDE_DISABLED", "ev_once", "SLAVESIDE_DISABLED");
        assertThat(events(target, db)).isEqualTo(disabled);
        assertThat(r.output())
                .contains("left disabled on the target")
                .contains("`" + db + "`.`ev_hourly`")
                .contains("ALTER EVENT");

        // beside the restored database, on the same server: the side database is the source at the middle point
        String sideDb = db + "_side";
        Launchers.Result side =
                restore(target, "--databases", db, "--rename-db", db + "=" + sideDb, "--to-gtid", midGtid);
        assertThat(side.exitCode()).as(side.output()).isZero();
        assertThat(state(target, sideDb)).isEqualTo(midState);
        assertThat(events(target, sideDb))
                .isEqualTo(Map.of(
                        "ev_hourly",
                        "SLAVESIDE_DISABLED",
                        "ev_nightly",
                        "SLAVESIDE_DISABLED",
                        "ev_once",
                        "SLAVESIDE_DISABLED"));
        assertThat(state(target, db)).as("the first restore is untouched").isEqualTo(endState);
        assertThat(state(target, extra)).isEqualTo(extraState);
    }

    @Test
    void perTransactionRestoresToATimeAndOfASideDatabaseAreExact() throws Exception {
        MysqlServer target = freshTarget();
        Launchers.Result r = restore(target, "--per-transaction", "--to-time", midTime.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(state(target, db)).isEqualTo(midState);
        assertThat(events(target, db).values()).containsOnly("SLAVESIDE_DISABLED");

        String sideDb = db + "_pt";
        Launchers.Result side = restore(
                target, "--per-transaction", "--databases", db, "--rename-db", db + "=" + sideDb, "--to-gtid", midGtid);
        assertThat(side.exitCode()).as(side.output()).isZero();
        assertThat(state(target, sideDb)).isEqualTo(midState);
        assertThat(events(target, sideDb).values()).containsOnly("SLAVESIDE_DISABLED");
        assertThat(state(target, db)).as("the first restore is untouched").isEqualTo(midState);
    }
}
