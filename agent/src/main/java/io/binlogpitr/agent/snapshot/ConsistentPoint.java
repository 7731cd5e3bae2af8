package io.binlogpitr.agent.snapshot;

import io.binlogpitr.common.snapshot.SnapshotManifest;

/**
 * Where a snapshot stands: the GTID set every worker's transaction sees, whether {@code LOCK INSTANCE FOR BACKUP}
 * holds DDL back until the snapshot ends, and what the global read lock cost writes (the wait for it, and the whole
 * time writes were blocked, failed attempts included).
 */
record ConsistentPoint(String gtidSet, boolean ddlLock, long lockWaitMillis, long blockedMillis) {
    static final String METHOD = "FLUSH TABLES WITH READ LOCK";

    SnapshotManifest.Consistency manifest() {
        return new SnapshotManifest.Consistency(METHOD, ddlLock, lockWaitMillis, blockedMillis);
    }
}
