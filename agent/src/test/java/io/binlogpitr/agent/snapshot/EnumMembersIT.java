package io.binlogpitr.agent.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.agent.source.SourceConnections;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.snapshot.ChunkCompression;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A utf8mb4 ENUM/SET member with a 4-byte character, which SHOW CREATE TABLE shows as '?': with CREATE TEMPORARY
 * TABLES the snapshot holds the true members; without it the snapshot is refused, never taken with '?' members (a
 * restore from it would have failed at the table's first replayed ALTER, error 1291, or loaded rows into the
 * wrong member).
 */
class EnumMembersIT {
    private static final String WITH_GRANT = "pitr_enum_tmp";
    private static final String WITHOUT_GRANT = "pitr_enum_notmp";
    private static final String PASSWORD = "enum-pw";
    /** The agent's grants but CREATE TEMPORARY TABLES: the account this test checks the snapshot without. */
    private static final String GRANTS_WITHOUT_TEMPORARY_TABLES =
            "REPLICATION SLAVE, REPLICATION CLIENT, SELECT, RELOAD, SHOW VIEW, TRIGGER, EVENT, BACKUP_ADMIN";

    private static MysqlServer server;
    private static String db;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        server = MysqlServer.shared(MysqlOptions.defaults());
        if ("0".equals(server.queryString("SELECT COUNT(*) FROM mysql.user WHERE user = '" + WITH_GRANT + "'"))) {
            server.createUser(WITH_GRANT, PASSWORD, AgentAccount.GRANTS);
            server.createUser(WITHOUT_GRANT, PASSWORD, GRANTS_WITHOUT_TEMPORARY_TABLES);
        }
        db = server.createDatabase("enum4");
        server.execute(
                "CREATE TABLE " + db + ".moods (id INT PRIMARY KEY,"
                        + " m ENUM('calm','😀','😡','tired') CHARACTER SET utf8mb4,"
                        + " s SET('a','🎬','🎵','b') CHARACTER SET utf8mb4) DEFAULT CHARSET=utf8mb4",
                "INSERT INTO " + db + ".moods VALUES (1,'😀','🎬,b'), (2,'😡','🎵'), (3,'calm','a')");
    }

    private SnapshotTaker taker(String user) {
        return new SnapshotTaker(
                new SourceConnections(server.host(), server.port(), user, PASSWORD),
                RepositoryLayout.createOrOpen(dir.resolve("repo")),
                new SnapshotSettings(1, ChunkCompression.ZSTD, List.of(db), List.of(), 1 << 20));
    }

    @Test
    void withTheGrantTheSnapshotHoldsTheTrueMembers() throws Exception {
        SnapshotManifest manifest = taker(WITH_GRANT).take();
        String create = manifest.databases().get(0).tables().get(0).create();
        assertThat(create).contains("'😀','😡'").contains("'🎬','🎵'").doesNotContain("'?'");
    }

    @Test
    void withoutItTheSnapshotIsRefusedAndLeavesNothing() throws Exception {
        assertThatThrownBy(() -> taker(WITHOUT_GRANT).take())
                .isInstanceOf(PitrException.class)
                .satisfies(e -> {
                    PitrException p = (PitrException) e;
                    assertThat(p.code()).isEqualTo(ErrorCode.SNAPSHOT_FAILED);
                    assertThat(p.getMessage())
                            .contains(db + ".moods.")
                            .contains("shows as '?'")
                            .contains("none was taken");
                    assertThat(p.hint()).contains("GRANT CREATE TEMPORARY TABLES ON `" + db + "`.*");
                });
        assertThat(SnapshotCatalog.list(RepositoryLayout.openExisting(dir.resolve("repo"))))
                .isEmpty();
        Path snapshots = dir.resolve("repo/snapshots");
        if (!Files.isDirectory(snapshots)) {
            return;
        }
        try (Stream<Path> left = Files.list(snapshots)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".tmp-")))
                    .isEmpty();
        }
    }
}
