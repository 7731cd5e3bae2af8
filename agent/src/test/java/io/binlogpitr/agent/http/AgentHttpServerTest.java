package io.binlogpitr.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.binlogpitr.agent.AgentDaemon;
import io.binlogpitr.agent.config.AgentConfig;
import io.binlogpitr.agent.config.AgentConfigReader;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoint without a source: the shape of /status, the names on /metrics, and a refused bind. */
class AgentHttpServerTest {
    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();

    private AgentConfig config(String extra) throws Exception {
        Path f = dir.resolve("agent.yml");
        Files.writeString(
                f,
                "source: {host: 127.0.0.1, user: u, serverId: 9}\nrepository: " + dir.resolve("repo") + "\n" + extra);
        return AgentConfigReader.read(f);
    }

    private HttpResponse<String> get(AgentHttpServer server, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void statusHasTheDocumentedShape() throws Exception {
        AgentDaemon daemon = new AgentDaemon(config("http: {bind: '127.0.0.1:0'}\n"));
        try (AgentHttpServer server = AgentHttpServer.start(daemon.config().http(), daemon)) {
            HttpResponse<String> r = get(server, "/status");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
            JsonNode json = AgentHttpServer.JSON.readTree(r.body());
            assertThat(fieldNames(json))
                    .containsExactly(
                            "state",
                            "startedAt",
                            "source",
                            "connected",
                            "lagSeconds",
                            "journal",
                            "stream",
                            "journalSync",
                            "snapshots",
                            "latestRestorableTime",
                            "retention",
                            "errors",
                            "alerts");
            assertThat(json.get("state").asText()).isEqualTo("starting");
            assertThat(json.get("connected").asBoolean()).isFalse();
            assertThat(json.get("lagSeconds").isNull())
                    .as("unknown before streaming")
                    .isTrue();
            assertThat(fieldNames(json.get("journal")))
                    .containsExactly("lastGtid", "lastCommit", "transactions", "lastBinlogPosition");
            assertThat(fieldNames(json.get("stream")))
                    .containsExactly(
                            "eventsPerSecond",
                            "bytesPerSecond",
                            "events",
                            "bytes",
                            "transactions",
                            "heartbeats",
                            "reconnects",
                            "duplicatesSkipped",
                            "incidents");
            assertThat(fieldNames(json.get("journalSync")))
                    .containsExactly("syncs", "lastMillis", "meanMillis", "maxMillis");
            assertThat(fieldNames(json.get("snapshots")))
                    .containsExactly(
                            "count",
                            "newestStartedAt",
                            "newestAgeSeconds",
                            "taken",
                            "failures",
                            "lastDurationSeconds",
                            "inProgress",
                            "lastError");
            assertThat(fieldNames(json.get("retention")))
                    .containsExactly(
                            "runs",
                            "lastRunAt",
                            "snapshotsDeleted",
                            "journalFilesDeleted",
                            "journalBytesDeleted",
                            "journalTransactionsDeleted",
                            "heldBackForReaders",
                            "lastHeldBack",
                            "snapshotsFailedVerification");
            assertThat(fieldNames(json.get("alerts")))
                    .containsExactly("maxLagSeconds", "maxSnapshotAgeSeconds", "ok", "breaches");
            assertThat(json.at("/alerts/maxLagSeconds").asDouble()).isEqualTo(300.0);
            assertThat(json.at("/alerts/maxSnapshotAgeSeconds").asDouble()).isEqualTo(129600.0);
            assertThat(json.get("errors").isObject()).isTrue();
        }
    }

    @Test
    void metricsAreInPrometheusTextFormat() throws Exception {
        AgentDaemon daemon = new AgentDaemon(config("http: {bind: '127.0.0.1:0'}\n"));
        try (AgentHttpServer server = AgentHttpServer.start(daemon.config().http(), daemon)) {
            daemon.lag().onSyncTime(2_000_000);
            HttpResponse<String> r = get(server, "/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
            assertThat(r.body())
                    .contains(
                            "# TYPE pitr_stream_events_total counter",
                            "pitr_stream_events_total 0.0",
                            "pitr_stream_received_bytes_total 0.0",
                            "pitr_stream_heartbeats_total",
                            "pitr_stream_reconnects_total",
                            "pitr_stream_duplicates_skipped_total",
                            "pitr_stream_incidents_total 0.0",
                            "pitr_stream_connected 0.0",
                            "pitr_stream_events_per_second",
                            "pitr_journal_transactions_total 0.0",
                            "pitr_journal_sync_seconds_count 1",
                            "pitr_journal_sync_seconds_sum 0.002",
                            "pitr_journal_sync_seconds_max 0.002",
                            "pitr_journal_sync_seconds_bucket{le=\"0.005\"} 1",
                            "pitr_journal_last_commit_timestamp_seconds NaN",
                            "pitr_lag_seconds NaN",
                            "pitr_restorable_latest_timestamp_seconds NaN",
                            "pitr_snapshots_stored 0.0",
                            "pitr_snapshot_newest_age_seconds NaN",
                            "pitr_snapshot_last_duration_seconds NaN",
                            "pitr_snapshots_taken_total 0.0",
                            "pitr_snapshots_failed_total 0.0",
                            "pitr_retention_snapshots_deleted_total 0.0",
                            "pitr_retention_journal_files_deleted_total 0.0",
                            "pitr_retention_journal_deleted_bytes_total 0.0",
                            "pitr_retention_journal_transactions_deleted_total 0.0",
                            "pitr_retention_held_back_total 0.0",
                            "pitr_retention_snapshots_unverified_total 0.0",
                            "pitr_alert_breached{alert=\"lag\"} 0.0",
                            "pitr_alert_breached{alert=\"snapshotAge\"} 0.0",
                            "jvm_memory_used_bytes",
                            "jvm_threads_live_threads",
                            "process_uptime_seconds")
                    .doesNotContain("pitr_errors_total");
            daemon.errors().add(ErrorCode.SOURCE_UNREACHABLE);
            daemon.errors().add(ErrorCode.SOURCE_UNREACHABLE);
            assertThat(get(server, "/metrics").body()).contains("pitr_errors_total{code=\"SOURCE_UNREACHABLE\"} 2.0");
            assertThat(get(server, "/status").body()).contains("\"SOURCE_UNREACHABLE\" : 2");
            assertThat(get(server, "/nothing").statusCode()).isEqualTo(404);
            HttpResponse<String> post = client.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + server.address().getPort() + "/status"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void aPortInUseIsOneLineAndTheRightExitCode() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            AgentDaemon daemon = new AgentDaemon(config("http: {bind: '127.0.0.1:" + taken.getLocalPort() + "'}\n"));
            assertThatThrownBy(() -> AgentHttpServer.start(daemon.config().http(), daemon))
                    .isInstanceOfSatisfying(PitrException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.HTTP_BIND_FAILED);
                        assertThat(e.exitCode()).isEqualTo(1);
                        assertThat(e.getMessage())
                                .isEqualTo("cannot listen on http.bind 127.0.0.1:" + taken.getLocalPort()
                                        + ": the port is in use by another process")
                                .doesNotContain("\n");
                        assertThat(e.hint()).contains("http.bind: off");
                    });
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
