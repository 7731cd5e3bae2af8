package io.binlogpitr.common.snapshot;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.sql.JsonDocument;
import io.binlogpitr.common.sql.JsonScalars;
import io.binlogpitr.common.sql.SqlColumn;
import io.binlogpitr.common.sql.SqlLiteral;
import io.binlogpitr.common.sql.ValueKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The types of the JSON scalars of one chunk that a text round trip would change (docs/design/snapshot-format.md):
 * a first pass over the chunk's JSON columns finds, client-side, the paths of the scalars whose text may not say
 * their type ({@link JsonScalars}); the export then selects, per JSON column, {@code JSON_TYPE(JSON_EXTRACT(col,
 * path))} of each such path beside the row, inside the same consistent read, and keeps each scalar whose stored type
 * differs from the one its text gives as a typed scalar of the chunk. A chunk without such paths is exported as
 * before; one whose scalars no SQL expression can give back is refused.
 */
final class JsonTypeProbe {
    /** More distinct candidate paths than this in one JSON column of one chunk are refused. */
    static final int MAX_PATHS = 4096;

    private final TableSpec table;
    /** Per column index: the candidate paths, in the order of the probe's types. */
    private final Map<Integer, Map<String, Integer>> paths = new LinkedHashMap<>();

    JsonTypeProbe(TableSpec table) {
        this.table = table;
    }

    /** Adds the candidate paths of one value of column {@code column} seen by the first pass. */
    void see(int column, byte[] json) {
        if (json == null) {
            return;
        }
        Map<String, Integer> p = paths.computeIfAbsent(column, c -> new LinkedHashMap<>());
        for (JsonScalars.Candidate c : JsonScalars.find(json)) {
            if (p.putIfAbsent(c.path(), p.size()) == null && p.size() > MAX_PATHS) {
                SqlColumn col = table.columns().get(column);
                throw new PitrException(
                        ErrorCode.SNAPSHOT_FAILED,
                        "JSON column " + col.name() + " of " + table.schema() + "." + table.table() + " has more than "
                                + MAX_PATHS + " distinct paths holding numbers or date-like strings in one chunk;"
                                + " the snapshot cannot read their JSON types exactly",
                        "snapshots keep JSON exactly only up to that many such paths per column and chunk"
                                + " (docs/snapshots.md); lower snapshots.chunkMiB, or report the table's shape");
            }
        }
    }

    /** Whether any column has candidates, so the export needs the probe's expressions. */
    boolean needed() {
        return paths.values().stream().anyMatch(m -> !m.isEmpty());
    }

    /** The expressions to select after the row's columns, one per column with candidates, in column order. */
    List<String> expressions() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, Integer>> e : paths.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            String col = table.columns().get(e.getKey()).quotedName();
            StringBuilder sb = new StringBuilder("CONCAT_WS(','");
            for (String path : e.getValue().keySet()) {
                sb.append(", IFNULL(JSON_TYPE(JSON_EXTRACT(")
                        .append(col)
                        .append(", ")
                        .append(SqlLiteral.string(path))
                        .append(")), '-')");
            }
            out.add(sb.append(')').toString());
        }
        return out;
    }

    /** The columns the expressions are for, in the same order. */
    List<Integer> probedColumns() {
        return paths.entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * The typed scalars of {@code json} (a value of column {@code column}) given the probe's result for its row.
     *
     * @throws PitrException SNAPSHOT_FAILED if a scalar's type cannot be given back by a load
     */
    List<JsonDocument.Scalar> typed(int column, byte[] json, String probe) {
        if (json == null) {
            return List.of();
        }
        Map<String, Integer> index = paths.get(column);
        String[] types = probe == null ? new String[0] : probe.split(",", -1);
        List<JsonDocument.Scalar> out = new ArrayList<>();
        for (JsonScalars.Candidate c : JsonScalars.find(json)) {
            Integer at = index == null ? null : index.get(c.path());
            if (at == null || at >= types.length) {
                throw refused(column, c, "the first pass did not see this path (the rows changed between passes?)");
            }
            String type = types[at];
            if (type.equals(c.textType())) {
                continue;
            }
            JsonDocument.Scalar s = scalar(column, c, type);
            String unrenderable = SqlLiteral.unrenderable(s);
            if (unrenderable != null) {
                throw refused(column, c, unrenderable);
            }
            out.add(s);
        }
        return out;
    }

    private JsonDocument.Scalar scalar(int column, JsonScalars.Candidate c, String type) {
        JsonDocument.Type t =
                switch (type) {
                    case "DECIMAL" -> JsonDocument.Type.DECIMAL;
                    case "INTEGER" -> JsonDocument.Type.SIGNED;
                    case "UNSIGNED INTEGER" -> JsonDocument.Type.UNSIGNED;
                    case "DATE" -> JsonDocument.Type.DATE;
                    case "TIME" -> JsonDocument.Type.TIME;
                    case "DATETIME" -> JsonDocument.Type.DATETIME;
                    case "TIMESTAMP" -> JsonDocument.Type.TIMESTAMP;
                    case "BLOB", "BIT", "OPAQUE", "GEOMETRY" -> JsonDocument.Type.OPAQUE;
                    default -> throw refused(
                            column, c, "the server says " + type + " where the text reads " + c.textType());
                };
        boolean number = !c.textType().equals("STRING");
        boolean numeric =
                t == JsonDocument.Type.DECIMAL || t == JsonDocument.Type.SIGNED || t == JsonDocument.Type.UNSIGNED;
        if (number != numeric) {
            throw refused(column, c, "the server says " + type + " where the text reads " + c.textType());
        }
        return new JsonDocument.Scalar(c.path(), t, c.token());
    }

    private PitrException refused(int column, JsonScalars.Candidate c, String why) {
        SqlColumn col = table.columns().get(column);
        return new PitrException(
                ErrorCode.SNAPSHOT_FAILED,
                "cannot keep the JSON scalar at " + c.path() + " of column " + col.name() + " of " + table.schema()
                        + "." + table.table() + " exactly: " + why,
                "nothing of the snapshot was kept; docs/snapshots.md says which JSON values a snapshot keeps");
    }

    static boolean hasJson(TableSpec table) {
        return table.columns().stream().anyMatch(c -> c.kind() == ValueKind.JSON);
    }
}
