package io.binlogpitr.restore.changes;

import io.binlogpitr.common.binlog.QueryEvent;
import io.binlogpitr.common.ddl.DdlObjects;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalEntry;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.schema.SchemaTracker;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@link TriggerTables} along the journal, as {@link SchemaTracker} follows the tables: it starts knowing no trigger,
 * takes each readable snapshot's triggers at the first transaction the snapshot's GTID set does not hold (the snapshot
 * reflects every transaction it holds), and follows each CREATE/DROP TRIGGER journaled after it. Walk every entry in
 * journal order through {@link #enter}, selected or not. One thread.
 */
final class TriggerHistory {
    /** Only a statement with the word can create or drop a trigger: the others are not parsed. */
    private static final Pattern TRIGGER = Pattern.compile("(?i)\\btrigger\\b");

    private record Loaded(SnapshotManifest manifest, GtidSet gtids) {}

    private final List<Loaded> snapshots;
    private int next;
    private GtidSet applied = GtidSet.parse("");
    private TriggerTables now = TriggerTables.NONE;

    private TriggerHistory(List<Loaded> snapshots) {
        this.snapshots = snapshots;
    }

    static TriggerHistory of(RepositoryLayout repo) {
        List<Loaded> list = new ArrayList<>();
        try {
            for (SnapshotManifest m : SnapshotCatalog.manifests(repo)) {
                list.add(new Loaded(m, GtidSet.parse(m.gtidSet())));
            }
        } catch (IOException e) {
            throw new PitrException(
                    ErrorCode.IO,
                    "cannot read the snapshot manifests of " + repo.root() + ": " + e.getMessage(),
                    "check the permissions of " + repo.snapshots(),
                    e);
        }
        // each snapshot's set is a prefix of the source's history: by size is by time
        list.sort(Comparator.comparingLong((Loaded l) -> l.gtids().size()));
        return new TriggerHistory(list);
    }

    /**
     * The triggers in force before {@code entry} (which {@code schema} entered last), after which the history
     * follows the entry's trigger statements, so the next call sees them.
     */
    TriggerTables enter(JournalEntry entry, SchemaTracker schema) {
        Gtid gtid = entry.header().gtid();
        while (next < snapshots.size() && !snapshots.get(next).gtids().contains(gtid)) {
            Loaded s = snapshots.get(next++);
            now = now.withSnapshot(s.manifest());
            applied = s.gtids();
        }
        TriggerTables before = now;
        if (!applied.contains(gtid)) {
            for (QueryEvent q : schema.statementsOfLastEntry()) {
                now = after(now, q);
            }
        }
        return before;
    }

    /** The triggers after one statement of a transaction. */
    static TriggerTables after(TriggerTables triggers, QueryEvent q) {
        String sql;
        try {
            sql = q.sql();
        } catch (RuntimeException e) {
            // as the schema history forgets every table: no trigger is known from there until the next snapshot
            return TriggerTables.NONE;
        }
        if (!TRIGGER.matcher(sql).find()) {
            return triggers;
        }
        Long mode = q.state().sqlMode();
        return triggers.after(
                DdlObjects.resolve(sql, q.database() == null ? "" : q.database(), mode == null ? 0 : mode));
    }
}
