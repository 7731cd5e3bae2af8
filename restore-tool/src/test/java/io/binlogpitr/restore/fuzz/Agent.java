package io.binlogpitr.restore.fuzz;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalScanner;
import io.binlogpitr.restore.Launchers;
import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.AgentConfigFile;
import io.binlogpitr.testing.MysqlServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** bin/pitr-agent run journaling the source into the run's repository, as a user runs it. */
final class Agent implements AutoCloseable {
    static final String USER = "fuzz_agent";
    static final String PASSWORD = "agent-pw";

    private final MysqlServer source;
    private final Path dir;
    private final Path repo;
    private final Path config;
    private final Launchers.Started process;

    private Agent(MysqlServer source, Path dir, Path repo, Path config, Launchers.Started process) {
        this.source = source;
        this.dir = dir;
        this.repo = repo;
        this.config = config;
        this.process = process;
    }

    static Agent start(MysqlServer source, Path dir, long seed) throws IOException {
        // the grants of docs/snapshots.md: without CREATE TEMPORARY TABLES a snapshot keeps a utf8mb4 ENUM/SET member
        // with a 4-byte character as the '?' SHOW CREATE TABLE shows (a warning), and the restore is not exact
        source.createUser(USER, PASSWORD, AgentAccount.GRANTS);
        Path repo = dir.resolve("repo");
        Path config = AgentConfigFile.of(source, USER, PASSWORD, 8000 + Math.floorMod(seed, 1000))
                .repository(repo)
                .fastReconnect()
                .snapshots("{every: 0, threads: 2, chunkMiB: 1}")
                .anyHttpPort()
                .writeIn(dir);
        return new Agent(
                source,
                dir,
                repo,
                config,
                Launchers.start(dir, Map.of(), "pitr-agent", "run", "--config", config.toString()));
    }

    Path repo() {
        return repo;
    }

    /** {@code pitr-agent snapshot}: a snapshot of every user database, now. */
    void snapshot() throws IOException, InterruptedException {
        Launchers.Result r = Launchers.run(dir, Map.of(), "pitr-agent", "snapshot", "--config", config.toString());
        if (r.exitCode() != 0) {
            throw new IllegalStateException("pitr-agent snapshot exited " + r.exitCode() + ": " + r.output());
        }
    }

    /** Waits until the journal covers everything the source has executed. */
    void awaitCaughtUp() throws InterruptedException {
        GtidSet wanted = GtidSet.parse(source.gtidExecuted());
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(repo.resolve("journal"))) {
                try {
                    if (JournalScanner.scan(repo.resolve("journal")).covered().containsAll(wanted)) {
                        return;
                    }
                } catch (RuntimeException e) {
                    // the journal is being created or rolled; scanned again on the next turn
                    Thread.onSpinWait();
                }
            }
            if (!process.process().isAlive()) {
                throw new IllegalStateException("the agent died: " + process.output());
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the journal did not catch up with " + wanted + ": " + process.output());
    }

    String output() {
        return process.output();
    }

    @Override
    public void close() throws InterruptedException {
        process.process().destroy();
        process.await();
    }
}
