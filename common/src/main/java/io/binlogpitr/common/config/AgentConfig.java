package io.binlogpitr.common.config;

import java.nio.file.Path;
import java.time.Duration;
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
        Reconnect reconnect) {

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

    /** Snapshot schedule: {@code every} of zero disables it. */
    public record Snapshots(Duration every, int keep) {}

    /** The status/metrics endpoint. */
    public record Http(String host, int port) {}

    /**
     * Backoff between reconnect attempts: doubles from {@code initial} up to {@code max}. The source sends a
     * heartbeat every {@code heartbeat} when idle; a connection silent for four of them is dropped and reopened.
     */
    public record Reconnect(Duration initial, Duration max, Duration heartbeat) {}
}
