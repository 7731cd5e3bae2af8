package io.binlogpitr.agent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.binlogpitr.agent.AgentDaemon;
import io.binlogpitr.agent.LiveStatus;
import io.binlogpitr.agent.config.AgentConfig;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP endpoint: {@code GET /status} (JSON, {@link LiveStatus}) and {@code GET /metrics} (Prometheus
 * text). It only answers: it never connects anywhere. One thread serves requests and samples the rates.
 */
public final class AgentHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentHttpServer.class);
    private static final long SAMPLE_SECONDS = 5;
    private static final String HINT = "free the port, choose another http.bind in agent.yml, or set http.bind: off";

    /** The JSON form of {@code /status}; also what tests read. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final AgentDaemon daemon;
    private final HttpServer server;
    private final ScheduledExecutorService executor;
    private final RateWindow rates = new RateWindow(TimeUnit.SECONDS.toNanos(60));
    private final AgentMetrics metrics;

    private AgentHttpServer(AgentDaemon daemon, HttpServer server, ScheduledExecutorService executor) {
        this.daemon = daemon;
        this.server = server;
        this.executor = executor;
        this.metrics = new AgentMetrics(daemon, status());
    }

    /**
     * Binds {@code http.bind} and starts serving. Fails with {@link ErrorCode#HTTP_BIND_FAILED} when the address
     * cannot be bound; then nothing was started.
     */
    public static AgentHttpServer start(AgentConfig.Http http, AgentDaemon daemon) {
        InetSocketAddress address = new InetSocketAddress(http.host(), http.port());
        if (address.isUnresolved()) {
            throw bindFailed(http, "host '" + http.host() + "' does not resolve to an address");
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (BindException e) {
            String why = String.valueOf(e.getMessage());
            throw bindFailed(
                    http,
                    why.contains("in use")
                            ? "the port is in use by another process"
                            : why.contains("assign") ? "the address is not one of this host's" : why,
                    e);
        } catch (IOException e) {
            throw bindFailed(http, String.valueOf(e.getMessage()), e);
        }
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "pitr-http");
            t.setDaemon(true);
            return t;
        });
        AgentHttpServer s = new AgentHttpServer(daemon, server, executor);
        server.setExecutor(executor);
        server.createContext("/", s::handle);
        executor.scheduleAtFixedRate(s::sample, 0, SAMPLE_SECONDS, TimeUnit.SECONDS);
        server.start();
        InetSocketAddress bound = server.getAddress();
        String url = "http://" + new AgentConfig.Http(true, http.host(), bound.getPort()).describe();
        LOG.info("serving {}/status and {}/metrics", url, url);
        return s;
    }

    private static PitrException bindFailed(AgentConfig.Http http, String why) {
        return bindFailed(http, why, null);
    }

    private static PitrException bindFailed(AgentConfig.Http http, String why, Throwable cause) {
        return new PitrException(
                ErrorCode.HTTP_BIND_FAILED, "cannot listen on http.bind " + http.describe() + ": " + why, HINT, cause);
    }

    /** The bound address (the real port when http.bind asked for port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void sample() {
        rates.sample(System.nanoTime(), daemon.stats().events(), daemon.stats().eventBytes());
    }

    private LiveStatus status() {
        double[] perSecond = rates.perSecond();
        return LiveStatus.collect(daemon, Instant.now(), perSecond[0], perSecond[1]);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/metrics" -> respond(
                        exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape(status()));
                case "/status" -> respond(exchange, 200, "application/json", json(status()) + "\n");
                case "/" -> respond(
                        exchange,
                        200,
                        "text/plain; charset=utf-8",
                        "pitr-agent: GET /status (JSON) or /metrics (Prometheus)\n");
                default -> respond(exchange, 404, "text/plain; charset=utf-8", "not found; try /status or /metrics\n");
            }
        } catch (RuntimeException e) {
            LOG.warn("http: {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
            throw e;
        }
    }

    static String json(LiveStatus status) {
        try {
            return JSON.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render /status: " + e.getMessage(), e);
        }
    }

    private static void respond(HttpExchange exchange, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Stops serving at once and releases the port. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        metrics.close();
    }
}
