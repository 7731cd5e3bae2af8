package io.binlogpitr.agent.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one table as canonical strings: keyed by primary key, or a multiset of whole rows for a
 * table without one. Records anomalies (a DELETE of a row that is not there, a before-image that differs
 * from the row held) instead of throwing, so that one run reports all of them.
 */
final class TableImage {

    /** A row and how many identical copies there are (always 1 with a primary key). */
    static final class Entry {
        final String[] row;
        int count;

        Entry(String[] row) {
            this.row = row;
        }
    }

    private final String name;
    private final List<LiveColumn> columns;
    private final int[] keyColumns;
    private final Map<String, Entry> rows = new LinkedHashMap<>();
    private final List<String> anomalies;

    TableImage(String name, List<LiveColumn> columns, List<String> anomalies) {
        this.name = name;
        this.columns = columns;
        this.keyColumns = java.util.stream.IntStream.range(0, columns.size())
                .filter(i -> columns.get(i).primaryKey())
                .toArray();
        this.anomalies = anomalies;
    }

    boolean hasPrimaryKey() {
        return keyColumns.length > 0;
    }

    Map<String, Entry> rows() {
        return rows;
    }

    List<LiveColumn> columns() {
        return columns;
    }

    String name() {
        return name;
    }

    String key(String[] row) {
        StringBuilder sb = new StringBuilder();
        if (hasPrimaryKey()) {
            for (int i : keyColumns) {
                sb.append(sb.length() > 0 ? ", " : "")
                        .append(columns.get(i).name())
                        .append('=')
                        .append(row[i]);
            }
        } else {
            sb.append(String.join("|", row));
        }
        return sb.toString();
    }

    void insert(String[] row, String context) {
        Entry e = rows.computeIfAbsent(key(row), k -> new Entry(row));
        if (hasPrimaryKey() && e.count > 0) {
            anomalies.add(name + ": " + context + " inserts (" + key(row) + ") which is already there");
        }
        e.count++;
    }

    void delete(String[] before, String context) {
        String key = key(before);
        Entry e = rows.get(key);
        if (e == null) {
            anomalies.add(name + ": " + context + " removes (" + abbreviate(key) + ") which is not there");
            return;
        }
        List<String> differences = differences(e.row, before);
        if (!differences.isEmpty()) {
            anomalies.add(
                    name + ": " + context + " before-image of (" + key + ") differs from the row held: " + differences);
        }
        if (--e.count == 0) {
            rows.remove(key);
        }
    }

    /** Column-by-column differences, as {@code column: expected <> actual}. */
    List<String> differences(String[] expected, String[] actual) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (!expected[i].equals(actual[i])) {
                out.add(columns.get(i).name() + ": " + abbreviate(expected[i]) + " <> " + abbreviate(actual[i]));
            }
        }
        return out;
    }

    static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "...(" + s.length() + " chars)" : s;
    }
}
