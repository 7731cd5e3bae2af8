package io.binlogpitr.common.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * {@code manifest.json}: everything a restore needs to know about one snapshot, written last so a snapshot
 * directory with a readable manifest is complete. Chunk paths are relative to the snapshot directory.
 *
 * @param format manifest format version ({@link #FORMAT})
 * @param id the snapshot id, also its directory name (UTC time it started, {@code 20261121T140317Z})
 * @param gtidSet exactly the transactions whose effects are in the data, as MySQL prints a GTID set
 * @param startedAt ISO-8601 instant the snapshot started
 * @param finishedAt ISO-8601 instant the manifest was written
 * @param filter which databases of the source it takes (null in manifests written before the agent recorded it)
 */
@JsonPropertyOrder({
    "format",
    "id",
    "source",
    "gtidSet",
    "startedAt",
    "finishedAt",
    "consistency",
    "compression",
    "threads",
    "totals",
    "filter",
    "databases"
})
public record SnapshotManifest(
        int format,
        String id,
        Source source,
        String gtidSet,
        String startedAt,
        String finishedAt,
        Consistency consistency,
        String compression,
        int threads,
        Totals totals,
        List<Database> databases,
        @JsonInclude(JsonInclude.Include.NON_NULL) Filter filter) {

    public static final int FORMAT = 1;
    public static final String FILE_NAME = "manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public SnapshotManifest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(gtidSet, "gtidSet");
        databases = List.copyOf(databases);
    }

    /** A manifest that does not record its filter (as older agents wrote them). */
    public SnapshotManifest(
            int format,
            String id,
            Source source,
            String gtidSet,
            String startedAt,
            String finishedAt,
            Consistency consistency,
            String compression,
            int threads,
            Totals totals,
            List<Database> databases) {
        this(
                format,
                id,
                source,
                gtidSet,
                startedAt,
                finishedAt,
                consistency,
                compression,
                threads,
                totals,
                databases,
                null);
    }

    /**
     * Which databases and tables of the source the snapshot takes: the agent's {@code snapshots: include} and {@code
     * exclude} patterns. With {@code everyDatabase}, a database the snapshot does not hold did not exist on the source
     * at its point (the system schemas aside, which no snapshot takes); without, it may have been left out.
     *
     * @param everyDatabase whether every database of the source but the system schemas was taken (no include list,
     *     no database-level exclusion); some of their tables may still be left out by a {@code db.table} exclusion
     */
    public record Filter(boolean everyDatabase, List<String> include, List<String> exclude) {
        /** The schemas no snapshot takes: the target's own are what a restored server needs. */
        public static final java.util.Set<String> SYSTEM_SCHEMAS =
                java.util.Set.of("mysql", "sys", "information_schema", "performance_schema");

        public Filter {
            include = List.copyOf(include);
            exclude = List.copyOf(exclude);
        }

        /** Whether the snapshot would have taken database {@code db} had it existed at its point. */
        public boolean coversDatabase(String db) {
            return everyDatabase && !SYSTEM_SCHEMAS.contains(db.toLowerCase(java.util.Locale.ROOT));
        }

        /** {@code include: [...], exclude: [...]}, for messages. */
        public String describe() {
            return "include: " + (include.isEmpty() ? "every database" : String.join(", ", include)) + "; exclude: "
                    + (exclude.isEmpty() ? "nothing" : String.join(", ", exclude));
        }
    }

    /** The server the snapshot was taken from. */
    public record Source(String uuid, String version, String address) {}

    /**
     * How the GTID set was tied to the data.
     *
     * @param method {@code FLUSH TABLES WITH READ LOCK}
     * @param ddlLock true when {@code LOCK INSTANCE FOR BACKUP} kept DDL out for the whole snapshot
     * @param lockWaitMillis how long acquiring the global read lock waited (for running statements)
     * @param writesBlockedMillis how long writes were blocked: from asking for the lock to releasing it
     */
    public record Consistency(String method, boolean ddlLock, long lockWaitMillis, long writesBlockedMillis) {}

    public record Totals(int tables, long rows, long bytes, long uncompressedBytes) {}

    /** A database with its DDL and its objects. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Database(
            String name,
            String create,
            List<Table> tables,
            List<DdlObject> views,
            List<DdlObject> triggers,
            List<DdlObject> routines,
            List<DdlObject> events) {
        public Database {
            tables = List.copyOf(tables);
            views = List.copyOf(views);
            triggers = List.copyOf(triggers);
            routines = List.copyOf(routines);
            events = List.copyOf(events);
        }

        /**
         * The table a trigger of this database is on, as its {@code SHOW CREATE TRIGGER} names it (the table the
         * loader restores it with); empty when the statement does not show it.
         */
        public String triggerTable(DdlObject trigger) {
            return SnapshotDdl.triggerTable(trigger.create());
        }
    }

    /**
     * A base table: its {@code SHOW CREATE TABLE}, the primary key its chunks are split on (empty if none),
     * its row count and its chunks in key order.
     */
    public record Table(String name, String create, List<String> primaryKey, long rows, List<Chunk> chunks) {
        public Table {
            primaryKey = List.copyOf(primaryKey);
            chunks = List.copyOf(chunks);
        }
    }

    /**
     * One chunk file.
     *
     * @param file path relative to the snapshot directory
     * @param crc32c CRC32C of the uncompressed content, eight hex digits
     */
    public record Chunk(String file, long rows, long bytes, long uncompressedBytes, String crc32c) {
        public static Chunk of(String file, ChunkInfo info) {
            return new Chunk(file, info.rows(), info.bytes(), info.uncompressedBytes(), info.crc32cHex());
        }

        /** The CRC32C as a number, as {@link ChunkLoader#load} takes it. */
        public long crc32cValue() {
            return Long.parseLong(crc32c, 16);
        }
    }

    /**
     * A view, trigger, routine or event and the statement that creates it.
     *
     * @param type for routines {@code PROCEDURE} or {@code FUNCTION}; otherwise VIEW, TRIGGER or EVENT
     * @param create the {@code SHOW CREATE ...} statement
     * @param sqlMode the sql_mode it was created with, to set before running {@code create} (null for views)
     * @param characterSet the client character set it was created with
     * @param collation the connection collation it was created with
     * @param timeZone for events, the time zone their schedule is read in (null otherwise)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DdlObject(
            String type,
            String name,
            String create,
            String sqlMode,
            String characterSet,
            String collation,
            String timeZone) {
        public DdlObject(
                String type, String name, String create, String sqlMode, String characterSet, String collation) {
            this(type, name, create, sqlMode, characterSet, collation, null);
        }
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize manifest " + id, e);
        }
    }

    public static SnapshotManifest fromJson(byte[] json) throws IOException {
        return JSON.readValue(json, SnapshotManifest.class);
    }
}
