package io.binlogpitr.agent.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.agent.source.SourceConnections;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.snapshot.ChunkCompression;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import io.binlogpitr.common.snapshot.SnapshotLoadSettings;
import io.binlogpitr.common.snapshot.SnapshotLoader;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three paths of the snapshot at once: a MyISAM table (exported under FLUSH TABLES WITH READ LOCK), an account with
 * BACKUP_ADMIN (so DDL is held back and nothing forces the catalog to be read before the lock) and utf8mb4 ENUM/SET
 * members with 4-byte characters (read through a temporary table, which needs the probe's CREATE TEMPORARY TABLE
 * and INSERT to run in the snapshot's control session). The snapshot must be taken and restore the tables exactly.
 */
class MyIsamEnumMembersIT {
    private static final String USER = "pitr_myisam_enum";
    private static final String PASSWORD = "myisam-enum-pw";

    private static MysqlServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        server = MysqlServer.shared(MysqlOptions.defaults());
        AgentAccount.ensure(server, USER, PASSWORD);
    }

    @Test
    void aSnapshotWithAMyIsamTableAndFourByteMembersRestoresExactly() throws Exception {
        String db = server.createDatabase("myisam_enum");
        server.execute(
                "CREATE TABLE " + db + ".moods (id INT PRIMARY KEY,"
                        + " m ENUM('😀','a','😡') CHARACTER SET utf8mb4,"
                        + " s SET('x','🎬','🎵') CHARACTER SET utf8mb4) DEFAULT CHARSET=utf8mb4",
                "INSERT INTO " + db + ".moods VALUES (1,'😀','🎬,x'), (2,'a','🎵'), (3,'😡',''), (4,NULL,NULL)",
                "CREATE TABLE " + db + ".log (id INT PRIMARY KEY, m ENUM('😀','a') CHARACTER SET utf8mb4,"
                        + " note VARCHAR(20)) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4",
                "INSERT INTO " + db + ".log VALUES (1,'😀','first'), (2,'a','second'), (3,'😀',NULL)");
        Path repo = dir.resolve("repo");
        SnapshotManifest manifest = new SnapshotTaker(
                        new SourceConnections(server.host(), server.port(), USER, PASSWORD),
                        RepositoryLayout.createOrOpen(repo),
                        new SnapshotSettings(2, ChunkCompression.ZSTD, List.of(db), List.of(), 1 << 20))
                .take();

        assertThat(manifest.consistency().ddlLock())
                .as("BACKUP_ADMIN: DDL held back")
                .isTrue();
        Map<String, String> creates = new LinkedHashMap<>();
        for (SnapshotManifest.Table t : manifest.databases().get(0).tables()) {
            creates.put(t.name(), t.create());
        }
        assertThat(creates.get("log")).contains("enum('😀','a')").contains("ENGINE=MyISAM");
        assertThat(creates.get("moods")).contains("enum('😀','a','😡')").contains("set('x','🎬','🎵')");

        String restored = db + "_r";
        new SnapshotLoader(
                        () -> server.connect(null),
                        SnapshotLoadSettings.defaults().withThreads(1).withRenames(Map.of(db, restored)))
                .load(manifest, SnapshotCatalog.snapshotDir(RepositoryLayout.openExisting(repo), manifest.id()));
        assertThat(showCreateTables(restored))
                .as("SHOW CREATE TABLE of every table")
                .isEqualTo(showCreateTables(db));
        assertThat(checksums(restored)).as("CHECKSUM TABLE of every table").isEqualTo(checksums(db));
        assertThat(server.queryString("SELECT GROUP_CONCAT(HEX(m) ORDER BY id) FROM `" + restored + "`.log"))
                .as("the members' bytes")
                .isEqualTo(server.queryString("SELECT GROUP_CONCAT(HEX(m) ORDER BY id) FROM `" + db + "`.log"));
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
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SHOW FULL TABLES WHERE Table_type = 'BASE TABLE'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        Collections.sort(out);
        return out;
    }
}
