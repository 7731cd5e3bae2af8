package io.binlogpitr.agent.source;

import io.binlogpitr.common.gtid.GtidSet;

/** What the pre-flight learned about the source, at the moment it ran. */
public record SourceInfo(
        String address,
        String serverUuid,
        long serverId,
        String version,
        GtidSet gtidExecuted,
        GtidSet gtidPurged,
        String binlogRowMetadata) {}
