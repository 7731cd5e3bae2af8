package io.binlogpitr.restore.changes;

import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.schema.DerivedBaselineWriter;
import io.binlogpitr.common.schema.SchemaTracker;

/** The schema history of a repository: the agent's baselines and every readable snapshot's, replayed on the journal. */
final class SchemaHistories {
    private SchemaHistories() {}

    static SchemaTracker of(RepositoryLayout repo) {
        // the same baselines retention derives from before it prunes the journal
        return new SchemaTracker(DerivedBaselineWriter.baselines(repo));
    }
}
