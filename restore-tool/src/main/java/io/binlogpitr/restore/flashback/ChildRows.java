package io.binlogpitr.restore.flashback;

import io.binlogpitr.common.binlog.BinlogColumn;
import io.binlogpitr.common.binlog.ColumnTypes;
import io.binlogpitr.common.binlog.EnumSetText;
import io.binlogpitr.common.binlog.TableDefinition;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.snapshot.ChunkReader;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import io.binlogpitr.common.sql.JsonDocument;
import io.binlogpitr.common.sql.SqlColumn;
import io.binlogpitr.common.sql.SqlLiteral;
import io.binlogpitr.common.sql.ValueKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of one child table as they were at a point of the journal, rebuilt in memory: loaded from a snapshot
 * and kept up to date with the journaled row changes (and the cascades a rebuild simulates). Rows are laid out as
 * the snapshot's chunks hold them: the stored (non-generated) columns, by name. An ENUM or SET value is its member
 * text there; a journal of a {@code binlog_row_metadata=MINIMAL} source carries it as its number (ENUM index, SET
 * bitmask), which is given back as that text from the members of the snapshot's {@code SHOW CREATE TABLE} (no DDL
 * touched the table since: {@link CascadeRebuilder} refuses that).
 */
final class ChildRows {
    private final String name;
    private final TableDefinition layout;
    private final Map<String, Integer> index = new HashMap<>();
    private final int[] key;
    /** Rows by key (rendered key values, or the whole row for a table without a primary key). */
    private final Map<String, List<Object[]>> rows = new LinkedHashMap<>();

    /** The snapshot's ENUM and SET columns by lower-case name (empty for a table laid out as the journal's). */
    private final Map<String, SnapshotSchema.Members> members;

    private final Map<TableDefinition, Mapping> mappings = new IdentityHashMap<>();
    /** Per foreign key's columns ({@code "1,3"}): rows by their rendered values in those columns, built when asked. */
    private final Map<String, Map<String, List<Object[]>>> indexes = new HashMap<>();

    /**
     * Where each column of the layout comes from in a journal definition, and for an ENUM/SET the journal carries as
     * its number, the members that give its text (else null).
     */
    private record Mapping(int[] from, SnapshotSchema.Members[] numbered) {}

    private ChildRows(
            String name,
            List<SqlColumn> columns,
            List<String> primaryKey,
            Map<String, SnapshotSchema.Members> members) {
        this.name = name;
        this.members = members;
        List<BinlogColumn> cols = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            SqlColumn c = columns.get(i);
            cols.add(new BinlogColumn(i, 0, 0, true, c.name(), false, c.charset(), List.of(), c.kind()));
            index.put(c.name().toLowerCase(Locale.ROOT), i);
        }
        List<Integer> pk = new ArrayList<>();
        for (String k : primaryKey) {
            Integer at = index.get(k.toLowerCase(Locale.ROOT));
            if (at == null) {
                pk.clear();
                break;
            }
            pk.add(at);
        }
        this.key = pk.stream().mapToInt(Integer::intValue).toArray();
        int dot = name.indexOf('.');
        this.layout = new TableDefinition(0, name.substring(0, dot), name.substring(dot + 1), cols, pk, true);
    }

    /** The table's rows as snapshot {@code snapshotDir} holds them (null columns: the table is empty). */
    static ChildRows load(String name, Path snapshotDir, SnapshotManifest.Table table) {
        ChildRows out = null;
        for (SnapshotManifest.Chunk chunk : table.chunks()) {
            try (ChunkReader r = ChunkReader.open(snapshotDir.resolve(chunk.file()))) {
                if (out == null) {
                    out = new ChildRows(
                            name,
                            r.header().columns(),
                            table.primaryKey(),
                            SnapshotSchema.enumSetMembers(table.create()));
                }
                byte[][] raw;
                while ((raw = r.next()) != null) {
                    out.add(out.decode(raw, r));
                }
            } catch (IOException e) {
                throw new PitrException(
                        ErrorCode.SNAPSHOT_CORRUPT,
                        "cannot read " + chunk.file() + " of " + name + ": " + e.getMessage(),
                        "run 'pitr-restore verify --repo DIR'");
            }
        }
        return out;
    }

    /** An empty table laid out as the journal's definition, generated columns left out. */
    static ChildRows empty(String name, TableDefinition journal, java.util.Set<String> generated) {
        List<SqlColumn> cols = new ArrayList<>();
        List<String> pk = new ArrayList<>();
        for (BinlogColumn c : journal.columns()) {
            if (!generated.contains(c.name().toLowerCase(Locale.ROOT))) {
                cols.add(c.sqlColumn());
            }
        }
        for (int k : journal.primaryKey()) {
            pk.add(journal.columns().get(k).name());
        }
        return new ChildRows(name, cols, pk, Map.of());
    }

    String name() {
        return name;
    }

    TableDefinition layout() {
        return layout;
    }

    /** The column's position in the layout, or -1. */
    int column(String column) {
        return index.getOrDefault(column.toLowerCase(Locale.ROOT), -1);
    }

    String rendered(Object[] row, int column) {
        return SqlLiteral.render(layout.columns().get(column).sqlColumn(), row[column]);
    }

    void add(Object[] row) {
        rows.computeIfAbsent(keyOf(row), k -> new ArrayList<>(1)).add(row);
        for (Map.Entry<String, Map<String, List<Object[]>>> e : indexes.entrySet()) {
            e.getValue()
                    .computeIfAbsent(values(row, columns(e.getKey())), k -> new ArrayList<>(1))
                    .add(row);
        }
    }

    /** The rows whose {@code columns} render as {@code values} (a copy). */
    List<Object[]> matching(int[] columns, List<String> values) {
        String name = java.util.Arrays.toString(columns).replaceAll("[\\[\\] ]", "");
        Map<String, List<Object[]>> index = indexes.get(name);
        if (index == null) {
            index = new HashMap<>();
            for (List<Object[]> l : rows.values()) {
                for (Object[] row : l) {
                    index.computeIfAbsent(values(row, columns), k -> new ArrayList<>(1))
                            .add(row);
                }
            }
            indexes.put(name, index);
        }
        return List.copyOf(index.getOrDefault(String.join("\0", values) + "\0", List.of()));
    }

    private static int[] columns(String name) {
        return java.util.Arrays.stream(name.split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
    }

    private String values(Object[] row, int[] columns) {
        StringBuilder sb = new StringBuilder();
        for (int c : columns) {
            sb.append(rendered(row, c)).append('\0');
        }
        return sb.toString();
    }

    void remove(Object[] row) {
        String k = keyOf(row);
        List<Object[]> held = rows.get(k);
        if (held == null || held.isEmpty()) {
            throw new PitrException(
                    ErrorCode.FLASHBACK_REFUSED,
                    "cannot rebuild the rows of " + name + " that foreign keys cascaded to: the journal changes a row"
                            + " (" + k.replace('\0', ',') + ") the rebuilt table does not hold; nothing was changed",
                    "the snapshot and the journal disagree about " + name + "; restore the rows with 'pitr-restore"
                            + " restore --before-gtid ... --rename-db' and copy them by hand");
        }
        Object[] removed = held.remove(0);
        if (held.isEmpty()) {
            rows.remove(k);
        }
        for (Map.Entry<String, Map<String, List<Object[]>>> e : indexes.entrySet()) {
            String v = values(removed, columns(e.getKey()));
            List<Object[]> l = e.getValue().get(v);
            l.removeIf(r -> r == removed);
            if (l.isEmpty()) {
                e.getValue().remove(v);
            }
        }
    }

    /** A journaled row of definition {@code journal} in this layout, by column name. */
    Object[] fromJournal(TableDefinition journal, Object[] row) {
        Mapping m = mappings.computeIfAbsent(journal, this::mapping);
        Object[] out = new Object[m.from().length];
        for (int i = 0; i < out.length; i++) {
            Object v = row[m.from()[i]];
            SnapshotSchema.Members numbered = m.numbered()[i];
            out[i] = numbered == null || v == null ? v : text(i, numbered, v);
        }
        return out;
    }

    /** The member text of an ENUM index or SET bitmask, in the column's character set as the snapshot holds it. */
    private byte[] text(int column, SnapshotSchema.Members numbered, Object value) {
        String charset = layout.columns().get(column).charset();
        long n = ((Number) value).longValue();
        try {
            return numbered.set()
                    ? EnumSetText.setValue(numbered.members(), charset, n)
                    : EnumSetText.enumValue(numbered.members(), charset, n);
        } catch (IllegalArgumentException e) {
            throw refused("column " + layout.columns().get(column).name() + ": " + e.getMessage()
                    + " in the snapshot's SHOW CREATE TABLE");
        }
    }

    private Mapping mapping(TableDefinition journal) {
        int[] from = new int[layout.columns().size()];
        SnapshotSchema.Members[] numbered = new SnapshotSchema.Members[from.length];
        for (int i = 0; i < from.length; i++) {
            BinlogColumn mine = layout.columns().get(i);
            from[i] = -1;
            for (BinlogColumn c : journal.columns()) {
                if (!c.name().equalsIgnoreCase(mine.name())) {
                    continue;
                }
                if (c.kind() == mine.kind()) {
                    from[i] = c.index();
                    numbered[i] = null;
                } else if (isNumbered(c) && mine.kind() == ValueKind.TEXT) {
                    SnapshotSchema.Members m = members.get(mine.name().toLowerCase(Locale.ROOT));
                    if (m == null || m.set() != (c.type() == ColumnTypes.SET)) {
                        continue; // not an ENUM/SET (of that kind) in the snapshot: altered since
                    }
                    if (m.members() == null) {
                        throw refused("the members of its " + (m.set() ? "SET" : "ENUM") + " column " + mine.name()
                                + " in the snapshot's SHOW CREATE TABLE cannot be read (" + m.unreadable()
                                + "), and the journal (binlog_row_metadata=MINIMAL) gives its values as numbers");
                    }
                    from[i] = c.index();
                    numbered[i] = m;
                }
            }
            if (from[i] < 0) {
                throw refused("column " + mine.name() + " of the snapshot is not in the journal's changes of the table"
                        + " with the same type (altered since)");
            }
        }
        return new Mapping(from, numbered);
    }

    /** An ENUM/SET column whose values the journal carries as numbers (MINIMAL metadata: no member list). */
    private static boolean isNumbered(BinlogColumn c) {
        return (c.type() == ColumnTypes.ENUM || c.type() == ColumnTypes.SET) && c.kind() == ValueKind.INTEGER;
    }

    private PitrException refused(String why) {
        return new PitrException(
                ErrorCode.FLASHBACK_REFUSED,
                "cannot rebuild the rows of " + name + " that foreign keys cascaded to: " + why + "; nothing was"
                        + " changed",
                "restore the rows with 'pitr-restore restore --before-gtid ... --rename-db' and copy them by hand");
    }

    private String keyOf(Object[] row) {
        StringBuilder sb = new StringBuilder();
        if (key.length == 0) {
            for (int i = 0; i < row.length; i++) {
                sb.append(rendered(row, i)).append('\0');
            }
        } else {
            for (int k : key) {
                sb.append(rendered(row, k)).append('\0');
            }
        }
        return sb.toString();
    }

    /** A chunk row as the journal's rows come: JSON with the typed scalars its text does not carry (format 2). */
    private Object[] decode(byte[][] raw, ChunkReader reader) {
        Object[] out = new Object[raw.length];
        for (int i = 0; i < raw.length; i++) {
            byte[] v = raw[i];
            if (v == null) {
                continue;
            }
            out[i] = switch (layout.columns().get(i).kind()) {
                case INTEGER, YEAR, DECIMAL, TEMPORAL -> new String(v, StandardCharsets.US_ASCII);
                case FLOAT -> ByteBuffer.wrap(v).getFloat();
                case DOUBLE -> ByteBuffer.wrap(v).getDouble();
                case JSON -> reader.typed(i).isEmpty() ? v : new JsonDocument(v, reader.typed(i));
                default -> v;
            };
        }
        return out;
    }
}
