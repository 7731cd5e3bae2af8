package io.binlogpitr.agent.snapshot;

import io.binlogpitr.common.snapshot.KeyRange;

/**
 * One chunk to export: a key range of a table into a file relative to the snapshot directory; {@code weight} (the
 * table's bytes per chunk) orders the work, heaviest first.
 */
record ExportTask(SourceCatalog.Table table, KeyRange range, String file, long weight) {}
