package io.binlogpitr.common.schema;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema history at one point of the journal: every table it knows, or knows to be unknowable, and why a
 * table it has never heard of is unknown there ({@code fallback}). Immutable: a DDL or a baseline gives a new view,
 * so a reader can keep the view of each transaction it may decode later. Table and database names are compared
 * exactly (lower_case_table_names=0), column names without case.
 */
public final class SchemaView {
    /** Why a table is unknown when no baseline was recorded before it. */
    public static final String NO_BASELINE = "no schema baseline precedes it (the agent records one each time it"
            + " starts; snapshots count too) and no CREATE TABLE for it is in the journal";

    /** Why a table is unknown that a complete view does not hold. */
    static final String ABSENT = "the schema history holds no table of that name there";

    private final Map<String, TableState> tables;
    private final String fallback;

    private SchemaView(Map<String, TableState> tables, String fallback) {
        this.tables = tables;
        this.fallback = fallback;
    }

    /** A view that knows nothing: every table is unknown for {@code reason}. */
    public static SchemaView empty(String reason) {
        return new SchemaView(Map.of(), reason);
    }

    /** The state of {@code database.table}. */
    public TableState table(String database, String table) {
        TableState s = tables.get(key(database, table));
        return s != null ? s : TableState.unknown(fallback == null ? ABSENT : fallback);
    }

    /** The reason a table this view has not heard of is unknown; null when the view is complete. */
    public String fallback() {
        return fallback;
    }

    /** A table the view holds a state for. */
    public record Entry(String database, String table, TableState state) {}

    /** Every table the view holds a state for, by database then table name. */
    public List<Entry> entries() {
        List<Entry> out = new java.util.ArrayList<>();
        for (Map.Entry<String, TableState> e : tables.entrySet()) {
            int cut = e.getKey().indexOf('\u0000');
            out.add(new Entry(e.getKey().substring(0, cut), e.getKey().substring(cut + 1), e.getValue()));
        }
        out.sort(java.util.Comparator.comparing(Entry::database).thenComparing(Entry::table));
        return out;
    }

    /** How many tables the view holds a state for. */
    public int size() {
        return tables.size();
    }

    /** An empty builder; {@code fallback} null for a complete view. */
    static Builder builder(String fallback) {
        return new Builder(new HashMap<>(), fallback);
    }

    /** A mutable copy, for one DDL or one baseline. */
    Builder edit() {
        return new Builder(new HashMap<>(tables), fallback);
    }

    static String key(String database, String table) {
        return database + "\u0000" + table;
    }

    /** Changes on a copy; {@link #build()} gives the new view. */
    static final class Builder {
        private final Map<String, TableState> tables;
        private String fallback;

        private Builder(Map<String, TableState> tables, String fallback) {
            this.tables = tables;
            this.fallback = fallback;
        }

        TableState get(String database, String table) {
            TableState s = tables.get(key(database, table));
            return s != null ? s : TableState.unknown(fallback == null ? ABSENT : fallback);
        }

        boolean holds(String database, String table) {
            return tables.containsKey(key(database, table));
        }

        String fallback() {
            return fallback;
        }

        void put(String database, String table, TableState state) {
            tables.put(key(database, table), state);
        }

        void remove(String database, String table) {
            tables.remove(key(database, table));
        }

        /** Forgets every table of {@code database} (DROP DATABASE, or before a baseline of it). */
        void removeDatabase(String database) {
            String prefix = database + "\u0000";
            tables.keySet().removeIf(k -> k.startsWith(prefix));
        }

        /** Everything becomes unknown for {@code reason}: the history has a hole here. */
        void forgetAll(String reason) {
            tables.clear();
            fallback = reason;
        }

        void putAll(List<TableSchema> known) {
            for (TableSchema t : known) {
                put(t.database(), t.table(), TableState.known(t));
            }
        }

        void fallback(String reason) {
            fallback = reason;
        }

        SchemaView build() {
            return new SchemaView(Map.copyOf(tables), fallback);
        }
    }
}
