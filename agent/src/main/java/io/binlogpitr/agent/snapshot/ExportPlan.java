package io.binlogpitr.agent.snapshot;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a snapshot exports: the catalog it read, every chunk of its tables in catalog order, and the chunks it
 * exported while the global read lock was held (those of the non-transactional tables, which the consistent-snapshot
 * transactions do not cover).
 */
record ExportPlan(SourceCatalog catalog, List<ExportTask> tasks, Set<ExportTask> exportedUnderLock) {
    ExportPlan {
        tasks = List.copyOf(tasks);
        exportedUnderLock = Collections.unmodifiableSet(new LinkedHashSet<>(exportedUnderLock));
        if (!new HashSet<>(tasks).containsAll(exportedUnderLock)) {
            throw new IllegalArgumentException("a chunk exported under the lock is not in the plan");
        }
    }

    /** A plan of which nothing was exported under the lock. */
    static ExportPlan of(SourceCatalog catalog, List<ExportTask> tasks) {
        return new ExportPlan(catalog, tasks, Set.of());
    }

    /** The chunks left for the workers' transactions after the lock is released, in plan order. */
    List<ExportTask> remaining() {
        return tasks.stream().filter(t -> !exportedUnderLock.contains(t)).toList();
    }

    /** The chunks of one table of the catalog, in plan order. */
    List<ExportTask> of(SourceCatalog.Table table) {
        return tasks.stream().filter(t -> t.table() == table).toList();
    }
}
