package io.binlogpitr.agent;

import static io.binlogpitr.agent.AgentProcess.PASSWORD;
import static io.binlogpitr.agent.AgentProcess.USER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalSummary;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import io.binlogpitr.testing.workload.AllTypesSchema;
import io.binlogpitr.testing.workload.BigTable;
import io.binlogpitr.testing.workload.ConcurrentWriters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pitr-agent run} with the snapshot schedule: a first snapshot at start, then one every few seconds while
 * writers run; a worker connection killed mid-snapshot fails that snapshot only; retention keeps exactly
 * {@code keep}; and the journal stays whole throughout (no gap, no duplicate, caught up with the source).
 */
class AgentSnapshotScheduleIT {
    private static final Pattern COMPLETE = Pattern.compile("snapshot (\\S+) complete in");

    @TempDir
    Path dir;

    @Test
    void scheduledSnapshotsWhileStreamingSurviveAKilledWorkerAndKeepTheNewest() throws Exception {
        MysqlServer server = MysqlServer.shared(MysqlOptions.defaults());
        AgentProcess.ensureAgentUser(server, USER, PASSWORD);
        String db = server.createDatabase("sched");
        try (Connection c = server.connect(db)) {
            AllTypesSchema.create(c);
        }
        BigTable.create(server, db, 300_000);
        Path config = AgentProcess.writeConfig(
                dir,
                server,
                USER,
                PASSWORD,
                "snapshots: {every: 3s, keep: 2, threads: 2, compression: gzip, chunkMiB: 8, include: [" + db + "]}\n");
        Path repo = dir.resolve("repo");
        try (AgentProcess agent = AgentProcess.start(dir, "-Xmx256m", "run", "--config", config.toString())) {
            awaitCompleted(agent, 1);
            ConcurrentWriters writers = new ConcurrentWriters(
                    () -> server.connect(db), ConcurrentWriters.Settings.forDuration(2, Duration.ofSeconds(15), 5));
            CompletableFuture<ConcurrentWriters.Result> load = CompletableFuture.supplyAsync(() -> {
                try {
                    return writers.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            killASnapshotWorker(server, agent);
            await(
                    agent,
                    "scheduled snapshot failed: error[SNAPSHOT_FAILED]: the connection to the source was lost or killed");
            int before = completed(agent.output()).size();
            awaitCompleted(agent, before + 2);
            assertThat(load.get().committedTransactions()).isPositive();

            JournalSummary caughtUp = AgentProcess.awaitCaughtUp(repo, server, Duration.ofSeconds(60), agent);
            assertThat(caughtUp.holes().isEmpty())
                    .as("holes %s", caughtUp.holes())
                    .isTrue();
            assertThat(caughtUp.duplicates().isEmpty()).isTrue();
            assertThat(caughtUp.problems()).isEmpty();

            List<SnapshotManifest> kept = SnapshotCatalog.manifests(RepositoryLayout.openExisting(repo));
            List<String> done = completed(agent.output());
            assertThat(kept).extracting(SnapshotManifest::id).isSubsetOf(done).hasSizeBetween(2, 3);
            GtidSet source = GtidSet.parse(server.gtidExecuted());
            for (SnapshotManifest m : kept) {
                GtidSet set = GtidSet.parse(m.gtidSet());
                assertThat(source.containsAll(set)).isTrue();
                assertThat(set.containsAll(caughtUp.base()))
                        .as("the journal carries snapshot %s forward", m.id())
                        .isTrue();
            }
            assertThat(agent.output()).contains("retention: deleted snapshot " + done.get(0));

            AgentProcess status = AgentProcess.run(dir, "status", "--config", config.toString(), "--json");
            assertThat(status.exitCode()).as(status.output()).isZero();
            String json = status.output().substring(status.output().indexOf('{'));
            JsonNode snapshots = new ObjectMapper().readTree(json).get("snapshots");
            assertThat(snapshots.size()).as(json).isBetween(2, 3);
            snapshots.forEach(s -> assertThat(s.get("connected").asBoolean()).isTrue());

            assertThat(agent.terminate()).as(agent.output()).isZero();
        }
        List<SnapshotManifest> left = SnapshotCatalog.manifests(RepositoryLayout.openExisting(repo));
        assertThat(left).hasSizeBetween(1, 3);
        try (Stream<Path> files = Files.list(repo.resolve("snapshots"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".tmp-")))
                    .as("a snapshot stopped by SIGTERM leaves nothing")
                    .isEmpty();
        }
    }

    /** Kills one worker connection of the next snapshot while it exports the big table. */
    private static void killASnapshotWorker(MysqlServer server, AgentProcess agent) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = server.connect(null);
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '" + USER
                            + "' AND INFO LIKE 'SELECT%FROM `%big`%'")) {
                if (rs.next()) {
                    st.execute("KILL " + rs.getLong(1));
                    return;
                }
            }
            assertThat(agent.isAlive()).as(agent.output()).isTrue();
            Thread.sleep(5);
        }
        throw new AssertionError("no snapshot worker seen exporting: " + agent.output());
    }

    private static List<String> completed(String log) {
        Matcher m = COMPLETE.matcher(log);
        List<String> ids = new java.util.ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static void awaitCompleted(AgentProcess agent, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (completed(agent.output()).size() < count) {
            assertThat(System.nanoTime())
                    .as("%d snapshots: %s", count, agent.output())
                    .isLessThan(deadline);
            assertThat(agent.isAlive()).as(agent.output()).isTrue();
            Thread.sleep(100);
        }
    }

    private static void await(AgentProcess agent, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!agent.output().contains(text)) {
            assertThat(System.nanoTime())
                    .as("'%s' in: %s", text, agent.output())
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
