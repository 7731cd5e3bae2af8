package io.binlogpitr.agent.http;

import io.binlogpitr.agent.AgentDaemon;
import io.binlogpitr.agent.AlertCheck;
import io.binlogpitr.agent.LiveStatus;
import io.binlogpitr.agent.SnapshotStats;
import io.binlogpitr.agent.stream.StreamStats;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.ErrorCounts;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The agent's meters in a Prometheus registry. Counters read the daemon's own counters when scraped (nothing is
 * counted twice, nothing Micrometer sits on the replication thread); gauges read the {@link LiveStatus} taken
 * just before each scrape, so {@code /metrics} and {@code /status} agree. docs/agent.md lists every meter.
 */
final class AgentMetrics implements AutoCloseable {
    private final AgentDaemon daemon;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<LiveStatus> status = new AtomicReference<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();

    AgentMetrics(AgentDaemon daemon, LiveStatus initial) {
        this.daemon = daemon;
        status.set(initial);
        StreamStats s = daemon.stats();
        counter("pitr.stream.events", null, "binlog events received, heartbeats excluded", s, StreamStats::events);
        counter("pitr.stream.received", "bytes", "bytes of those events", s, StreamStats::eventBytes);
        counter("pitr.stream.heartbeats", null, "heartbeats received from the idle source", s, StreamStats::heartbeats);
        counter("pitr.stream.reconnects", null, "replication connections lost and retried", s, StreamStats::reconnects);
        counter(
                "pitr.stream.duplicates.skipped",
                null,
                "re-sent transactions the journal already held",
                s,
                StreamStats::duplicatesSkipped);
        counter(
                "pitr.stream.incidents",
                null,
                "INCIDENT events the source logged (it may have lost changes; restores across one are refused)",
                s,
                StreamStats::incidents);
        counter(
                "pitr.journal.transactions",
                null,
                "transactions made durable in the journal by this process",
                daemon.lag(),
                l -> l.recorded());
        Timer sync = Timer.builder("pitr.journal.sync")
                .description("time of each journal sync (fdatasync of the files written since the last one)")
                .serviceLevelObjectives(
                        Duration.ofMillis(1),
                        Duration.ofMillis(5),
                        Duration.ofMillis(20),
                        Duration.ofMillis(100),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(2))
                .register(registry);
        daemon.lag().observeSyncs(nanos -> sync.record(nanos, TimeUnit.NANOSECONDS));

        gauge("pitr.stream.connected", null, "1 while the replication connection is up", st -> st.connected() ? 1 : 0);
        gauge("pitr.stream.events.per.second", null, "events received per second, last minute", st -> st.stream()
                .eventsPerSecond());
        gauge(
                "pitr.lag",
                "seconds",
                "source commit to durable journal (see docs/agent.md)",
                st -> orNaN(st.lagSeconds()));
        gauge(
                "pitr.journal.last.commit.timestamp",
                "seconds",
                "source commit time of the last durable transaction, seconds since the epoch",
                st -> epochSeconds(st.journal().lastCommit()));
        gauge(
                "pitr.restorable.latest.timestamp",
                "seconds",
                "the latest time a restore can reach now, seconds since the epoch",
                st -> epochSeconds(st.latestRestorableTime()));
        gauge("pitr.snapshots.stored", null, "usable snapshots in the repository", st -> st.snapshots()
                .count());
        gauge(
                "pitr.snapshot.newest.age",
                "seconds",
                "age of the newest snapshot",
                st -> orNaN(st.snapshots().newestAgeSeconds()));
        gauge(
                "pitr.snapshot.last.duration",
                "seconds",
                "how long the last snapshot this process took lasted",
                st -> orNaN(st.snapshots().lastDurationSeconds()));
        for (String alert : new String[] {AlertCheck.LAG, AlertCheck.SNAPSHOT_AGE}) {
            Gauge.builder("pitr.alert.breached", status, r -> breached(r.get(), alert))
                    .description("1 while the threshold of alerts: is exceeded")
                    .tag("alert", alert)
                    .register(registry);
        }

        SnapshotStats ss = daemon.snapshotStats();
        counter("pitr.snapshots.taken", null, "snapshots this process completed", ss, SnapshotStats::taken);
        counter("pitr.snapshots.failed", null, "scheduled snapshots that failed", ss, SnapshotStats::failures);
        counter(
                "pitr.retention.snapshots.deleted",
                null,
                "snapshots deleted by retention",
                ss,
                SnapshotStats::snapshotsDeleted);
        counter(
                "pitr.retention.journal.files.deleted",
                null,
                "journal files deleted by retention",
                ss,
                SnapshotStats::journalFilesDeleted);
        counter(
                "pitr.retention.journal.deleted",
                "bytes",
                "journal bytes deleted by retention",
                ss,
                SnapshotStats::journalBytesDeleted);
        counter(
                "pitr.retention.journal.transactions.deleted",
                null,
                "journaled transactions deleted by retention",
                ss,
                SnapshotStats::journalTransactionsDeleted);
        counter(
                "pitr.retention.held.back",
                null,
                "retention passes that kept a snapshot or journal files a reader's lease needs",
                ss,
                SnapshotStats::heldBack);
        counter(
                "pitr.retention.snapshots.unverified",
                null,
                "snapshots that failed verification and so never became retention's anchor",
                ss,
                SnapshotStats::unverified);

        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** Prometheus text format (version 0.0.4) of every meter, the gauges as of {@code now}. */
    String scrape(LiveStatus now) {
        status.set(now);
        registerErrorCodes(daemon.errors());
        return registry.scrape();
    }

    /** One counter per error code seen so far; codes never seen are absent (a missing series reads as 0). */
    private void registerErrorCodes(ErrorCounts errors) {
        for (Map.Entry<ErrorCode, Long> e : errors.nonZero().entrySet()) {
            ErrorCode code = e.getKey();
            FunctionCounter.builder("pitr.errors", errors, c -> c.get(code))
                    .description("errors the agent survived, by error code (docs/reference/errors.md)")
                    .tag("code", code.name())
                    .register(registry);
        }
    }

    private <T> void counter(String name, String unit, String help, T source, ToDoubleFunction<T> count) {
        FunctionCounter.builder(name, source, count)
                .description(help)
                .baseUnit(unit)
                .register(registry);
    }

    private void gauge(String name, String unit, String help, ToDoubleFunction<LiveStatus> value) {
        Gauge.builder(name, status, r -> value.applyAsDouble(r.get()))
                .description(help)
                .baseUnit(unit)
                .register(registry);
    }

    private static double breached(LiveStatus st, String alert) {
        return st.alerts().breaches().stream().anyMatch(b -> b.alert().equals(alert)) ? 1 : 0;
    }

    private static double orNaN(Optional<Double> v) {
        return v.orElse(Double.NaN);
    }

    private static double epochSeconds(Optional<Instant> t) {
        return t.map(i -> i.toEpochMilli() / 1000.0).orElse(Double.NaN);
    }

    @Override
    public void close() {
        daemon.lag().observeSyncs(nanos -> {});
        gc.close();
        registry.close();
    }
}
