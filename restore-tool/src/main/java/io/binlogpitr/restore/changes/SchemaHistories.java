package io.binlogpitr.restore.changes;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.schema.SchemaBaseline;
import io.binlogpitr.common.schema.SchemaBaselineStore;
import io.binlogpitr.common.schema.SchemaTracker;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The schema history of a repository: the agent's baselines and every readable snapshot's, replayed on the journal. */
final class SchemaHistories {
    private SchemaHistories() {}

    static SchemaTracker of(RepositoryLayout repo) {
        List<SchemaBaseline> baselines = new ArrayList<>(SchemaBaselineStore.readAll(repo));
        try {
            for (SnapshotManifest m : SnapshotCatalog.manifests(repo)) {
                baselines.add(SchemaBaseline.of(m));
            }
        } catch (IOException e) {
            throw new PitrException(
                    ErrorCode.IO,
                    "cannot read the snapshot manifests of " + repo.root() + ": " + e.getMessage(),
                    "check the permissions of " + repo.snapshots(),
                    e);
        }
        return new SchemaTracker(baselines);
    }
}
