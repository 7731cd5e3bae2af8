package io.binlogpitr.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalScanner;
import io.binlogpitr.common.journal.JournalSummary;
import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.AgentConfigFile;
import io.binlogpitr.testing.MysqlServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent as users run it: {@code bin/pitr-agent} in its own JVM, so tests can {@code kill -9} it. Output goes to
 * a log file per run, shown in assertion messages.
 */
final class AgentProcess implements AutoCloseable {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    /** The least-privilege account the agent tests create once per server ({@link #ensureAgentUser}). */
    static final String USER = "pitr_agent";

    static final String PASSWORD = "agent-pw";

    private static final AtomicLong SERVER_IDS =
            new AtomicLong(5000 + ProcessHandle.current().pid() % 1000 * 10);

    private final Path log;
    private final Process process;

    private AgentProcess(Path log, Process process) {
        this.log = log;
        this.process = process;
    }

    /** A fresh, unique replica server id for an agent in this JVM. */
    static long nextServerId() {
        return SERVER_IDS.incrementAndGet();
    }

    /** Writes agent.yml (and a password file) for {@code server} with a least-privilege user. */
    static Path writeConfig(Path dir, MysqlServer server, String user, String password, String extraYaml)
            throws IOException {
        return writeConfig(dir, server.host(), server.port(), user, password, extraYaml);
    }

    /** Writes agent.yml for a source at host:port; {@code extraYaml} may replace the fast test reconnect settings. */
    static Path writeConfig(Path dir, String host, int port, String user, String password, String extraYaml)
            throws IOException {
        AgentConfigFile config = AgentConfigFile.of(host, port, user, password, nextServerId());
        if (!extraYaml.contains("reconnect:")) {
            config.fastReconnect();
        }
        // snapshots of the whole shared server at every agent start would load every test; the snapshot tests
        // set their own
        if (!extraYaml.contains("snapshots:")) {
            config.snapshots("{every: 0}");
        }
        if (!extraYaml.contains("http:")) {
            config.anyHttpPort();
        }
        return config.extraYaml(extraYaml).writeIn(dir);
    }

    /** Creates the least-privilege replication user the agent's tests use, once per server. */
    static void ensureAgentUser(MysqlServer server, String user, String password) {
        AgentAccount.ensure(server, user, password);
    }

    static AgentProcess start(Path dir, String javaOpts, String... args) throws IOException {
        return start(dir, javaOpts, 0, args);
    }

    /**
     * Starts {@code bin/pitr-agent} with its file size limited to {@code fileSizeKiB} ({@code ulimit -f}; 0 for no
     * limit): a write past it fails with EFBIG, as a write to a full disk fails with ENOSPC.
     */
    static AgentProcess start(Path dir, String javaOpts, long fileSizeKiB, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        if (fileSizeKiB > 0) {
            command.addAll(List.of("bash", "-c", "ulimit -f " + fileSizeKiB + " && exec \"$0\" \"$@\""));
        }
        command.add(ROOT.resolve("bin/pitr-agent").toString());
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "agent-", ".log");
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("PITR_JAVA_OPTS", javaOpts);
        env.remove("PITR_SOURCE_PASSWORD");
        return new AgentProcess(log, pb.start());
    }

    /** Runs a command to its end and returns the exit code; the output is in {@link #output()}. */
    static AgentProcess run(Path dir, String... args) throws IOException, InterruptedException {
        AgentProcess p = start(dir, "-Xmx256m", args);
        p.waitFor();
        return p;
    }

    /** Waits for the command to end (two minutes at most). */
    void waitFor() throws InterruptedException {
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as("command finished: %s", output())
                .isTrue();
    }

    int exitCode() {
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed by the agent. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, and waits for the clean exit. */
    int terminate() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("agent stopped on SIGTERM: %s", output())
                .isTrue();
        return process.exitValue();
    }

    /**
     * Waits until the journal (with its base) holds every transaction the source has executed, and returns the
     * journal's summary then. Fails with the difference if it does not get there in time.
     */
    static JournalSummary awaitCaughtUp(Path repo, MysqlServer server, Duration timeout, AgentProcess agent)
            throws InterruptedException {
        GtidSet target = GtidSet.parse(server.gtidExecuted());
        long deadline = System.nanoTime() + timeout.toNanos();
        JournalSummary summary = null;
        GtidSet have = new GtidSet();
        while (System.nanoTime() < deadline) {
            Optional<JournalSummary> now = scanIfPresent(repo);
            if (now.isPresent()) {
                summary = now.get();
                have = summary.covered();
                if (have.containsAll(target)) {
                    return summary;
                }
            }
            if (agent != null && !agent.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("journal did not catch up with the source within " + timeout + "; missing "
                + target.subtract(have) + (agent == null ? "" : "\nagent output:\n" + agent.output()));
    }

    /** The journal's summary, or empty while the agent has not created its first journal file yet. */
    static Optional<JournalSummary> scanIfPresent(Path repo) {
        Path journal = repo.resolve("journal");
        if (!Files.isDirectory(journal)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JournalScanner.scan(journal));
        } catch (PitrException e) {
            if (e.getMessage().contains("holds no journal")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
