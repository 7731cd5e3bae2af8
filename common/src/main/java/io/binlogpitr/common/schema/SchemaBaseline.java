package io.binlogpitr.common.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The definition of every table at one point of the source's history: the {@code SHOW CREATE TABLE} of each, read
 * while no DDL could run, and exactly the GTID set the source had executed then. The agent records one each time
 * it starts ({@code complete}: every table of every non-system database); each snapshot is one too, for the
 * databases it holds. The journal's DDL evolves it from there (see {@link SchemaTracker}).
 *
 * @param id unique and ordered by time ({@code 20261121T140317.123Z}, or {@code snapshot-<id>})
 * @param gtidSet exactly the transactions whose DDL the definitions reflect
 * @param takenAt ISO-8601 instant it was read
 * @param complete true when it holds every database of the source (a table it does not hold did not exist)
 * @param databases the databases it holds, each with its base tables
 * @param derived null for a baseline read from the source; for one retention derived before pruning the journal
 *     (the schema history as of the journal's new base), where it comes from
 */
@JsonPropertyOrder({"id", "source", "gtidSet", "takenAt", "complete", "derived", "databases"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SchemaBaseline(
        String id,
        String source,
        String gtidSet,
        String takenAt,
        boolean complete,
        Derivation derived,
        List<Database> databases) {

    public SchemaBaseline {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(gtidSet, "gtidSet");
        databases = List.copyOf(databases);
    }

    /** A baseline read from the source. */
    public SchemaBaseline(
            String id, String source, String gtidSet, String takenAt, boolean complete, List<Database> databases) {
        this(id, source, gtidSet, takenAt, complete, null, databases);
    }

    /**
     * How a derived baseline was made: the baselines a reader takes before the journal's new base (the newest
     * complete one, {@code from}, and any snapshot after it), evolved by every DDL the pruned journal held.
     *
     * @param from the id of the complete baseline it starts from, or null when none preceded the pruned journal
     * @param through the GTIDs of the pruned journal whose statements were replayed
     * @param otherTables why a table it does not list is unknown (the history had a hole, or no baseline preceded
     *     it); null when a table it does not list did not exist
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Derivation(String from, String through, String otherTables) {}

    /** A database and its base tables. */
    public record Database(String name, List<Table> tables) {
        public Database {
            tables = List.copyOf(tables);
        }
    }

    /**
     * A base table and its {@code SHOW CREATE TABLE}; in a derived baseline, what the history knows instead: its
     * columns and primary key, or why it is unknown.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Table(
            String name, String create, List<ColumnSchema> columns, List<String> primaryKey, String unknown) {
        public Table(String name, String create) {
            this(name, create, null, null, null);
        }
    }

    public GtidSet gtids() {
        return GtidSet.parse(gtidSet);
    }

    /** The baseline a snapshot gives: the databases it holds, as of its GTID set. */
    public static SchemaBaseline of(SnapshotManifest m) {
        List<Database> dbs = new ArrayList<>();
        for (SnapshotManifest.Database d : m.databases()) {
            List<Table> tables = new ArrayList<>();
            for (SnapshotManifest.Table t : d.tables()) {
                tables.add(new Table(t.name(), t.create()));
            }
            dbs.add(new Database(d.name(), tables));
        }
        return new SchemaBaseline(
                "snapshot-" + m.id(),
                m.source() == null ? null : m.source().uuid(),
                m.gtidSet(),
                m.startedAt(),
                false,
                dbs);
    }
}
