package io.binlogpitr.agent.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.agent.source.SourceConnections;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.snapshot.ChunkCompression;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import io.binlogpitr.testing.workload.BigTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MyISAM table is outside the consistent-snapshot transactions: exported after the read lock is released, it held
 * rows of transactions after the snapshot's GTID set (a replay from that set then failed with error 1032, or
 * silently doubled rows). Exported under the read lock, its rows are exactly those of the set. Found by the fuzzer
 * (mediawiki's MyISAM searchindex, a snapshot taken while writers ran).
 */
class NonTransactionalSnapshotIT {
    private static final String USER = "pitr_myisam";
    private static final String PASSWORD = "myisam-pw";

    private static MysqlServer server;
    private static String db;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        server = MysqlServer.shared(MysqlOptions.defaults());
        AgentAccount.ensure(server, USER, PASSWORD);
        db = server.createDatabase("myisam");
        // exported first (the heaviest), so that the MyISAM table comes after it
        BigTable.create(server, db, 60_000);
        server.execute("CREATE TABLE " + db + ".log (n BIGINT PRIMARY KEY) ENGINE=MyISAM");
    }

    @Test
    void aMyIsamTableHoldsExactlyTheRowsOfTheSnapshotsGtidSet() throws Exception {
        String uuid = server.serverUuid();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (Connection c = server.connect(db);
                    Statement st = c.createStatement()) {
                while (!stop.get()) {
                    st.execute("INSERT INTO log VALUES (" + (written.get() + 1) + ")");
                    written.incrementAndGet();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long before = last(GtidSet.parse(server.gtidExecuted()), uuid);
        writer.start();
        while (written.get() < 200) {
            Thread.sleep(10);
        }
        SnapshotManifest manifest;
        try {
            manifest = new SnapshotTaker(
                            new SourceConnections(server.host(), server.port(), USER, PASSWORD),
                            RepositoryLayout.createOrOpen(dir.resolve("repo")),
                            new SnapshotSettings(1, ChunkCompression.ZSTD, List.of(db), List.of(), 1 << 20))
                    .take();
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(written.get()).as("the writer ran during the whole snapshot").isGreaterThan(200);
        // only this test writes to the server meanwhile: each of its GTIDs after 'before' is one INSERT of log
        long inSet = last(GtidSet.parse(manifest.gtidSet()), uuid) - before;
        SnapshotManifest.Table log = manifest.databases().get(0).tables().stream()
                .filter(t -> t.name().equals("log"))
                .findFirst()
                .orElseThrow();
        assertThat(log.rows())
                .as("rows of the MyISAM table = its INSERTs in the GTID set")
                .isEqualTo(inSet);
        assertThat(written.get())
                .as("writes went on after the snapshot's point")
                .isGreaterThan(inSet);
    }

    private static long last(GtidSet set, String uuid) {
        List<GtidSet.Interval> ours = set.intervals(uuid);
        return ours.isEmpty() ? 0 : ours.get(ours.size() - 1).end();
    }
}
