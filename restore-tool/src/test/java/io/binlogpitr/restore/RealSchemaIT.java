package io.binlogpitr.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.AgentConfigFile;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values of a real public schema (a Sakila subset, see {@code schemas/sakila/README.md}) and of the shapes real
 * schemas have beside it ({@code schemas/shapes.sql}), through the real agent's snapshot and journal and back:
 * {@code DEFAULT CURRENT_TIMESTAMP}/{@code ON UPDATE} and {@code DEFAULT (expr)} columns holding old values and
 * NULLs, invisible and generated columns, partitions, a table without a primary key holding duplicate rows that
 * the window then updates and deletes (a wrong snapshot makes that replay fail with error 1032), 4-byte characters
 * in every text type and in ENUM/SET members, every integer type at its limits written in compressed
 * transactions. A restore with the target's {@code local_infile} off (every chunk by INSERT) and on (LOAD DATA
 * LOCAL) must checksum like the source; so must a {@code pitr-restore sql} script of a window that creates its
 * database, piped into the MySQL client against a fresh server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealSchemaIT {
    private static final int ROWS = 3000;

    @TempDir
    static Path dir;

    private MysqlServer source;
    private Path repo;
    private String db;
    private String side;
    private Map<String, String> sourceSums;
    private Map<String, String> sideSums;
    private String lastGtid;
    private GtidSet sideWindow;
    private final List<MysqlServer> targets = new ArrayList<>();

    @BeforeAll
    void makeHistory() throws Exception {
        source = MysqlServer.shared(MysqlOptions.defaults());
        String user = "pitr_real_src";
        source.createUser(user, History.PASSWORD, AgentAccount.GRANTS);
        db = source.createDatabase("sakila");
        side = db + "_new";
        try (Connection c = source.connect(db);
                Statement st = c.createStatement()) {
            st.execute("SET NAMES utf8mb4");
            for (String sql : statements("schemas/sakila/schema.sql")) {
                st.execute(sql);
            }
            for (String sql : statements("schemas/shapes.sql")) {
                st.execute(sql);
            }
            fill(st);
        }
        repo = dir.resolve("repo");
        Path config = AgentConfigFile.of(source, user, History.PASSWORD, 7411)
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
                st.execute("SET NAMES utf8mb4");
                window(st);
            }
            History.awaitCaughtUp(source, repo, agent);
        } finally {
            StreamingAgent.stop(agent);
        }
        sourceSums = History.checksums(source, db);
        sideSums = History.checksums(source, side);
        GtidSet executed = GtidSet.parse(source.gtidExecuted());
        List<GtidSet.Interval> ours = executed.intervals(source.serverUuid());
        lastGtid = source.serverUuid() + ":" + ours.get(ours.size() - 1).end();
    }

    @AfterAll
    void stopTargets() {
        targets.forEach(MysqlServer::close);
    }

    /** Rows with old timestamps, NULLs, duplicates and limits, so that a value set by the load shows. */
    private static void fill(Statement st) throws Exception {
        st.execute("SET SESSION cte_max_recursion_depth = 100000");
        String seq = "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < " + ROWS + ") ";
        st.execute("INSERT INTO language (name, last_update) VALUES ('English', '2006-02-15 05:02:19'),"
                + " ('Italian', '2006-02-15 05:02:19'), ('Japanese', '2006-02-15 05:02:19')");
        st.execute("INSERT INTO country (country, last_update) " + seq
                + "SELECT CONCAT('Country ', n), TIMESTAMP('2006-02-15 04:44:00') + INTERVAL n MINUTE FROM seq"
                + " WHERE n <= 100");
        st.execute("INSERT INTO city (city, country_id, last_update) " + seq
                + "SELECT CONCAT('City ', n), 1 + n % 100, '2006-02-15 04:45:25' FROM seq WHERE n <= 600");
        st.execute("INSERT INTO address (address, address2, district, city_id, postal_code, phone, location,"
                + " last_update) " + seq
                + "SELECT CONCAT(n, ' Main Street'), IF(n % 3 = 0, NULL, ''), 'District', 1 + n % 600,"
                + " IF(n % 5 = 0, NULL, LPAD(n, 5, '0')), CONCAT('555-', n), POINT(n / 10, -n / 7),"
                + " '2014-09-25 22:30:27' FROM seq WHERE n <= 600");
        st.execute("INSERT INTO actor (first_name, last_name, last_update) " + seq
                + "SELECT CONCAT('FIRST', n), CONCAT('LAST', n % 50), '2006-02-15 04:34:33' FROM seq WHERE n <= 200");
        st.execute("INSERT INTO film (title, description, release_year, language_id, original_language_id,"
                + " rental_duration, rental_rate, length, replacement_cost, rating, special_features, last_update) "
                + seq
                + "SELECT CONCAT('FILM ', n), IF(n % 9 = 0, NULL, CONCAT('A story of ', n, ' 🎬 ', REPEAT('x', n % 40))),"
                + " IF(n % 11 = 0, NULL, 1901 + n % 254), 1 + n % 3, IF(n % 2 = 0, NULL, 1 + (n + 1) % 3),"
                + " 3 + n % 5, 0.99 + n % 5, IF(n % 13 = 0, NULL, 46 + n % 140), 9.99 + n % 20,"
                + " ELT(1 + n % 5, 'G', 'PG', 'PG-13', 'R', 'NC-17'), IF(n % 7 = 0, NULL, n % 16),"
                + " '2006-02-15 05:03:42' FROM seq WHERE n <= 1000");
        st.execute("INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date, last_update) " + seq
                + "SELECT 1 + n % 599, 1 + n % 2, IF(n % 17 = 0, NULL, n), 0.99 + n % 10,"
                + " TIMESTAMP('2005-05-25 11:30:37') + INTERVAL n HOUR,"
                + " IF(n % 4 = 0, NULL, '2006-02-15 22:12:30') FROM seq");
        // no primary key, each row three times, expression defaults given old values and NULLs
        st.execute("INSERT INTO audit_log (actor, action, created_at, changed_at, ref, weight) " + seq
                + "SELECT CONCAT('user', n % 300), ELT(1 + n % 4, 'login', 'logout', 'view', 'edit'),"
                + " TIMESTAMP('2019-03-01 10:00:00.123456') + INTERVAL n SECOND,"
                + " IF(n % 6 = 0, NULL, '2019-03-02 00:00:00'), IF(n % 8 = 0, NULL, CONCAT('ref-', n % 1000)),"
                + " IF(n % 10 = 0, NULL, n % 1000) FROM seq, (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) AS x"
                + " WHERE n <= 1000");
        st.execute("INSERT INTO account (email, secret_hash, version, created) " + seq
                + "SELECT CONCAT('user', n, '@example', n % 7, '.org'), UNHEX(MD5(n)), n % 9,"
                + " TIMESTAMP('2020-01-01 00:00:00.001') + INTERVAL n MINUTE FROM seq");
        st.execute("INSERT INTO orders_by_year (id, ordered, total, placed_at) " + seq
                + "SELECT n, DATE('2019-01-01') + INTERVAL n DAY, n * 1.25, IF(n % 5 = 0, NULL,"
                + " TIMESTAMP('2019-01-01 08:00:00') + INTERVAL n DAY) FROM seq");
        st.execute("INSERT INTO reactions (mood, tags, label, body, note, story) " + seq
                + "SELECT ELT(1 + n % 5, 'plain', '😀', '🎉 party', 'déjà vu', '𝄞'),"
                + " IF(n % 6 = 0, NULL, n % 16), IF(n % 2 = 0, '😀😀', 'ab𝄞'),"
                + " CONCAT('row ', n, ' 🚀 ', REPEAT('é', n % 20)), IF(n % 3 = 0, NULL, '🍕'),"
                + " REPEAT('𝄞🎉', n % 50) FROM seq");
        st.execute(insertLimits("int_limits", 1));
    }

    /** Rows of every integer type at its minimum, maximum, zero and the unsigned values at and above 2^63. */
    private static String insertLimits(String table, int firstId) {
        return "INSERT INTO " + table + " VALUES"
                + " (" + firstId + ", -128, 255, -32768, 65535, -8388608, 16777215, -2147483648, 4294967295,"
                + " -9223372036854775808, 18446744073709551615),"
                + " (" + (firstId + 1) + ", 127, 0, 32767, 0, 8388607, 0, 2147483647, 0, 9223372036854775807,"
                + " 9223372036854775808),"
                + " (" + (firstId + 2) + ", 0, 128, 0, 32768, 0, 8388608, 0, 2147483648, 0, 9223372036854775807),"
                + " (" + (firstId + 3) + ", -1, 254, -1, 65534, -1, 16777214, -1, 4294967294, -1,"
                + " 18446744073709551614)";
    }

    /** The replay window: changes on every shape, compressed and not, and a database created in it. */
    private void window(Statement st) throws Exception {
        st.execute("UPDATE audit_log SET action = 'edit', weight = weight + 1 WHERE actor LIKE 'user1%'");
        st.execute("DELETE FROM audit_log WHERE actor = 'user7' LIMIT 1");
        st.execute("UPDATE payment SET amount = amount + 1 WHERE payment_id % 7 = 0");
        st.execute("UPDATE account SET version = version + 1, secret_hash = NULL WHERE id % 5 = 0");
        st.execute("UPDATE orders_by_year SET total = total * 2 WHERE id % 9 = 0");
        st.execute("UPDATE reactions SET mood = '𝄞', tags = '🍕,🚀' WHERE id % 10 = 0");
        st.execute("UPDATE film SET rating = 'R', last_update = '2006-02-15 05:03:42' WHERE film_id % 25 = 0");
        st.execute("SET SESSION binlog_transaction_compression = ON");
        st.execute(insertLimits("int_limits", 10));
        st.execute("UPDATE int_limits SET bu = bu - 1, iu = iu - 1 WHERE id IN (1, 10)");
        st.execute("UPDATE audit_log SET changed_at = NULL WHERE actor = 'user42'");
        st.execute("SET SESSION binlog_transaction_compression = OFF");
        GtidSet before = GtidSet.parse(source.gtidExecuted());
        st.execute("CREATE DATABASE `" + side + "` CHARACTER SET utf8mb4");
        st.execute("USE `" + side + "`"); // as a DBA would: the events name the new database as the default one
        // spelled out, not LIKE: the sql script is replayed where the snapshot's database does not exist
        for (String sql : statements("schemas/shapes.sql")) {
            if (sql.startsWith("CREATE TABLE int_limits") || sql.startsWith("CREATE TABLE reactions")) {
                st.execute(sql);
            }
        }
        st.execute("INSERT INTO reactions SELECT * FROM `" + db + "`.reactions WHERE id <= 500");
        st.execute(insertLimits("int_limits", 1));
        st.execute("SET SESSION binlog_transaction_compression = ON");
        st.execute(insertLimits("int_limits", 10));
        st.execute("UPDATE int_limits SET bu = bu - 1, b = b + 1 WHERE id IN (1, 10)");
        st.execute("UPDATE reactions SET mood = '😀', tags = '🚀' WHERE id % 3 = 0");
        st.execute("SET SESSION binlog_transaction_compression = OFF");
        sideWindow = GtidSet.parse(source.gtidExecuted()).subtract(before);
    }

    private MysqlServer freshTarget(MysqlOptions options) {
        MysqlServer t = MysqlServer.startNew(options);
        targets.add(t);
        return t;
    }

    private Launchers.Result restore(MysqlServer target) throws Exception {
        return Launchers.run(
                dir,
                Map.of("PITR_TARGET_PASSWORD", target.rootPassword()),
                "pitr-restore",
                "restore",
                "--repo",
                repo.toString(),
                "--target",
                target.host() + ":" + target.port(),
                "--target-user",
                target.rootUser(),
                "--to-gtid",
                lastGtid);
    }

    @Test
    void restoreByInsertIsExact() throws Exception {
        MysqlServer target = freshTarget(MysqlOptions.defaults()); // local_infile OFF: every chunk by INSERT
        Launchers.Result r = restore(target);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(History.checksums(target, db)).isEqualTo(sourceSums);
        assertThat(History.checksums(target, side)).isEqualTo(sideSums);
    }

    @Test
    void restoreByLoadDataIsExact() throws Exception {
        MysqlServer target = freshTarget(MysqlOptions.defaults().with("local_infile", "ON"));
        Launchers.Result r = restore(target);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).containsPattern("(?m)^load method   .*LOAD_DATA_LOCAL \\d+");
        assertThat(History.checksums(target, db)).isEqualTo(sourceSums);
        assertThat(History.checksums(target, side)).isEqualTo(sideSums);
    }

    @Test
    void sqlScriptOfAWindowThatCreatesItsDatabaseReplaysIntoAFreshServer() throws Exception {
        Path out = dir.resolve("window.sql");
        Launchers.Result r = Launchers.run(
                dir,
                Map.of(),
                "pitr-restore",
                "sql",
                "--repo",
                repo.toString(),
                "--gtid",
                sideWindow.toString(),
                "--out",
                out.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(Files.readString(out)).contains("18446744073709551615");
        MysqlServer fresh = freshTarget(MysqlOptions.defaults());
        String client = Files.isExecutable(Path.of("/usr/bin/mysql")) ? "mysql" : "mariadb";
        Process p = new ProcessBuilder(
                        client,
                        "-h",
                        fresh.host(),
                        "-P",
                        String.valueOf(fresh.port()),
                        "-u",
                        fresh.rootUser(),
                        "--password=" + fresh.rootPassword(),
                        "--binary-mode")
                .redirectInput(out.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        assertThat(History.checksums(fresh, side)).isEqualTo(sideSums);
    }

    /** The statements of a test resource: blank-line separated, comment lines dropped, the last ';' cut. */
    static List<String> statements(String resource) throws IOException {
        String text;
        try (InputStream in = RealSchemaIT.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> out = new ArrayList<>();
        for (String block : text.split("\n\\s*\n")) {
            String sql = Arrays.stream(block.split("\n"))
                    .filter(l -> !l.startsWith("--"))
                    .reduce("", (a, b) -> a + b + "\n")
                    .strip();
            if (sql.endsWith(";")) {
                sql = sql.substring(0, sql.length() - 1);
            }
            if (!sql.isEmpty()) {
                out.add(sql);
            }
        }
        return out;
    }
}
