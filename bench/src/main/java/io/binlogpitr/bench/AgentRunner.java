package io.binlogpitr.bench;

import io.binlogpitr.agent.AgentDaemon;
import io.binlogpitr.agent.LagRecorder;
import io.binlogpitr.agent.config.AgentConfig;
import io.binlogpitr.agent.stream.StreamStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs the agent in-process for the benchmark: writes its {@code agent.yml}, starts an {@link AgentDaemon} on a
 * thread, waits until it has made a number of transactions durable, stops it. One daemon at a time.
 */
final class AgentRunner {
    private final ProgressWriter progress;
    private volatile AgentDaemon daemon;
    private volatile Thread daemonThread;
    /** System.nanoTime() when the last {@link #awaitDurable} first saw the agent connected, or 0. */
    private long connectedAt;

    AgentRunner(ProgressWriter progress) {
        this.progress = progress;
    }

    /** Writes {@code agent.yml} (and the password file) for the source into {@code work}: start earliest, no snapshots. */
    static Path writeConfig(Path work, BenchSource source) throws IOException {
        Path pw = work.resolve("source.pw");
        Files.writeString(pw, BenchSource.PITR_PASSWORD + "\n");
        Path config = work.resolve("agent.yml");
        Files.writeString(
                config,
                "source: {host: " + source.host() + ", port: " + source.port() + ", user: " + BenchSource.PITR_USER
                        + ", passwordFile: " + pw + ", serverId: 9002}\n"
                        + "repository: " + work.resolve("repo") + "\n"
                        + "start: earliest\n"
                        + "snapshots: {every: 0}\n");
        return config;
    }

    void start(AgentConfig config) {
        AgentDaemon d = new AgentDaemon(config, LagRecorder.sampling(1 << 20));
        Thread t = new Thread(
                () -> {
                    try {
                        d.run();
                    } catch (Throwable e) {
                        progress.line("agent failed: " + e);
                    }
                },
                "pitr-agent");
        daemon = d;
        daemonThread = t;
        t.start();
    }

    StreamStats stats() {
        return daemon.stats();
    }

    LagRecorder lag() {
        return daemon.lag();
    }

    /** System.nanoTime() when the last {@link #awaitDurable} first saw the agent connected, or 0. */
    long connectedAt() {
        return connectedAt;
    }

    /** Waits until the running daemon has made {@code transactions} durable; returns System.nanoTime() then. */
    long awaitDurable(long transactions, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        connectedAt = 0;
        while (true) {
            long done = daemon.lag().recorded();
            long now = System.nanoTime();
            if (connectedAt == 0 && daemon.stats().connected()) {
                connectedAt = now;
            }
            if (done >= transactions) {
                return now;
            }
            if (daemon.finished()) {
                throw new IllegalStateException("the agent stopped during the " + what + " (see its log above)");
            }
            if (now > deadline) {
                throw new IllegalStateException(what + ": the agent made " + done + " of " + transactions
                        + " transactions durable in " + timeout);
            }
            if (now > nextReport) {
                progress.progress(String.format(
                        Locale.ROOT,
                        "  %s: %,d / %,d transactions durable, %,d events received",
                        what,
                        done,
                        transactions,
                        daemon.stats().events()));
                nextReport = now + TimeUnit.SECONDS.toNanos(5);
            }
            Thread.sleep(2);
        }
    }

    void awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!daemon.stats().connected()) {
            if (daemon.finished() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the agent did not connect to the source within " + timeout);
            }
            Thread.sleep(10);
        }
    }

    /** Stops the daemon if one runs (30 s, then 5 s for its thread); safe to call when none does. */
    void stop() throws InterruptedException {
        AgentDaemon d = daemon;
        if (d != null) {
            if (!d.stop(Duration.ofSeconds(30))) {
                progress.line("warning: the agent did not stop within 30 s");
            }
            Thread t = daemonThread;
            if (t != null) {
                t.join(5000);
            }
        }
        daemon = null;
        daemonThread = null;
    }
}
