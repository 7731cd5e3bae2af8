package io.binlogpitr.agent;

import static io.binlogpitr.agent.AgentProcess.PASSWORD;
import static io.binlogpitr.agent.AgentProcess.USER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalEntry;
import io.binlogpitr.common.journal.JournalReader;
import io.binlogpitr.common.journal.JournalSummary;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import io.binlogpitr.testing.workload.AllTypesSchema;
import io.binlogpitr.testing.workload.ConcurrentWriters;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watching a real agent: /metrics and /status while it journals a concurrent workload, checked against the
 * journal itself; alert thresholds in /status and in 'pitr-agent status'; and a port already taken.
 */
class AgentHttpIT {
    /** The log line naming the port; in JSON logs the slashes are escaped ({@code http:\/\/...}). */
    private static final Pattern SERVING = Pattern.compile("serving http:\\S*?127\\.0\\.0\\.1:(\\d+)");

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void metricsAndStatusMoveWithTheWorkloadAndAgreeWithTheJournal() throws Exception {
        MysqlServer server = MysqlServer.shared(MysqlOptions.defaults());
        AgentProcess.ensureAgentUser(server, USER, PASSWORD);
        String db = server.createDatabase("watch");
        try (Connection c = server.connect(db)) {
            AllTypesSchema.create(c);
        }
        Path config = AgentProcess.writeConfig(dir, server, USER, PASSWORD, "alerts: {maxLag: 10m}\n");
        Path repo = dir.resolve("repo");
        try (AgentProcess agent = AgentProcess.start(dir, "-Xmx256m", "run", "--config", config.toString())) {
            int port = awaitServing(agent);
            AgentProcess.awaitCaughtUp(repo, server, Duration.ofSeconds(60), agent);
            List<Double> events = new ArrayList<>();
            events.add(metric(port, "pitr_stream_events_total"));

            CompletableFuture<ConcurrentWriters.Result> load = CompletableFuture.supplyAsync(() -> {
                try {
                    return new ConcurrentWriters(
                                    () -> server.connect(db), ConcurrentWriters.Settings.byCount(2, 800, 7))
                            .run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<String> gtidsSeen = new ArrayList<>();
            while (!load.isDone()) {
                events.add(metric(port, "pitr_stream_events_total"));
                JsonNode st = status(port);
                assertThat(st.get("state").asText()).isEqualTo("streaming");
                if (!st.at("/journal/lastGtid").isNull()) {
                    gtidsSeen.add(st.at("/journal/lastGtid").asText());
                }
                Thread.sleep(100);
            }
            assertThat(load.get().committedTransactions()).isEqualTo(800);
            JournalSummary journal = AgentProcess.awaitCaughtUp(repo, server, Duration.ofSeconds(60), agent);
            Gtid last = lastJournaledGtid(repo);

            // the durable mark follows the journal's next sync: wait for it, then every number must agree
            JsonNode st =
                    awaitStatus(port, s -> s.at("/journal/lastGtid").asText().equals(last.toString()), agent);
            double journaledTotal = metric(port, "pitr_journal_transactions_total");
            events.add(metric(port, "pitr_stream_events_total"));

            assertThat(events).as("the events counter never goes back").isSorted();
            assertThat(events.get(events.size() - 1))
                    .as("events counted for 800 transactions of at least 5 events each")
                    .isGreaterThanOrEqualTo(events.get(0) + 800 * 5);
            GtidSet journaled = journal.journaled();
            assertThat(gtidsSeen)
                    .as("every last GTID /status showed is in the journal")
                    .allSatisfy(g ->
                            assertThat(journaled.contains(Gtid.parse(g))).as(g).isTrue());
            assertThat(st.at("/journal/transactions").asLong())
                    .as("durable transactions in /status")
                    .isEqualTo(journal.transactions());
            assertThat(journaledTotal)
                    .as("pitr_journal_transactions_total: this process wrote the whole journal")
                    .isEqualTo(journal.transactions());
            assertThat(Instant.parse(st.at("/journal/lastCommit").asText()))
                    .isEqualTo(journal.lastCommit().orElseThrow());
            assertThat(st.at("/stream/bytes").asLong())
                    .as("every journaled event byte was received")
                    .isGreaterThanOrEqualTo(journal.payloadBytes());
            assertThat(st.at("/stream/transactions").asLong()).isEqualTo(journal.transactions());
            assertThat(st.get("connected").asBoolean()).isTrue();
            assertThat(st.get("lagSeconds").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(st.at("/journalSync/syncs").asLong()).isPositive();
            assertThat(st.at("/alerts/ok").asBoolean()).as(st.toString()).isTrue();
            assertThat(st.at("/latestRestorableTime").isNull())
                    .as("no snapshot: nothing is restorable")
                    .isTrue();

            // idle now (heartbeats are not events): /metrics and /status count the same
            JsonNode again = status(port);
            String metrics = get(port, "/metrics").body();
            assertThat(value(metrics, "pitr_stream_events_total"))
                    .isEqualTo(again.at("/stream/events").asDouble());
            assertThat(value(metrics, "pitr_stream_received_bytes_total"))
                    .isEqualTo(again.at("/stream/bytes").asDouble());
            assertThat(value(metrics, "pitr_stream_connected")).isEqualTo(1.0);
            assertThat(value(metrics, "pitr_journal_sync_seconds_count")).isPositive();
            assertThat(value(metrics, "pitr_journal_last_commit_timestamp_seconds"))
                    .isEqualTo(journal.lastCommit().orElseThrow().toEpochMilli() / 1000.0);
            assertThat(metrics).contains("jvm_memory_used_bytes", "process_uptime_seconds");

            assertThat(agent.terminate()).as(agent.output()).isZero();
            assertThat(agent.output()).contains("reading binlog ", "first transaction since connecting: ");
        }
    }

    @Test
    void thresholdsShowInStatusInMetricsAndInTheStatusCommand() throws Exception {
        MysqlServer server = MysqlServer.shared(MysqlOptions.defaults());
        AgentProcess.ensureAgentUser(server, USER, PASSWORD);
        String db = server.createDatabase("alerts");
        server.execute(
                "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v INT)", "INSERT INTO " + db + ".t VALUES (1, 1)");
        Path config = AgentProcess.writeConfig(
                dir,
                server,
                USER,
                PASSWORD,
                "snapshots: {every: 0, include: [" + db + "]}\n"
                        + "alerts: {maxLag: 1s, maxSnapshotAge: 1h}\n"
                        + "logging: {format: json}\n");
        Path repo = dir.resolve("repo");
        try (AgentProcess agent = AgentProcess.start(dir, "-Xmx256m", "run", "--config", config.toString())) {
            int port = awaitServing(agent);
            AgentProcess.awaitCaughtUp(repo, server, Duration.ofSeconds(60), agent);
            JsonNode st = awaitStatus(port, s -> s.get("state").asText().equals("streaming"), agent);
            assertThat(st.at("/alerts/ok").asBoolean()).isFalse();
            assertThat(st.at("/alerts/breaches/0/alert").asText()).isEqualTo("snapshotAge");
            assertThat(st.at("/alerts/breaches/0/message").asText()).contains("no snapshot");
            String metrics = get(port, "/metrics").body();
            assertThat(value(metrics, "pitr_alert_breached{alert=\"snapshotAge\"}"))
                    .isEqualTo(1.0);
            assertThat(value(metrics, "pitr_alert_breached{alert=\"lag\"}")).isEqualTo(0.0);

            AgentProcess snapshot = AgentProcess.run(dir, "snapshot", "--config", config.toString());
            assertThat(snapshot.exitCode()).as(snapshot.output()).isZero();
            server.execute("INSERT INTO " + db + ".t VALUES (2, 2)");
            AgentProcess.awaitCaughtUp(repo, server, Duration.ofSeconds(60), agent);
            JsonNode after = awaitStatus(
                    port,
                    s -> s.at("/snapshots/count").asInt() == 1
                            && s.at("/alerts/ok").asBoolean()
                            && !s.at("/latestRestorableTime").isNull(),
                    agent);
            assertThat(after.at("/snapshots/newestAgeSeconds").asDouble()).isLessThan(3600);
            assertThat(value(get(port, "/metrics").body(), "pitr_snapshots_stored"))
                    .isEqualTo(1.0);

            assertThat(agent.terminate()).as(agent.output()).isZero();
            List<JsonNode> lines = jsonLines(agent.output());
            assertThat(lines)
                    .as("logging.format json: one JSON object per line")
                    .anySatisfy(l -> {
                        assertThat(l.get("level").asText()).isEqualTo("INFO");
                        assertThat(l.get("formattedMessage").asText()).startsWith("connected to ");
                    });
        }

        // the agent is stopped: a commit on the source now is missing from the journal, so the lag grows
        server.execute("INSERT INTO " + db + ".t VALUES (3, 3)");
        Thread.sleep(1500);
        AgentProcess json = AgentProcess.run(dir, "status", "--config", config.toString(), "--json");
        assertThat(json.exitCode())
                .as("a breached threshold fails the check: %s", json.output())
                .isEqualTo(1);
        JsonNode report = JSON.readTree(json.output().substring(json.output().indexOf('{')));
        assertThat(report.get("problems")).isEmpty();
        assertThat(report.at("/alerts/0/alert").asText()).isEqualTo("lag");
        assertThat(report.at("/alerts/0/message").asText()).contains("is above alerts.maxLag 1s");
        AgentProcess text = AgentProcess.run(dir, "status", "--config", config.toString());
        assertThat(text.exitCode()).isEqualTo(1);
        assertThat(text.output()).containsPattern("ALERT +lag [0-9.]+ s is above alerts.maxLag 1s");
    }

    @Test
    void aPortAlreadyInUseEndsTheRunBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            // the source is never asked: port 1 on loopback has no server
            Path config = AgentProcess.writeConfig(
                    dir, "127.0.0.1", 1, USER, PASSWORD, "http: {bind: '127.0.0.1:" + port + "'}\n");
            AgentProcess run = AgentProcess.run(dir, "run", "--config", config.toString());
            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.output().lines().filter(l -> l.startsWith("error[")))
                    .containsExactly("error[HTTP_BIND_FAILED]: cannot listen on http.bind 127.0.0.1:" + port
                            + ": the port is in use by another process");
            assertThat(run.output()).contains("HINT: ").doesNotContain("Exception", "source 127.0.0.1:1");
            assertThat(Files.exists(dir.resolve("repo")))
                    .as("nothing half-started: no repository")
                    .isFalse();
        }
    }

    private static int awaitServing(AgentProcess agent) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && agent.isAlive()) {
            Matcher m = SERVING.matcher(agent.output());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the agent did not log where it serves:\n" + agent.output());
    }

    private JsonNode awaitStatus(int port, Predicate<JsonNode> until, AgentProcess agent) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode st = status(port);
        while (!until.test(st)) {
            if (System.nanoTime() > deadline || !agent.isAlive()) {
                throw new AssertionError("/status never got there; last:\n" + st + "\nagent:\n" + agent.output());
            }
            Thread.sleep(200);
            st = status(port);
        }
        return st;
    }

    private JsonNode status(int port) throws Exception {
        HttpResponse<String> r = get(port, "/status");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private double metric(int port, String name) throws Exception {
        return value(get(port, "/metrics").body(), name);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one sample line ({@code name} with its labels, if any) of a Prometheus text page. */
    private static double value(String page, String name) {
        return page.lines()
                .filter(l -> l.startsWith(name + " "))
                .map(l -> Double.parseDouble(l.substring(name.length() + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + " in\n" + page));
    }

    private static Gtid lastJournaledGtid(Path repo) throws Exception {
        Gtid last = null;
        try (JournalReader reader = JournalReader.open(repo.resolve("journal"))) {
            for (Optional<JournalEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
                last = e.get().header().gtid();
            }
        }
        return last;
    }

    private static List<JsonNode> jsonLines(String output) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.lines().toList()) {
            if (line.startsWith("{")) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (Exception e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
            }
        }
        return lines;
    }
}
