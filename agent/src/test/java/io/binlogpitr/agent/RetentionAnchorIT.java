package io.binlogpitr.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.agent.config.AgentConfig;
import io.binlogpitr.agent.config.AgentConfigReader;
import io.binlogpitr.agent.source.SourceConnections;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.RetentionResult;
import io.binlogpitr.common.repository.LeaseClaim;
import io.binlogpitr.common.repository.ReaderLease;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import io.binlogpitr.testing.workload.BigTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention's anchor (the oldest kept snapshot, which the journal is pruned up to) against real snapshots of a
 * real mysqld: a snapshot becomes the anchor only after every chunk of it verified, and a reader's lease keeps
 * what it reads, snapshot and journal, until it ends.
 */
class RetentionAnchorIT {
    private static final String USER = "pitr_anchor";
    private static final String PASSWORD = "anchor-pw";
    private static MysqlServer server;
    private static String db;

    @TempDir
    Path dir;

    /** The GTID sets the journal was pruned for, in order. */
    private final List<GtidSet> pruned = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        server = MysqlServer.shared(MysqlOptions.defaults());
        AgentProcess.ensureAgentUser(server, USER, PASSWORD);
        db = server.createDatabase("anchor");
        BigTable.create(server, db, 30_000);
    }

    private SnapshotService service(int keep) throws Exception {
        Path config = AgentProcess.writeConfig(
                dir,
                server,
                USER,
                PASSWORD,
                "snapshots: {every: 0, keep: " + keep + ", chunkMiB: 1, include: [" + db + "]}\n");
        AgentConfig c = AgentConfigReader.read(config);
        Function<GtidSet, Optional<RetentionResult>> pruner = covered -> {
            pruned.add(covered);
            return Optional.empty();
        };
        return new SnapshotService(
                c,
                new SourceConnections(server.host(), server.port(), USER, PASSWORD),
                RepositoryLayout.createOrOpen(dir.resolve("repo")),
                Optional.of(pruner));
    }

    private SnapshotManifest takeAfterAWrite(SnapshotService s) {
        server.execute("UPDATE " + db + ".big SET k = k + 1 WHERE id % 97 = 0");
        return s.takeNow();
    }

    private List<String> snapshotIds() throws Exception {
        return SnapshotCatalog.list(RepositoryLayout.openExisting(dir.resolve("repo"))).stream()
                .map(SnapshotCatalog.Entry::id)
                .toList();
    }

    @Test
    void aSnapshotWithADamagedChunkDoesNotBecomeTheAnchorAndTheOlderOneIsKept() throws Exception {
        SnapshotService taking = service(10);
        SnapshotManifest older = takeAfterAWrite(taking);
        SnapshotManifest newer = takeAfterAWrite(taking);
        Path chunk;
        try (Stream<Path> files = Files.walk(dir.resolve("repo/snapshots/" + newer.id()))) {
            chunk = files.filter(p -> p.toString().contains(".chunk"))
                    .findFirst()
                    .orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(chunk);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(chunk, bytes);

        pruned.clear();
        SnapshotService retaining = service(1);
        retaining.applyRetention();

        assertThat(snapshotIds()).as("the older snapshot stays the anchor").contains(older.id(), newer.id());
        assertThat(pruned).containsExactly(GtidSet.parse(older.gtidSet()));
        assertThat(retaining.stats().unverified()).isEqualTo(1);
    }

    @Test
    void aLeaseKeepsItsSnapshotAndJournalUntilItEndsAndAKilledReadersLeaseExpires() throws Exception {
        SnapshotService s = service(1);
        SnapshotManifest read = takeAfterAWrite(s);
        RepositoryLayout layout = RepositoryLayout.openExisting(dir.resolve("repo"));
        GtidSet readSet = GtidSet.parse(read.gtidSet());
        SnapshotManifest newer;
        try (ReaderLease lease =
                ReaderLease.take(layout, LeaseClaim.snapshot("pitr-restore restore", read.id(), readSet))) {
            pruned.clear();
            newer = takeAfterAWrite(s); // its retention pass runs now, during the "restore"
            assertThat(snapshotIds()).containsExactly(read.id(), newer.id());
            assertThat(pruned)
                    .as("the journal after the leased snapshot is kept")
                    .containsExactly(readSet);
            assertThat(s.stats().heldBack()).isPositive();
            assertThat(s.stats().lastHeldBack()).hasValueSatisfying(why -> assertThat(why)
                    .contains("kept the journal after " + readSet.abbreviated())
                    .contains("pitr-restore restore (pid "
                            + ProcessHandle.current().pid()));
        }
        pruned.clear();
        s.applyRetention();
        assertThat(snapshotIds()).containsExactly(newer.id());
        assertThat(pruned).containsExactly(GtidSet.parse(newer.gtidSet()));

        // a reader killed with kill -9 leaves its lease file behind: its pid no longer runs, so it has expired
        Process reader = new ProcessBuilder("sleep", "600").start();
        Path leaseFile = layout.root().resolve("leases/" + reader.pid() + "-killed.json");
        Files.writeString(
                leaseFile,
                "{\"version\":1,\"pid\":" + reader.pid() + ",\"host\":\""
                        + java.net.InetAddress.getLocalHost().getHostName()
                        + "\",\"command\":\"pitr-restore find\",\"allSnapshots\":true,\"snapshots\":[],"
                        + "\"journalAfter\":\"\",\"takenAt\":\"" + java.time.Instant.now() + "\",\"refreshedAt\":\""
                        + java.time.Instant.now() + "\"}");
        SnapshotManifest third = takeAfterAWrite(s);
        assertThat(snapshotIds())
                .as("a live reader of every snapshot holds them all")
                .containsExactlyInAnyOrder(newer.id(), third.id());
        reader.destroyForcibly().waitFor();
        s.applyRetention();
        assertThat(snapshotIds()).containsExactly(third.id());
        assertThat(leaseFile).doesNotExist();
    }
}
