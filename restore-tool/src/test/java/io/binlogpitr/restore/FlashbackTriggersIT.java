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
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flashback --apply on tables with triggers, against a real mysqld streamed by the real agent: the undo goes as
 * binlog row events, which fire no trigger, so what the triggers did (journaled, undone with the rest) is not
 * applied twice. Sakila's film with its film_text triggers (test resource corpus/sakila/triggers.sql) and an audit
 * trigger; the oracle is the source's own CHECKSUM TABLE of every table, recorded just before the mistakes.
 */
class FlashbackTriggersIT {
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
        config = AgentConfigFile.of(source, History.USER, History.PASSWORD, 7322)
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

    private static Launchers.Result flashbackApply(GtidSet gtids, String user, String password, String... more)
            throws Exception {
        History.awaitCaughtUp(source, repo, agent);
        List<String> all = new ArrayList<>(List.of(
                "flashback",
                "--repo",
                repo.toString(),
                "--gtid",
                gtids.toString(),
                "--apply",
                "--target",
                source.host() + ":" + source.port(),
                "--target-user",
                user));
        all.addAll(List.of(more));
        return Launchers.run(dir, Map.of("PITR_TARGET_PASSWORD", password), "pitr-restore", all.toArray(String[]::new));
    }

    private static void snapshot() throws Exception {
        History.awaitCaughtUp(source, repo, agent);
        StreamingAgent.snapshot(dir, config);
    }

    private static GtidSet executed() {
        return GtidSet.parse(source.gtidExecuted());
    }

    /** language, film and film_text as sakila has them, film's three triggers, an audit trigger, 300 films. */
    private static String filmDatabase(String prefix) throws Exception {
        String db = source.createDatabase(prefix);
        String schema = resource("/corpus/sakila/schema.sql");
        String triggers = resource("/corpus/sakila/triggers.sql");
        try (Connection c = source.connect(db);
                Statement st = c.createStatement()) {
            for (String s : schema.replaceAll("(?m)^--.*$", "").split(";")) {
                String t = s.strip();
                if (t.startsWith("CREATE TABLE language ")
                        || t.startsWith("CREATE TABLE film ")
                        || t.startsWith("CREATE TABLE film_text ")) {
                    st.execute(t);
                }
            }
            String body = triggers.replaceAll("(?m)^--.*$", "")
                    .replace("DELIMITER ;;", "")
                    .replace("DELIMITER ;", "");
            int n = 0;
            for (String s : body.split(";;")) {
                if (!s.isBlank()) {
                    st.execute(s);
                    n++;
                }
            }
            assertThat(n).isEqualTo(3);
            st.execute("CREATE TABLE film_audit (id INT AUTO_INCREMENT PRIMARY KEY, film_id SMALLINT UNSIGNED,"
                    + " action VARCHAR(10), old_rate DECIMAL(4,2), new_rate DECIMAL(4,2))");
            st.execute("CREATE TRIGGER film_audit_au AFTER UPDATE ON film FOR EACH ROW FOLLOWS upd_film INSERT INTO"
                    + " film_audit (film_id, action, old_rate, new_rate) VALUES (NEW.film_id, 'update',"
                    + " OLD.rental_rate, NEW.rental_rate)");
            st.execute("CREATE TRIGGER film_audit_ad AFTER DELETE ON film FOR EACH ROW FOLLOWS del_film INSERT INTO"
                    + " film_audit (film_id, action, old_rate) VALUES (OLD.film_id, 'delete', OLD.rental_rate)");
            st.execute("INSERT INTO language (name) VALUES ('English'), ('Italian'), ('Japanese')");
            st.execute("INSERT INTO film (title, description, release_year, language_id, original_language_id,"
                    + " rental_duration, rental_rate, length, replacement_cost, rating, special_features,"
                    + " last_update) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
                    + " SELECT CONCAT('FILM ', i), IF(i % 9 = 0, NULL, CONCAT('A tale of ', i, ' in \u00e9t\u00e9')),"
                    + " 1990 + i % 30, 1 + i % 3, IF(i % 4 = 0, 2, NULL), 3 + i % 5, 0.99 + i % 5,"
                    + " 60 + i, 9.99 + i % 20, ELT(1 + i % 5, 'G', 'PG', 'PG-13', 'R', 'NC-17'),"
                    + " IF(i % 3 = 0, 'Trailers,Deleted Scenes', 'Commentaries'),"
                    + " TIMESTAMP('2026-11-20 08:00:00') + INTERVAL i MINUTE FROM n");
        }
        assertThat(source.queryString("SELECT COUNT(*) FROM `" + db + "`.film_text"))
                .isEqualTo("300");
        return db;
    }

    private static String resource(String name) throws Exception {
        return new String(FlashbackTriggersIT.class.getResourceAsStream(name).readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String triggerCount(String db) {
        return source.queryString("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '" + db
                + "' AND EVENT_OBJECT_TABLE = 'film'");
    }

    @Test
    void aMistakenDeleteUpdateAndInsertOnFilmAreUndoneWithTheirTriggersEffectsOnceAndAConflictIsCaught()
            throws Exception {
        String db = filmDatabase("fbsak");
        String film = "`" + db + "`.film";
        Map<String, String> before = History.checksums(source, db);
        GtidSet start = executed();
        source.execute(
                "DELETE FROM " + film + " WHERE film_id % 7 = 0",
                "UPDATE " + film + " SET title = CONCAT(title, ' (old)'), rental_rate = 0.49,"
                        + " description = IF(film_id % 2 = 0, NULL, 'none') WHERE film_id % 5 = 0",
                "INSERT INTO " + film
                        + " (title, language_id, last_update) VALUES ('NEW ONE', 1, '2026-11-21 10:00:00'),"
                        + " ('NEW TWO', 2, '2026-11-21 10:00:01')");
        GtidSet mistakes = executed().subtract(start);
        assertThat(source.queryString("SELECT COUNT(*) FROM `" + db + "`.film_text WHERE title LIKE '% (old)'"))
                .isEqualTo("52");
        assertThat(source.queryString("SELECT COUNT(*) FROM `" + db + "`.film_audit"))
                .isEqualTo("94");

        // someone changed a row the UPDATE touched (keeping its last_update): nothing at all changes
        String rate = source.queryString("SELECT rental_rate FROM " + film + " WHERE film_id = 10");
        source.execute("UPDATE " + film + " SET rental_rate = 0.01, last_update = last_update WHERE film_id = 10");
        Map<String, String> now = History.checksums(source, db);
        Launchers.Result conflict = flashbackApply(mistakes, source.rootUser(), source.rootPassword());
        assertThat(conflict.exitCode()).as(conflict.output()).isEqualTo(1);
        assertThat(conflict.output())
                .contains("error[FLASHBACK_CONFLICT]")
                .contains("conflict      " + db + ".film film_id=10");
        assertThat(History.checksums(source, db)).as("nothing was changed").isEqualTo(now);
        // overwriting it would take a DELETE and an INSERT, which fire film's triggers: refused, nothing changed
        Launchers.Result overwrite =
                flashbackApply(mistakes, source.rootUser(), source.rootPassword(), "--on-conflict", "overwrite");
        assertThat(overwrite.exitCode()).as(overwrite.output()).isEqualTo(1);
        assertThat(overwrite.output())
                .contains("error[FLASHBACK_REFUSED]")
                .contains("film_id=10")
                .contains("del_film (DELETE)");
        assertThat(History.checksums(source, db)).as("nothing was changed").isEqualTo(now);
        source.execute(
                "UPDATE " + film + " SET rental_rate = " + rate + ", last_update = last_update WHERE film_id = 10",
                // the audit rows of the conflicting change and of its revert are not the mistake's
                "DELETE FROM `" + db + "`.film_audit WHERE id > 94");

        // an account without BINLOG_ADMIN or REPLICATION_APPLIER: refused naming the privilege, nothing changed
        String plain = "fbt_plain";
        String applier = "fbt_applier";
        String grants = "SELECT, INSERT, UPDATE, DELETE, TRIGGER ON `" + db + "`.*";
        source.createUser(plain, "pw-plain", grants);
        source.createUser(applier, "pw-applier", grants, "REPLICATION_APPLIER");
        now = History.checksums(source, db);
        Launchers.Result denied = flashbackApply(mistakes, plain, "pw-plain");
        assertThat(denied.exitCode()).as(denied.output()).isEqualTo(2);
        assertThat(denied.output()).contains("error[TARGET_ACCESS_DENIED]").contains("GRANT REPLICATION_APPLIER");
        assertThat(History.checksums(source, db)).as("nothing was changed").isEqualTo(now);

        Launchers.Result r = flashbackApply(mistakes, applier, "pw-applier");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("row events    ").contains(db + ".film").doesNotContain("conflict");
        assertThat(History.checksums(source, db))
                .as("film, film_text and film_audit as before the mistakes: " + r.output())
                .isEqualTo(before);
        assertThat(triggerCount(db)).as("the triggers stay defined").isEqualTo("5");
    }

    /**
     * {@code --sql-out} for tables with triggers writes their undo as BINLOG row events (after the FORMAT_DESCRIPTION
     * event), as mysqlbinlog would: the script run by the mysql client fires no trigger, so film_text and film_audit
     * come back as they were too. Before, the script was plain SQL: the triggers fired again (film_audit grew, film_text
     * was written twice).
     */
    @Test
    void theSqlOutScriptUndoesTablesWithTriggersAsRowEventsThatFireNone() throws Exception {
        String db = filmDatabase("fbsaks");
        String film = "`" + db + "`.film";
        snapshot(); // the snapshot before the changes tells which tables have triggers
        Map<String, String> before = History.checksums(source, db);
        GtidSet start = executed();
        source.execute(
                "DELETE FROM " + film + " WHERE film_id % 7 = 0",
                "UPDATE " + film + " SET title = CONCAT(title, ' (old)'), rental_rate = 0.49 WHERE film_id % 5 = 0",
                "INSERT INTO " + film + " (title, language_id, last_update) VALUES ('NEW ONE', 1,"
                        + " '2026-11-21 10:00:00')");
        GtidSet mistakes = executed().subtract(start);
        History.awaitCaughtUp(source, repo, agent);
        Path script = dir.resolve("film-undo.sql");
        Launchers.Result r = Launchers.run(
                dir,
                Map.of(),
                "pitr-restore",
                "flashback",
                "--repo",
                repo.toString(),
                "--gtid",
                mistakes.toString(),
                "--sql-out",
                script.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        // run by an account with the table privileges and REPLICATION_APPLIER, not SUPER
        source.createUser(
                "fbs_applier", "pw-fbs", "SELECT, INSERT, UPDATE, DELETE ON `" + db + "`.*", "REPLICATION_APPLIER");
        String client = Files.isExecutable(Path.of("/usr/bin/mysql")) ? "mysql" : "mariadb";
        Process p = new ProcessBuilder(
                        client,
                        "-h",
                        source.host(),
                        "-P",
                        String.valueOf(source.port()),
                        "-u",
                        "fbs_applier",
                        "--password=pw-fbs",
                        "--binary-mode")
                .redirectInput(script.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(History.checksums(source, db))
                .as("film, film_text and film_audit as before the mistakes (no trigger fired)")
                .isEqualTo(before);
        assertThat(triggerCount(db)).as("the triggers stay defined").isEqualTo("5");
        String sql = Files.readString(script);
        assertThat(sql).contains("BINLOG '").contains("SET SESSION gtid_next = 'AUTOMATIC';");
        assertThat(sql.indexOf("BINLOG '")).isLessThan(sql.indexOf("START TRANSACTION;"));
        assertThat(sql)
                .doesNotContain("DELETE FROM `" + db + "`.`film`")
                .doesNotContain("INSERT INTO `" + db + "`.`film` ");
    }

    @Test
    void aTableWithTriggersWhoseColumnsChangedSinceIsRefusedNamingTheChange() throws Exception {
        String db = filmDatabase("fbsakd");
        String film = "`" + db + "`.film";
        GtidSet start = executed();
        source.execute("DELETE FROM " + film + " WHERE film_id BETWEEN 100 AND 120");
        GtidSet mistake = executed().subtract(start);
        source.execute("ALTER TABLE " + film + " ADD COLUMN note VARCHAR(20) AFTER title");
        Map<String, String> now = History.checksums(source, db);

        Launchers.Result r = flashbackApply(mistake, source.rootUser(), source.rootPassword());
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.output())
                .contains("error[FLASHBACK_REFUSED]")
                .contains("ins_film (INSERT)")
                .contains("column 3 was `description`, the target's is `note`");
        assertThat(History.checksums(source, db)).isEqualTo(now);
    }

    @Test
    void childRowsRebuiltForACascadeIntoATableWithTriggersAreRefused() throws Exception {
        String db = source.createDatabase("fbcasc");
        String q = "`" + db + "`.";
        source.execute(
                "CREATE TABLE " + q + "parent (id INT PRIMARY KEY, name VARCHAR(20))",
                "CREATE TABLE " + q + "child (id INT PRIMARY KEY, parent_id INT, note VARCHAR(20), FOREIGN KEY"
                        + " (parent_id) REFERENCES " + q + "parent (id) ON DELETE CASCADE)",
                "CREATE TABLE " + q + "child_audit (id INT AUTO_INCREMENT PRIMARY KEY, child_id INT)",
                "CREATE TRIGGER " + q + "child_ai AFTER INSERT ON " + q + "child FOR EACH ROW INSERT INTO " + q
                        + "child_audit (child_id) VALUES (NEW.id)",
                "INSERT INTO " + q + "parent VALUES (1, 'one'), (2, 'two'), (3, 'three')",
                "INSERT INTO " + q + "child VALUES (10, 1, 'a'), (20, 2, 'b'), (21, 2, 'c'), (30, 3, 'd')");
        snapshot();
        GtidSet start = executed();
        // InnoDB deletes children 20 and 21 itself: they are not in the binlog, flashback rebuilds them from the
        // snapshot, and they have no row events to put them back without firing child_ai
        source.execute("DELETE FROM " + q + "parent WHERE id = 2");
        GtidSet mistake = executed().subtract(start);
        Map<String, String> now = History.checksums(source, db);

        Launchers.Result r = flashbackApply(mistake, source.rootUser(), source.rootPassword());
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.output())
                .contains("error[FLASHBACK_REFUSED]")
                .contains(db + ".child")
                .contains("child_ai (INSERT)")
                .contains("rebuilt for a foreign key cascade");
        assertThat(History.checksums(source, db)).isEqualTo(now);
    }
}
