package io.binlogpitr.agent;

import static io.binlogpitr.agent.AgentProcess.PASSWORD;
import static io.binlogpitr.agent.AgentProcess.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalScanner;
import io.binlogpitr.common.journal.JournalSummary;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import io.binlogpitr.testing.workload.AllTypesSchema;
import io.binlogpitr.testing.workload.ConcurrentWriters;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariants 1 and 2 under the harshest stop: the agent process is SIGKILLed at random moments while concurrent
 * writers run, and restarted each time. Afterwards the journal holds exactly the source's transactions: no gap, no
 * duplicate, every checksum valid.
 */
class AgentCrashIT {

    @TempDir
    Path dir;

    @Test
    void tenKillNineRestartsLoseNothingAndDuplicateNothing() throws Exception {
        MysqlServer server = MysqlServer.shared(MysqlOptions.defaults());
        AgentProcess.ensureAgentUser(server, USER, PASSWORD);
        String db = server.createDatabase("crash");
        try (Connection c = server.connect(db)) {
            AllTypesSchema.create(c);
        }
        Path config = AgentProcess.writeConfig(dir, server, USER, PASSWORD, "journal: {sync: 200ms}\n");
        Path repo = dir.resolve("repo");
        ConcurrentWriters writers = new ConcurrentWriters(
                () -> server.connect(db), ConcurrentWriters.Settings.forDuration(3, Duration.ofSeconds(45), 7));
        CompletableFuture<ConcurrentWriters.Result> load = CompletableFuture.supplyAsync(() -> {
            try {
                return writers.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        Random random = new Random(20261121);
        long lastCount = -1;
        int kills = 0;
        while (kills < 10) {
            AgentProcess agent = AgentProcess.start(dir, "-Xmx256m", "run", "--config", config.toString());
            try {
                lastCount = awaitGrowth(repo, lastCount, agent);
                Thread.sleep(random.nextInt(1500));
                assertThat(agent.isAlive())
                        .as("agent alive before kill %d: %s", kills, agent.output())
                        .isTrue();
                agent.kill9();
                kills++;
            } finally {
                agent.close();
            }
        }
        ConcurrentWriters.Result result = load.get();
        assertThat(result.committedTransactions()).isGreaterThan(500);

        try (AgentProcess agent = AgentProcess.start(dir, "-Xmx256m", "run", "--config", config.toString())) {
            JournalSummary caughtUp = AgentProcess.awaitCaughtUp(repo, server, Duration.ofSeconds(60), agent);
            // writers started before the first agent recorded its base: what they committed before is in the base
            assertThat(caughtUp.transactions())
                    .isEqualTo(caughtUp.journaled().size())
                    .isGreaterThan(1000);
            assertThat(agent.terminate()).as(agent.output()).isZero();
        }

        JournalSummary summary = JournalScanner.scan(repo.resolve("journal"));
        GtidSet all = summary.covered();
        assertThat(summary.problems()).as("checksum and structure problems").isEmpty();
        assertThat(summary.duplicates().isEmpty())
                .as("duplicates: %s", summary.duplicates())
                .isTrue();
        assertThat(summary.holes().isEmpty()).as("holes: %s", summary.holes()).isTrue();
        assertThat(all).isEqualTo(GtidSet.parse(server.gtidExecuted()));
        assertThat(summary.base().intersect(summary.journaled()).isEmpty()).isTrue();

        ProcessBuilder pb = new ProcessBuilder(
                        AgentProcess.ROOT.resolve("bin/pitr-restore").toString(), "verify", "--repo", repo.toString())
                .redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("OK");
    }

    /** Waits until the journal holds more transactions than before (the agent is really streaming). */
    private static long awaitGrowth(Path repo, long before, AgentProcess agent) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            long now = AgentProcess.scanIfPresent(repo)
                    .map(JournalSummary::transactions)
                    .orElse(-1L);
            if (now > before) {
                return now;
            }
            assertThat(agent.isAlive()).as("agent died: %s", agent.output()).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("journal did not grow past " + before + ": " + agent.output());
    }
}
