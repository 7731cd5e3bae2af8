package io.binlogpitr.common.schema;

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
 */
@JsonPropertyOrder({"id", "source", "gtidSet", "takenAt", "complete", "databases"})
public record SchemaBaseline(
        String id, String source, String gtidSet, String takenAt, boolean complete, List<Database> databases) {

    public SchemaBaseline {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(gtidSet, "gtidSet");
        databases = List.copyOf(databases);
    }

    /** A database and its base tables. */
    public record Database(String name, List<Table> tables) {
        public Database {
            tables = List.copyOf(tables);
        }
    }

    /** A base table and its {@code SHOW CREATE TABLE}. */
    public record Table(String name, String create) {}

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
