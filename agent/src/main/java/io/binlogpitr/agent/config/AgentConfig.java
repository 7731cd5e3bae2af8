package io.binlogpitr.agent.config;

import io.binlogpitr.common.config.Durations;
import io.binlogpitr.common.snapshot.ChunkCompression;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The validated, immutable contents of agent.yml. Built only by {@link AgentConfigReader}, which checks every
 * key eagerly, so code that holds an AgentConfig never re-validates.
 */
public record AgentConfig(
        Path file,
        Source source,
        Path repository,
        StartFrom start,
        Journal journal,
        Snapshots snapshots,
        Http http,
        Reconnect reconnect,
        Alerts alerts,
        Logging logging) {

    /** The MySQL server the agent replicates from. The password is resolved lazily so it never sits in logs. */
    public record Source(String host, int port, String user, Optional<Path> passwordFile, long serverId) {
        public String address() {
            return host + ":" + port;
        }
    }

    /** Where a journal on an empty repository begins. */
    public enum StartFrom {
        /** From the source's gtid_executed at first start: only what is committed from now on. */
        CURRENT,
        /** From the oldest binlog the source still has (its gtid_purged). */
        EARLIEST
    }

    /**
     * Journal durability: sync after every transaction, or group commit every {@code interval}.
     *
     * @param everyTransaction true for {@code sync: every-transaction}
     * @param interval the group-commit interval when not every transaction
     */
    public record Journal(boolean everyTransaction, Duration interval) {
        public String describe() {
            return everyTransaction ? "every-transaction" : Durations.format(interval);
        }
    }

    /**
     * Snapshots: the schedule ({@code every} of zero disables it), how many to keep, and how to take them.
     *
     * @param include databases (or {@code db.table}, {@code *} as a wildcard) to snapshot; empty for every user
     *     database
     * @param exclude databases or tables left out, applied after {@code include}
     * @param chunkBytes the target size of one chunk of a table (estimated from the table's statistics)
     * @param lockWaitTimeout how long to wait for the global read lock before giving up (writes queue behind it)
     */
    public record Snapshots(
            Duration every,
            int keep,
            int threads,
            ChunkCompression compression,
            List<String> include,
            List<String> exclude,
            long chunkBytes,
            Duration lockWaitTimeout) {
        public static final int DEFAULT_KEEP = 7;
        public static final int DEFAULT_THREADS = 2;
        public static final long DEFAULT_CHUNK_BYTES = 64L << 20;
        public static final Duration DEFAULT_EVERY = Duration.ofHours(24);
        public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(10);

        public Snapshots {
            include = List.copyOf(include);
            exclude = List.copyOf(exclude);
        }

        public static Snapshots defaults() {
            return new Snapshots(
                    DEFAULT_EVERY,
                    DEFAULT_KEEP,
                    DEFAULT_THREADS,
                    ChunkCompression.ZSTD,
                    List.of(),
                    List.of(),
                    DEFAULT_CHUNK_BYTES,
                    DEFAULT_LOCK_WAIT);
        }
    }

    /**
     * The status/metrics endpoint of {@code pitr-agent run}.
     *
     * @param enabled false for {@code http.bind: off}: no listening socket at all
     * @param port 0 picks a free port (the agent logs the one it got)
     */
    public record Http(boolean enabled, String host, int port) {
        public static final String DEFAULT_BIND = "127.0.0.1:9405";

        public static Http off() {
            return new Http(false, "", 0);
        }

        /** {@code host:port} as configured ({@code [v6]:port} for an IPv6 literal), or {@code off}. */
        public String describe() {
            if (!enabled) {
                return "off";
            }
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * Thresholds that {@code /status} and {@code pitr-agent status} report as breached; zero disables one.
     *
     * @param maxLag the most the journal may trail the source (commit on the source to durable in the journal)
     * @param maxSnapshotAge the most the newest snapshot may age; beyond it restores replay ever longer journals,
     *     and a missing snapshot means nothing is restorable
     */
    public record Alerts(Duration maxLag, Duration maxSnapshotAge) {
        public static final Duration DEFAULT_MAX_LAG = Duration.ofMinutes(5);

        /**
         * The default for a schedule of {@code every} (0: none): one and a half periods, so one late snapshot is
         * tolerated, and at least an hour more than {@code every}, so a snapshot that takes a while on a short
         * schedule is not an alert.
         */
        public static Duration defaultMaxSnapshotAge(Duration every) {
            if (every.isZero()) {
                return Duration.ZERO;
            }
            Duration half = every.multipliedBy(3).dividedBy(2);
            Duration hour = every.plusHours(1);
            return half.compareTo(hour) > 0 ? half : hour;
        }
    }

    /** How the agent's log lines look: {@code text} (one line per event) or {@code json} (one JSON object per line). */
    public record Logging(LogFormat format) {}

    public enum LogFormat {
        TEXT,
        JSON
    }

    /**
     * Backoff between reconnect attempts: doubles from {@code initial} up to {@code max}. The source sends a
     * heartbeat every {@code heartbeat} when idle; a connection silent for four of them is dropped and reopened.
     */
    public record Reconnect(Duration initial, Duration max, Duration heartbeat) {}
}
