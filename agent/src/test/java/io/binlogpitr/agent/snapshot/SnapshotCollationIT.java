package io.binlogpitr.agent.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.agent.source.SourceConnections;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.snapshot.ChunkCompression;
import io.binlogpitr.common.snapshot.ChunkLedger;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import io.binlogpitr.common.snapshot.SnapshotLoadSettings;
import io.binlogpitr.common.snapshot.SnapshotLoader;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A table restored from a snapshot must show the same {@code SHOW CREATE TABLE} as the source, character sets and
 * collations included. MySQL 8.0 (8.0.31 here) remembers whether a column's collation was named in its DDL
 * and prints {@code CHARACTER SET}/{@code COLLATE} by that flag, so {@code SHOW CREATE TABLE} text run again is not
 * always the same table: a WordPress table ({@code DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci}, bare
 * text columns) shows {@code tinytext COLLATE utf8mb4_unicode_520_ci}, and that text creates a column that shows
 * {@code CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci}. Each shape below is snapshotted, loaded under another
 * database name on the same server, and compared exactly, database and every table.
 */
class SnapshotCollationIT {
    private static MysqlServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        server = MysqlServer.shared(MysqlOptions.defaults());
    }

    /** A database's own options (after {@code ALTER DATABASE}, empty for the server's default) and its DDL. */
    record Shape(String name, String databaseOptions, List<String> statements) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Shape> shapes() {
        return Stream.of(
                new Shape(
                        "wordpress wp_comments (utf8mb4_unicode_520_ci table, bare text columns)",
                        "",
                        List.of(
                                "SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'",
                                "CREATE TABLE wp_comments (comment_ID bigint(20) unsigned NOT NULL auto_increment,"
                                        + " comment_post_ID bigint(20) unsigned NOT NULL default '0',"
                                        + " comment_author tinytext NOT NULL,"
                                        + " comment_author_email varchar(100) NOT NULL default '',"
                                        + " comment_author_IP varchar(100) NOT NULL default '',"
                                        + " comment_date datetime NOT NULL default '0000-00-00 00:00:00',"
                                        + " comment_content text NOT NULL, comment_karma int(11) NOT NULL default '0',"
                                        + " comment_approved varchar(20) NOT NULL default '1',"
                                        + " comment_parent bigint(20) unsigned NOT NULL default '0',"
                                        + " user_id bigint(20) unsigned NOT NULL default '0',"
                                        + " PRIMARY KEY (comment_ID), KEY comment_post_ID (comment_post_ID),"
                                        + " KEY comment_approved_date_gmt (comment_approved, comment_date),"
                                        + " KEY comment_parent (comment_parent),"
                                        + " KEY comment_author_email (comment_author_email(10))"
                                        + ") DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci",
                                "INSERT INTO wp_comments (comment_author, comment_author_email, comment_content)"
                                        + " VALUES ('Zoë', 'z@example.org', 'déjà vu \u2014 \ud83d\ude00')")),
                new Shape(
                        "tricky text in a utf8mb4_unicode_520_ci table (ENUM, DEFAULT, COMMENT, generated)",
                        "",
                        List.of(
                                "CREATE TABLE t (id INT PRIMARY KEY,"
                                        + " e ENUM('a COLLATE utf8mb4_unicode_520_ci', 'b') NOT NULL,"
                                        + " s SET('x', 'y COLLATE z'),"
                                        + " d VARCHAR(40) NOT NULL DEFAULT ' COLLATE utf8mb4_unicode_520_ci'"
                                        + " COMMENT 'bare COLLATE utf8mb4_unicode_520_ci',"
                                        + " g VARCHAR(90) AS (CONCAT(d, '/', e)) VIRTUAL,"
                                        + " `odd ``name`` COLLATE` CHAR(3),"
                                        + " b VARCHAR(10) COLLATE utf8mb4_bin, x VARBINARY(8), j JSON)"
                                        + " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci",
                                "INSERT INTO t (id, e, s, d, `odd ``name`` COLLATE`, b, x, j) VALUES (1, 'b', 'x,y"
                                        + " COLLATE z', 'ü', 'ab', 'Bß', 0x00ff, '{\"k\": \"ø\"}')")),
                new Shape(
                        "latin1 and utf8mb3 columns named in a utf8mb4 table",
                        "",
                        List.of(
                                "CREATE TABLE t (id INT PRIMARY KEY, l VARCHAR(20) CHARACTER SET latin1,"
                                        + " lg VARCHAR(20) CHARACTER SET latin1 COLLATE latin1_german1_ci,"
                                        + " m3 VARCHAR(20) CHARACTER SET utf8mb3, m4 TEXT CHARACTER SET utf8mb4,"
                                        + " bin VARCHAR(20) COLLATE utf8mb4_bin, plain VARCHAR(20))"
                                        + " DEFAULT CHARSET=utf8mb4",
                                "INSERT INTO t VALUES (1, 'été', 'Straße', 'ñ', '\ud83d\ude00', 'A', 'b')")),
                new Shape(
                        "utf8mb3 tables, primary and unicode collations",
                        "",
                        List.of(
                                "CREATE TABLE t_general (id INT PRIMARY KEY, v VARCHAR(20), c TEXT)"
                                        + " CHARACTER SET utf8mb3",
                                "CREATE TABLE t_unicode (id INT PRIMARY KEY, v VARCHAR(20), c TEXT,"
                                        + " l CHAR(2) CHARACTER SET latin1) CHARACTER SET utf8 COLLATE utf8_unicode_ci",
                                "INSERT INTO t_general VALUES (1, 'ça', 'ø')",
                                "INSERT INTO t_unicode VALUES (1, 'ça', 'ø', 'é')")),
                new Shape(
                        "a database whose default collation is not the server's",
                        "CHARACTER SET latin1 COLLATE latin1_german1_ci",
                        List.of(
                                "CREATE TABLE t_inherits (id INT PRIMARY KEY, v VARCHAR(20), c TEXT)",
                                "CREATE TABLE t_own (id INT PRIMARY KEY, v VARCHAR(20)) CHARACTER SET utf8mb4",
                                "CREATE TABLE t_520 (id INT PRIMARY KEY, v VARCHAR(20))"
                                        + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci",
                                "INSERT INTO t_inherits VALUES (1, 'Größe', 'ä')",
                                "INSERT INTO t_own VALUES (1, '\ud83d\ude00')",
                                "INSERT INTO t_520 VALUES (1, 'ß')")),
                new Shape(
                        "a utf8mb4 database with a non-default collation",
                        "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci",
                        List.of(
                                "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20), c LONGTEXT)",
                                "INSERT INTO t VALUES (1, 'ß', '\ud83d\ude00')")),
                new Shape(
                        "table default changed after the columns (ALTER TABLE ... DEFAULT COLLATE)",
                        "",
                        List.of(
                                "CREATE TABLE t520 (id INT PRIMARY KEY, v VARCHAR(20))"
                                        + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci",
                                "ALTER TABLE t520 DEFAULT COLLATE utf8mb4_0900_ai_ci",
                                "CREATE TABLE t0900 (id INT PRIMARY KEY, v VARCHAR(20)) CHARACTER SET utf8mb4",
                                "ALTER TABLE t0900 DEFAULT COLLATE utf8mb4_unicode_520_ci",
                                "INSERT INTO t520 VALUES (1, 'é')",
                                "INSERT INTO t0900 VALUES (1, 'é')")),
                new Shape(
                        "a latin1 table given a utf8mb4 default without CONVERT (columns stay latin1)",
                        "",
                        List.of(
                                "CREATE TABLE legacy (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20) NOT NULL"
                                        + " DEFAULT 'n/a' COMMENT 'CHARACTER SET x', a CHAR(4) CHARACTER SET ascii,"
                                        + " g VARCHAR(20) COLLATE latin1_german1_ci, t TEXT, KEY (v),"
                                        + " vv VARCHAR(41) AS (CONCAT(v, '!')) VIRTUAL) CHARACTER SET latin1",
                                "CREATE TABLE legacy_child (id INT PRIMARY KEY, v VARCHAR(20),"
                                        + " FOREIGN KEY (v) REFERENCES legacy (v)) CHARACTER SET latin1",
                                "CREATE TABLE legacy3 (id INT PRIMARY KEY, m VARCHAR(20)) CHARACTER SET utf8mb3",
                                "ALTER TABLE legacy DEFAULT CHARACTER SET utf8mb4",
                                "ALTER TABLE legacy_child DEFAULT CHARACTER SET utf8mb4",
                                "ALTER TABLE legacy3 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci",
                                "ALTER TABLE legacy ADD COLUMN n VARCHAR(20), ADD COLUMN m3 VARCHAR(5) CHARACTER SET"
                                        + " utf8mb3",
                                "ALTER TABLE legacy3 ADD COLUMN l CHAR(3) CHARACTER SET latin1",
                                "ALTER TABLE legacy3 DEFAULT CHARACTER SET ascii",
                                "INSERT INTO legacy (v, a, g, t, n, m3) VALUES ('été', 'abc', 'Straße', 'ø',"
                                        + " '\ud83d\ude00', 'ñ')",
                                "INSERT INTO legacy_child VALUES (1, 'été')",
                                "INSERT INTO legacy3 VALUES (1, 'ñ', 'é')")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void aRestoredTableShowsTheSourcesCreateTable(Shape shape) throws Exception {
        String db = create(shape);
        String restored = db + "_r";
        SnapshotManifest manifest = snapshot(db);
        new SnapshotLoader(
                        () -> server.connect(null),
                        SnapshotLoadSettings.defaults().withThreads(1).withRenames(Map.of(db, restored)))
                .load(manifest, snapshotDir(manifest));

        assertThat(showCreateDatabase(restored).replace("`" + restored + "`", "`" + db + "`"))
                .as("SHOW CREATE DATABASE")
                .isEqualTo(showCreateDatabase(db));
        assertSameTables(db, restored);
    }

    /**
     * A load interrupted after it created the tables, before the statements that give columns a character set the
     * table's default is not: carried on, it runs them still.
     */
    @Test
    void aResumedLoadStillGivesColumnsTheirCharacterSets() throws Exception {
        Shape legacy = shapes().reduce((a, b) -> b).orElseThrow();
        assertThat(legacy.name()).startsWith("a latin1 table given");
        String db = create(legacy);
        String restored = db + "_resumed";
        SnapshotManifest manifest = snapshot(db);
        try (Connection c = server.connect(null);
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE `" + restored + "`");
            st.execute("USE `" + restored + "`");
            st.execute("SET SESSION foreign_key_checks = 0");
            for (SnapshotManifest.Table t : manifest.databases().get(0).tables()) {
                st.execute(t.create()); // these shown texts are what the load creates before its ALTERs
            }
        }
        new SnapshotLoader(
                        () -> server.connect(null),
                        SnapshotLoadSettings.defaults().withThreads(1).withRenames(Map.of(db, restored)))
                .load(manifest, snapshotDir(manifest), ChunkLedger.NONE, true);
        assertSameTables(db, restored);
    }

    private static String create(Shape shape) throws Exception {
        String db = server.createDatabase("coll");
        try (Connection c = server.connect(db);
                Statement st = c.createStatement()) {
            if (!shape.databaseOptions().isEmpty()) {
                st.execute("ALTER DATABASE `" + db + "` " + shape.databaseOptions());
            }
            for (String sql : shape.statements()) {
                st.execute(sql);
            }
        }
        return db;
    }

    private SnapshotManifest snapshot(String db) {
        return new SnapshotTaker(
                        new SourceConnections(server.host(), server.port(), server.rootUser(), server.rootPassword()),
                        RepositoryLayout.createOrOpen(dir.resolve("repo")),
                        new SnapshotSettings(1, ChunkCompression.ZSTD, List.of(db), List.of(), 1 << 20))
                .take();
    }

    private Path snapshotDir(SnapshotManifest manifest) {
        return SnapshotCatalog.snapshotDir(RepositoryLayout.openExisting(dir.resolve("repo")), manifest.id());
    }

    private static void assertSameTables(String db, String restored) throws Exception {
        Map<String, String> expected = showCreateTables(db);
        assertThat(expected).isNotEmpty();
        assertThat(showCreateTables(restored))
                .as("SHOW CREATE TABLE of every table")
                .isEqualTo(expected);
        assertThat(checksums(restored)).as("CHECKSUM TABLE of every table").isEqualTo(checksums(db));
    }

    private static String showCreateDatabase(String db) throws Exception {
        try (Connection c = server.connect(null);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW CREATE DATABASE `" + db + "`")) {
            rs.next();
            return rs.getString(2);
        }
    }

    private static Map<String, String> showCreateTables(String db) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = server.connect(db);
                Statement st = c.createStatement()) {
            for (String table : tables(st)) {
                try (ResultSet rs = st.executeQuery("SHOW CREATE TABLE `" + table + "`")) {
                    rs.next();
                    out.put(table, rs.getString(2));
                }
            }
        }
        return out;
    }

    private static Map<String, String> checksums(String db) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = server.connect(db);
                Statement st = c.createStatement()) {
            for (String table : tables(st)) {
                try (ResultSet rs = st.executeQuery("CHECKSUM TABLE `" + table + "`")) {
                    rs.next();
                    out.put(table, rs.getString(2));
                }
            }
        }
        return out;
    }

    private static List<String> tables(Statement st) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (ResultSet rs = st.executeQuery("SHOW FULL TABLES WHERE Table_type = 'BASE TABLE'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        java.util.Collections.sort(out);
        return out;
    }
}
