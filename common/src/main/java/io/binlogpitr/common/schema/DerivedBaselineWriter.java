package io.binlogpitr.common.schema;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalEntry;
import io.binlogpitr.common.journal.JournalReader;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before retention deletes the front of the journal, records the schema history as of the journal's new base: the
 * baselines a reader takes before it, evolved by every statement of the journal that goes, with the reader's own
 * {@link SchemaTracker}. The result is a complete baseline ({@link SchemaBaseline.Derivation} says from what) whose
 * set is the new base, so a reader of the kept journal starts from it instead of from an older baseline whose DDL
 * since is gone. A table the history could not follow is written as unknown with its reason, never guessed. See
 * "Retention" in docs/design/schema-history.md.
 */
public final class DerivedBaselineWriter {
    private static final Logger LOG = LoggerFactory.getLogger(DerivedBaselineWriter.class);
    private static final DateTimeFormatter ID =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private DerivedBaselineWriter() {}

    /** Every baseline a reader of {@code repo} replays: the agent's and each readable snapshot's. */
    public static List<SchemaBaseline> baselines(RepositoryLayout repo) {
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
        return baselines;
    }

    /**
     * The history as of {@code newBase}, replayed from the journal's current first record over every entry whose
     * GTID {@code newBase} holds.
     */
    public static SchemaBaseline derive(RepositoryLayout repo, GtidSet newBase, Instant now) {
        SchemaTracker tracker = new SchemaTracker(baselines(repo));
        GtidSet through = new GtidSet();
        String source = null;
        try (JournalReader reader = JournalReader.open(repo.journal())) {
            source = reader.sourceUuid().orElse(null);
            Optional<JournalEntry> e;
            while ((e = reader.next()).isPresent()) {
                if (!newBase.contains(e.get().header().gtid())) {
                    break;
                }
                tracker.enter(e.get());
                through.add(e.get().header().gtid());
            }
        }
        return fromView(
                ID.format(now),
                source,
                newBase,
                now,
                tracker.asOf(newBase),
                new SchemaBaseline.Derivation(tracker.lastCompleteBaseline(), through.toString(), null));
    }

    /**
     * {@code view} as a complete baseline as of {@code base}: a known table with its columns and primary key, an
     * unknown one with its reason, and the view's fallback (why a table it has not heard of is unknown) as the
     * derivation's {@code otherTables}. Taken by a reader, it gives back {@code view}.
     */
    static SchemaBaseline fromView(
            String id, String source, GtidSet base, Instant now, SchemaView view, SchemaBaseline.Derivation from) {
        Map<String, List<SchemaBaseline.Table>> byDb = new LinkedHashMap<>();
        for (SchemaView.Entry t : view.entries()) {
            TableState s = t.state();
            SchemaBaseline.Table table = s.schema() != null
                    ? new SchemaBaseline.Table(
                            t.table(), null, s.schema().columns(), s.schema().primaryKey(), null)
                    : new SchemaBaseline.Table(t.table(), null, null, null, s.unknownReason());
            byDb.computeIfAbsent(t.database(), k -> new ArrayList<>()).add(table);
        }
        List<SchemaBaseline.Database> dbs = new ArrayList<>();
        byDb.forEach((db, tables) -> dbs.add(new SchemaBaseline.Database(db, tables)));
        return new SchemaBaseline(
                id,
                source,
                base.toString(),
                now.toString(),
                true,
                new SchemaBaseline.Derivation(from.from(), from.through(), view.fallback()),
                dbs);
    }

    /** Derives the baseline as of {@code newBase} and writes it (atomically, checksummed); returns its file. */
    public static Path write(RepositoryLayout repo, GtidSet newBase) {
        SchemaBaseline b = derive(repo, newBase, Instant.now());
        try {
            Path file = SchemaBaselineStore.write(repo, b);
            LOG.info(
                    "schema baseline {} derived as of {} from baseline {} and the DDL of {} (journal retention"
                            + " prunes up to there): {} tables",
                    b.id(),
                    newBase.abbreviated(),
                    b.derived().from() == null ? "(none)" : b.derived().from(),
                    GtidSet.parse(b.derived().through()).abbreviated(),
                    b.databases().stream().mapToInt(d -> d.tables().size()).sum());
            return file;
        } catch (IOException e) {
            throw new PitrException(
                    ErrorCode.IO,
                    "cannot write the schema baseline derived as of " + newBase.abbreviated() + " under "
                            + SchemaBaselineStore.directory(repo) + ": " + e.getMessage(),
                    "check free space and permissions of the repository; the journal was not pruned",
                    e);
        }
    }
}
