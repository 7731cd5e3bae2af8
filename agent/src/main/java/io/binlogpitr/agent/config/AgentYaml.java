package io.binlogpitr.agent.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.binlogpitr.agent.config.YamlValues.Range;
import io.binlogpitr.common.snapshot.ChunkCompression;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * agent.yml exactly as written, bound by Jackson: one record per mapping, one component per key (its name is the
 * key), {@code null} for a key that is absent or empty. Every value is already checked for its form by
 * {@link YamlValues}; {@link AgentConfigReader} adds defaults, required keys and the checks across keys.
 */
record AgentYaml(
        Source source,
        Path repository,
        @JsonDeserialize(using = YamlValues.Start.class) AgentConfig.StartFrom start,
        Journal journal,
        Snapshots snapshots,
        Http http,
        Reconnect reconnect,
        Alerts alerts,
        Logging logging) {

    record Source(
            String host,
            @Range(min = 1, max = 65535) Long port,
            String user,
            Path passwordFile,
            @Range(min = 1, max = 4_294_967_295L) Long serverId) {}

    record Journal(@JsonDeserialize(using = YamlValues.Sync.class) AgentConfig.Journal sync) {}

    record Snapshots(
            Duration every,
            @Range(min = 1, max = 10_000) Long keep,
            @Range(min = 1, max = 64) Long threads,
            @JsonDeserialize(using = YamlValues.Compression.class) ChunkCompression compression,
            @JsonDeserialize(using = YamlValues.Names.class) List<String> include,
            @JsonDeserialize(using = YamlValues.Names.class) List<String> exclude,
            @Range(min = 1, max = 65_536) Long chunkMiB,
            @JsonDeserialize(using = YamlValues.LockWait.class) Duration lockWaitTimeout) {}

    record Http(@JsonDeserialize(using = YamlValues.Bind.class) AgentConfig.Http bind) {}

    record Reconnect(Duration initialBackoff, Duration maxBackoff, Duration heartbeat) {}

    record Alerts(Duration maxLag, Duration maxSnapshotAge) {}

    record Logging(@JsonDeserialize(using = YamlValues.Format.class) AgentConfig.LogFormat format) {}
}
