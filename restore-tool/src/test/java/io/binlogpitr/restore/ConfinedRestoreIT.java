package io.binlogpitr.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.AgentConfigFile;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Side-database and partial restores stay inside what they restore. A source with three databases (shop, crm,
 * archive) is snapshotted whole; inside the replay window DDL of every shape runs against shop and the others —
 * with shop, crm or no default database, qualified and not — plus accounts and grants. A restore of shop (renamed,
 * onto the live source itself; or onto a server holding other databases; or by tables) must leave every other
 * database's tables (CHECKSUM TABLE) and objects (SHOW CREATE) exactly as they were, and give shop as it was at the
 * point. A DDL that moves a shop table into archive is refused before anything is changed outside.
 */
class ConfinedRestoreIT {
    private static final Set<String> SYSTEM =
            Set.of("mysql", "sys", "information_schema", "performance_schema", "_pitr_restore");

    @TempDir
    static Path dir;

    private static MysqlServer source;
    private static final List<MysqlServer> servers = new ArrayList<>();
    private static Path repo;
    private static String mistake;
    private static String spanning;
    private static String createsReports;
    private static Map<String, String> shopAtPoint;

    @BeforeAll
    static void makeHistory() throws Exception {
        source = MysqlServer.startNew(MysqlOptions.defaults());
        servers.add(source);
        source.createUser(History.USER, History.PASSWORD, AgentAccount.GRANTS);
        baseline(source);
        repo = dir.resolve("repo");
        Path config = AgentConfigFile.of(source, History.USER, History.PASSWORD, 7711)
                .repository(repo)
                .snapshots("{every: 0, threads: 2, chunkMiB: 1}")
                .anyHttpPort()
                .writeIn(dir);
        Launchers.Started agent = StreamingAgent.start(dir, config);
        try {
            History.awaitCaughtUp(source, repo, agent);
            StreamingAgent.snapshot(dir, config);
            window(source);
            shopAtPoint = state(source, "shop");
            GtidSet atPoint = GtidSet.parse(source.gtidExecuted());
            source.execute("DELETE FROM shop.orders WHERE id % 3 = 0");
            mistake = GtidSet.parse(source.gtidExecuted()).subtract(atPoint).toString();
            source.execute(
                    "INSERT INTO crm.contacts (email, name) SELECT CONCAT('late', id, '@example.org'), 'late'"
                            + " FROM shop.customers WHERE id <= 300",
                    "INSERT INTO archive.old_orders (id, total) VALUES (900001, 1.5), (900002, 2.5)",
                    "UPDATE shop.customers SET name = CONCAT(name, '*') WHERE id % 11 = 0");
            GtidSet beforeSpan = GtidSet.parse(source.gtidExecuted());
            source.execute("RENAME TABLE shop.order_lines TO archive.order_lines");
            spanning = GtidSet.parse(source.gtidExecuted()).subtract(beforeSpan).toString();
            source.execute("INSERT INTO crm.contacts (email, name) VALUES ('last@example.org', 'last')");
            History.awaitCaughtUp(source, repo, agent);
        } finally {
            StreamingAgent.stop(agent);
        }
    }

    @AfterAll
    static void stop() {
        servers.forEach(MysqlServer::close);
    }

    /** Before the snapshot: three databases with realistic rows and every kind of object. */
    private static void baseline(MysqlServer s) {
        s.execute(
                "SET SESSION cte_max_recursion_depth = 10000",
                "CREATE DATABASE shop",
                "CREATE DATABASE crm",
                "CREATE DATABASE archive",
                "CREATE TABLE shop.customers (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(120) NOT NULL UNIQUE,"
                        + " name VARCHAR(80) CHARACTER SET utf8mb4, country CHAR(2), balance DECIMAL(12,2) NOT NULL"
                        + " DEFAULT 0)",
                "CREATE TABLE shop.orders (id INT AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL, status"
                        + " ENUM('new','paid','shipped','closed') NOT NULL DEFAULT 'new', total DECIMAL(12,2),"
                        + " placed DATETIME(3), KEY (customer_id), FOREIGN KEY (customer_id) REFERENCES"
                        + " shop.customers (id))",
                "CREATE TABLE shop.audit (id BIGINT AUTO_INCREMENT PRIMARY KEY, order_id INT, what VARCHAR(16))",
                "CREATE TABLE crm.contacts (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(120), name"
                        + " VARCHAR(80), touched INT NOT NULL DEFAULT 0)",
                "CREATE TABLE crm.log (id INT AUTO_INCREMENT PRIMARY KEY, contact_id INT, at DATETIME)",
                "CREATE VIEW crm.v_contacts AS SELECT id, email FROM crm.contacts WHERE touched > 0",
                "CREATE TRIGGER crm.trg_contacts AFTER UPDATE ON crm.contacts FOR EACH ROW INSERT INTO crm.log"
                        + " (contact_id, at) VALUES (NEW.id, '2026-01-01 00:00:00')",
                "CREATE PROCEDURE crm.touch(IN cid INT) UPDATE contacts SET touched = touched + 1 WHERE id = cid",
                "CREATE EVENT crm.purge ON SCHEDULE EVERY 1 DAY STARTS '2035-01-01 00:00:00' DO DELETE FROM crm.log",
                "CREATE TABLE archive.old_orders (id INT PRIMARY KEY, total DECIMAL(12,2))",
                // dropped and created again in the window
                "CREATE DATABASE scratch",
                "CREATE TABLE scratch.jobs (id INT PRIMARY KEY, state VARCHAR(10))",
                "INSERT INTO scratch.jobs VALUES (1, 'old'), (2, 'old')",
                "INSERT INTO shop.customers (email, name, country, balance) WITH RECURSIVE n (i) AS (SELECT 1 UNION"
                        + " ALL SELECT i + 1 FROM n WHERE i < 2000) SELECT CONCAT('c', i, '@example.com'),"
                        + " CONCAT('Kundin ', i, ' \u00e9\u00df\u00e7'), ELT(1 + i % 4, 'DE', 'FR', 'JP', 'BR'),"
                        + " (i * 37) % 10000 / 100 FROM n",
                "INSERT INTO shop.orders (customer_id, status, total, placed) WITH RECURSIVE n (i) AS (SELECT 1"
                        + " UNION ALL SELECT i + 1 FROM n WHERE i < 6000) SELECT 1 + i % 2000, ELT(1 + i % 4, 'new',"
                        + " 'paid', 'shipped', 'closed'), (i * 13) % 50000 / 100,"
                        + " TIMESTAMP('2026-01-01') + INTERVAL i MINUTE FROM n",
                "INSERT INTO crm.contacts (email, name) SELECT email, name FROM shop.customers WHERE id <= 1000",
                "INSERT INTO archive.old_orders SELECT id + 100000, total FROM shop.orders WHERE id <= 700");
    }

    /** The replay window: DDL in every shape, against shop and the others, between row changes. */
    private static void window(MysqlServer s) throws SQLException {
        try (Connection shop = s.connect("shop");
                Statement st = shop.createStatement()) {
            st.execute("ALTER TABLE orders ADD COLUMN note VARCHAR(40) NULL");
            st.execute("UPDATE orders SET note = CONCAT('n', id) WHERE id % 7 = 0");
            st.execute("CREATE TABLE Items LIKE orders"); // mixed case: a table of its own
            st.execute("INSERT INTO Items SELECT * FROM orders WHERE id <= 50");
            st.execute("ALTER TABLE crm.contacts ADD COLUMN tier INT NOT NULL DEFAULT 0"); // another database
            st.execute("CREATE TABLE crm.notes (id INT PRIMARY KEY, body TEXT)");
        }
        try (Connection none = s.connect(null);
                Statement st = none.createStatement()) {
            st.execute("ALTER TABLE shop.orders ADD INDEX idx_note (note)");
            st.execute("CREATE TABLE `shop`.`line_items` (id INT AUTO_INCREMENT PRIMARY KEY, order_id INT NOT NULL,"
                    + " sku VARCHAR(32), qty INT, price DECIMAL(10,2))");
            st.execute("INSERT INTO shop.line_items (order_id, sku, qty, price) SELECT id, CONCAT('SKU-', id % 97),"
                    + " 1 + id % 5, (id % 300) / 10 FROM shop.orders");
            st.execute("RENAME TABLE shop.line_items TO shop.order_lines");
            st.execute("CREATE TABLE shop.tmp (id INT PRIMARY KEY)");
            st.execute("INSERT INTO shop.tmp VALUES (1), (2), (3)");
            st.execute("TRUNCATE TABLE shop.tmp");
            st.execute("DROP TABLE shop.tmp");
            st.execute("CREATE INDEX idx_sku ON shop.order_lines (sku)");
            st.execute("DROP INDEX idx_sku ON shop.order_lines");
            st.execute("CREATE INDEX idx_qty ON shop.order_lines (qty)");
            st.execute("CREATE VIEW shop.v_totals AS SELECT o.id, SUM(l.qty * l.price) AS total FROM shop.orders o"
                    + " JOIN shop.order_lines l ON l.order_id = o.id GROUP BY o.id");
            st.execute("ALTER VIEW shop.v_totals AS SELECT o.id, COUNT(*) AS n_lines FROM shop.orders o JOIN"
                    + " shop.order_lines l ON l.order_id = o.id GROUP BY o.id");
            st.execute("CREATE TRIGGER shop.trg_orders_del AFTER DELETE ON shop.orders FOR EACH ROW INSERT INTO"
                    + " shop.audit (order_id, what) VALUES (OLD.id, 'delete')");
            st.execute("CREATE PROCEDURE shop.close_order(IN oid INT) BEGIN UPDATE orders SET status = 'closed'"
                    + " WHERE id = oid; END");
            st.execute("CREATE FUNCTION shop.order_lines_of(oid INT) RETURNS INT READS SQL DATA RETURN (SELECT"
                    + " COUNT(*) FROM shop.order_lines WHERE order_id = oid)");
            st.execute("CREATE EVENT shop.purge_audit ON SCHEDULE EVERY 1 DAY STARTS '2035-01-01 00:00:00' DO"
                    + " DELETE FROM shop.audit WHERE id < 0");
            st.execute("ALTER EVENT shop.purge_audit COMMENT 'nightly'");
            // other databases, no default database
            st.execute("ALTER TABLE crm.contacts ADD INDEX idx_tier (tier)");
            st.execute("CREATE OR REPLACE VIEW crm.v_contacts AS SELECT id, email, tier FROM crm.contacts");
            st.execute("DROP TRIGGER crm.trg_contacts");
            st.execute("CREATE TRIGGER crm.trg_contacts2 BEFORE UPDATE ON crm.contacts FOR EACH ROW SET NEW.touched"
                    + " = NEW.touched + 1");
            st.execute("DROP PROCEDURE crm.touch");
            st.execute("DROP EVENT crm.purge");
            st.execute("TRUNCATE TABLE archive.old_orders");
            String beforeReports = s.gtidExecuted();
            st.execute("CREATE DATABASE reports");
            createsReports = GtidSet.parse(s.gtidExecuted())
                    .subtract(GtidSet.parse(beforeReports))
                    .toString();
            st.execute("CREATE TABLE reports.daily (day DATE PRIMARY KEY, orders INT)");
            st.execute("INSERT INTO reports.daily VALUES ('2026-01-01', 3), ('2026-01-02', 5)");
            st.execute("CREATE USER 'reporter'@'%' IDENTIFIED BY 'report-pw'");
            st.execute("GRANT SELECT ON shop.* TO 'reporter'@'%'");
            st.execute("INSERT INTO archive.old_orders VALUES (1, 9.99), (2, 19.99)");
            st.execute("CREATE TABLE archive.summary (k VARCHAR(8) PRIMARY KEY, n INT NOT NULL)");
            st.execute("INSERT INTO archive.summary VALUES ('a', 1), ('b', 2), ('c', 3)");
            st.execute("UPDATE archive.summary SET n = n * 10 WHERE k <> 'b'");
            // created in the window after a DROP ... IF EXISTS, dropped, created again otherwise
            st.execute("DROP DATABASE IF EXISTS wiki");
            st.execute("CREATE DATABASE wiki");
            st.execute("CREATE TABLE wiki.pages (id INT PRIMARY KEY, title VARCHAR(40))");
            st.execute("INSERT INTO wiki.pages VALUES (1, 'draft')");
            st.execute("DROP DATABASE wiki");
            st.execute("CREATE DATABASE wiki CHARACTER SET latin1");
            st.execute("CREATE TABLE wiki.pages (id INT PRIMARY KEY, title VARCHAR(60), body TEXT)");
            st.execute("CREATE VIEW wiki.titles AS SELECT id, title FROM wiki.pages");
            st.execute("INSERT INTO wiki.pages VALUES (1, 'Start', 'hello'), (2, 'Caf\u00e9', NULL)");
            st.execute("DROP DATABASE scratch");
            st.execute("CREATE DATABASE scratch");
            st.execute("CREATE TABLE scratch.jobs (id BIGINT PRIMARY KEY, state ENUM('new','done'))");
            st.execute("INSERT INTO scratch.jobs VALUES (10, 'new'), (11, 'done')");
            st.execute("UPDATE crm.contacts SET name = UPPER(name) WHERE id % 5 = 0");
        }
        try (Connection crm = s.connect("crm");
                Statement st = crm.createStatement()) {
            st.execute("ALTER TABLE shop.customers ADD COLUMN segment VARCHAR(16) NULL"); // shop, default crm
            st.execute("UPDATE shop.customers SET segment = 'gold' WHERE id % 10 = 0");
            st.execute("ALTER TABLE contacts ADD COLUMN score INT NULL"); // crm, unqualified
            st.execute("UPDATE contacts SET score = id % 100");
        }
    }

    @Test
    void intoASideDatabaseOnTheLiveSourceItself() throws Exception {
        Map<String, Map<String, String>> before = everyDatabaseBut(source, "shop_before");
        Launchers.Result r = restore(source, "--before-gtid", mistake, "--rename-db", "shop=shop_before");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("restore       complete").contains("databases shop_before");
        assertThat(everyDatabaseBut(source, "shop_before")).isEqualTo(before);
        assertThat(sideAsSource(state(source, "shop_before"), "shop_before")).isEqualTo(unquoted(shopAtPoint));
    }

    @Test
    void ontoAServerHoldingOtherDatabasesByDatabaseAndByTable() throws Exception {
        MysqlServer target = MysqlServer.startNew(MysqlOptions.defaults());
        servers.add(target);
        target.execute(
                "CREATE DATABASE crm",
                "CREATE TABLE crm.contacts (id INT PRIMARY KEY, email VARCHAR(120), name VARCHAR(80), touched INT)",
                "INSERT INTO crm.contacts VALUES (1, 'other@example.net', 'Not the source', 0)",
                "CREATE DATABASE archive",
                "CREATE TABLE archive.old_orders (id INT PRIMARY KEY, total DECIMAL(12,2))",
                "INSERT INTO archive.old_orders VALUES (7, 7.00)");
        Map<String, Map<String, String>> before = everyDatabaseBut(target, "shop");
        Launchers.Result r = restore(target, "--before-gtid", mistake, "--databases", "shop");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(everyDatabaseBut(target, "shop")).isEqualTo(before);
        assertThat(eventsAsSource(state(target, "shop"))).isEqualTo(shopAtPoint);

        Map<String, Map<String, String>> beforeTables = everyDatabaseBut(target, "shop_t");
        Launchers.Result t = restore(
                target,
                "--before-gtid",
                mistake,
                "--tables",
                "shop.orders,shop.customers,shop.audit",
                "--rename-db",
                "shop=shop_t");
        assertThat(t.exitCode()).as(t.output()).isZero();
        assertThat(everyDatabaseBut(target, "shop_t")).isEqualTo(beforeTables);
        Map<String, String> tables = new TreeMap<>(shopAtPoint);
        tables.keySet().removeIf(k -> !k.matches("(TABLE|CHECKSUM) (orders|customers|audit)|TRIGGER .*"));
        assertThat(sideAsSource(state(target, "shop_t"), "shop_t")).isEqualTo(unquoted(tables));
    }

    @Test
    void aDdlSpanningRestoredAndOtherDatabasesIsRefusedBeforeAnythingOutsideChanges() throws Exception {
        Map<String, Map<String, String>> before = everyDatabaseBut(source, "shop_span");
        Launchers.Result r = restore(source, "--to-gtid", spanning, "--rename-db", "shop=shop_span");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.output())
                .contains("error[DDL_NOT_CONFINED]")
                .contains("transaction " + spanning)
                .contains("RENAME TABLE shop.order_lines TO archive.order_lines")
                .contains("restored: shop; not restored: archive");
        assertThat(everyDatabaseBut(source, "shop_span")).isEqualTo(before);
    }

    /**
     * Databases the snapshot does not hold, created in the window (reports; wiki after a DROP ... IF EXISTS, dropped
     * and created again with another charset), and one it holds that the window drops and creates again (scratch):
     * nothing is loaded for the first two, the replay creates them under the new names and fills them; each equals
     * the source's at the point and nothing else on the target changes. (Before, the snapshot loader refused them:
     * "snapshot ... has no database reports, wiki".)
     */
    @Test
    void databasesCreatedInTheWindowRestoreIntoSideDatabases() throws Exception {
        Set<String> sides = Set.of("reports_side", "wiki_side", "scratch_side");
        Map<String, Map<String, String>> before = everyDatabaseBut(source, sides);
        Launchers.Result r = restore(
                source,
                "--before-gtid",
                mistake,
                "--databases",
                "reports,wiki,scratch",
                "--rename-db",
                "reports=reports_side,wiki=wiki_side,scratch=scratch_side");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("restore       complete");
        assertThat(everyDatabaseBut(source, sides)).isEqualTo(before);
        for (String db : List.of("reports", "wiki", "scratch")) {
            assertThat(renamedBack(state(source, db + "_side"), db + "_side", db))
                    .as(db)
                    .isEqualTo(state(source, db));
            assertThat(charset(source, db + "_side")).as(db).isEqualTo(charset(source, db));
        }
        assertThat(state(source, "wiki_side")).containsKey("VIEW titles");
    }

    /**
     * The same without a rename onto another server, and by tables: a table created in the window in a database the
     * snapshot holds (archive.summary: archive is created empty, the replay creates the table) and one in a database
     * created in the window (reports.daily).
     */
    @Test
    void aDatabaseAndTablesCreatedInTheWindowOntoAnotherServer() throws Exception {
        MysqlServer target = MysqlServer.startNew(MysqlOptions.defaults());
        servers.add(target);
        target.execute(
                "CREATE DATABASE keep", "CREATE TABLE keep.t (id INT PRIMARY KEY)", "INSERT INTO keep.t VALUES (1)");
        // the replay creates reports: an existing one, even empty, is in its way and refused before anything runs
        target.execute("CREATE DATABASE reports");
        Launchers.Result inTheWay = restore(target, "--before-gtid", mistake, "--databases", "reports");
        assertThat(inTheWay.exitCode()).as(inTheWay.output()).isEqualTo(1);
        assertThat(inTheWay.output())
                .contains("error[RESTORE_TARGET_NOT_EMPTY]: target database reports (exists, empty; the replay"
                        + " creates it, which it cannot over an existing one) on ")
                .contains("already exists; nothing was changed");
        target.execute("DROP DATABASE reports");
        Map<String, Map<String, String>> before = everyDatabaseBut(target, Set.of("reports"));
        Launchers.Result r = restore(target, "--before-gtid", mistake, "--databases", "reports");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(everyDatabaseBut(target, Set.of("reports"))).isEqualTo(before);
        assertThat(state(target, "reports")).isEqualTo(state(source, "reports"));

        Set<String> sides = Set.of("reports_t", "archive_t");
        Map<String, Map<String, String>> beforeTables = everyDatabaseBut(target, sides);
        Launchers.Result t = restore(
                target,
                "--before-gtid",
                mistake,
                "--tables",
                "reports.daily,archive.summary",
                "--rename-db",
                "reports=reports_t,archive=archive_t");
        assertThat(t.exitCode()).as(t.output()).isZero();
        assertThat(everyDatabaseBut(target, sides)).isEqualTo(beforeTables);
        assertThat(state(target, "reports_t")).isEqualTo(state(source, "reports"));
        Map<String, String> summary = new TreeMap<>(state(source, "archive"));
        summary.keySet().removeIf(k -> !k.endsWith(" summary"));
        assertThat(state(target, "archive_t")).isEqualTo(summary).hasSize(2);
    }

    /** A database neither in the snapshot nor created up to the point is refused, saying when it does exist. */
    @Test
    void aDatabaseTheWindowDoesNotCreateIsRefusedNamingWhenItIsCreated() throws Exception {
        Map<String, Map<String, String>> before = everyDatabaseBut(source, Set.of());
        Launchers.Result early = restore(
                source, "--before-gtid", createsReports, "--databases", "reports", "--rename-db", "reports=r_early");
        assertThat(early.exitCode()).as(early.output()).isEqualTo(2);
        assertThat(early.output())
                .contains("error[USAGE]")
                .contains("has no database reports (created after the point, by " + createsReports + " committed ")
                .contains("HINT: restore to a point after it is created (--to-gtid " + createsReports);
        Launchers.Result never =
                restore(source, "--before-gtid", mistake, "--tables", "nosuch.t,crm.nothere", "--rename-db", "crm=c2");
        assertThat(never.exitCode()).as(never.output()).isEqualTo(2);
        assertThat(never.output())
                .contains("has no table crm.nothere (the journal never creates it), database nosuch (the journal never"
                        + " creates it)");
        assertThat(everyDatabaseBut(source, Set.of())).isEqualTo(before);
    }

    private static Map<String, String> renamedBack(Map<String, String> side, String name, String as) {
        Map<String, String> out = new TreeMap<>();
        side.forEach((k, v) -> out.put(k, v.replace("`" + name + "`", "`" + as + "`")));
        return out;
    }

    private static String charset(MysqlServer s, String db) throws SQLException {
        return String.join(
                ",",
                list(
                        s,
                        "SELECT CONCAT(DEFAULT_CHARACTER_SET_NAME, ' ', DEFAULT_COLLATION_NAME) FROM"
                                + " information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + db + "'"));
    }

    private static Launchers.Result restore(MysqlServer target, String... args) throws Exception {
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

    /** Every non-system database but {@code except}: its objects' SHOW CREATE and its tables' checksums. */
    private static Map<String, Map<String, String>> everyDatabaseBut(MysqlServer s, String except) throws SQLException {
        return everyDatabaseBut(s, Set.of(except));
    }

    private static Map<String, Map<String, String>> everyDatabaseBut(MysqlServer s, Set<String> except)
            throws SQLException {
        Map<String, Map<String, String>> all = new TreeMap<>();
        for (String db : list(s, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA")) {
            if (!SYSTEM.contains(db) && !except.contains(db)) {
                all.put(db, state(s, db));
            }
        }
        all.put(
                "accounts",
                Map.of(
                        "users",
                        String.join(",", list(s, "SELECT CONCAT(user, '@', host) FROM mysql.user ORDER BY 1"))));
        return all;
    }

    /** SHOW CREATE of every table, view, trigger, routine and event of {@code db}, and CHECKSUM TABLE of each table. */
    static Map<String, String> state(MysqlServer s, String db) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        String q = "'" + db + "'";
        String d = "`" + db + "`.`";
        for (String t : list(
                s,
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE'"
                        + " AND TABLE_SCHEMA = " + q)) {
            out.put(
                    "TABLE " + t,
                    show(s, "SHOW CREATE TABLE " + d + t + "`", 2).replaceAll(" AUTO_INCREMENT=\\d+", ""));
            out.put("CHECKSUM " + t, show(s, "CHECKSUM TABLE " + d + t + "`", 2));
        }
        for (String v : list(s, "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = " + q)) {
            out.put("VIEW " + v, show(s, "SHOW CREATE VIEW " + d + v + "`", 2));
        }
        for (String t : list(s, "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = " + q)) {
            out.put("TRIGGER " + t, show(s, "SHOW CREATE TRIGGER " + d + t + "`", 3));
        }
        for (String r : list(
                s,
                "SELECT CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME) FROM information_schema.ROUTINES"
                        + " WHERE ROUTINE_SCHEMA = " + q)) {
            String[] kindName = r.split(" ", 2);
            out.put(r, show(s, "SHOW CREATE " + kindName[0] + " " + d + kindName[1] + "`", 3));
        }
        for (String e : list(s, "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = " + q)) {
            out.put("EVENT " + e, show(s, "SHOW CREATE EVENT " + d + e + "`", 4));
        }
        return out;
    }

    /** A side database's state with its name written as the source's, to compare with the source's. */
    private static Map<String, String> sideAsSource(Map<String, String> side, String name) {
        Map<String, String> out = new TreeMap<>();
        side.forEach((k, v) -> out.put(k, v.replace("`" + name + "`", "shop")));
        return eventsAsSource(out);
    }

    /**
     * A restore leaves an event the source had enabled {@code DISABLE ON SLAVE} (as a replica does: it must not
     * write into the target); that status reads as the source's ENABLE again, every other text as it is.
     */
    private static Map<String, String> eventsAsSource(Map<String, String> restored) {
        Map<String, String> out = new TreeMap<>();
        restored.forEach(
                (k, v) -> out.put(k, k.startsWith("EVENT ") ? v.replace(" DISABLE ON SLAVE ", " ENABLE ") : v));
        return out;
    }

    /** Database names unquoted, as a rename writes them quoted. */
    private static Map<String, String> unquoted(Map<String, String> state) {
        Map<String, String> out = new TreeMap<>();
        state.forEach((k, v) -> out.put(k, v.replace("`shop`", "shop")));
        return out;
    }

    private static String show(MysqlServer s, String sql, int column) throws SQLException {
        try (Connection c = s.connect(null);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(column);
        }
    }

    private static List<String> list(MysqlServer s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = s.connect(null);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        out.sort(null);
        return out;
    }
}
