package io.binlogpitr.agent.stream;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Rebuilds tables in memory from decoded {@link RowChange}s, starting empty, and compares them with
 * the live tables: every column of every row, in a canonical text form computed from the binlog value
 * on one side and by SQL on the other ({@link CanonicalValues}). Tables without a primary key are
 * compared as multisets. Changes to tables it was not given are ignored.
 */
public final class TableStateRebuilder {

    private static final int MAX_REPORTED = 40;

    private final String database;
    private final Map<String, TableImage> tables = new LinkedHashMap<>();
    private final List<String> anomalies = new ArrayList<>();
    private long applied;

    private TableStateRebuilder(String database) {
        this.database = database;
    }

    /** Starts from empty images of the tables, with their columns read from INFORMATION_SCHEMA. */
    public static TableStateRebuilder forTables(Connection c, String database, Collection<String> tableNames)
            throws SQLException {
        TableStateRebuilder r = new TableStateRebuilder(database);
        for (String t : tableNames) {
            r.tables.put(t, new TableImage(database + "." + t, LiveColumn.of(c, database, t), r.anomalies));
        }
        return r;
    }

    public void applyAll(Iterable<RowChange> changes) {
        for (RowChange change : changes) {
            apply(change);
        }
    }

    public void apply(RowChange change) {
        TableImage image = change.database().equals(database) ? tables.get(change.table()) : null;
        if (image == null) {
            return;
        }
        applied++;
        String context = change.kind() + " #" + applied;
        switch (change.kind()) {
            case INSERT -> image.insert(canonical(image, change.after()), context);
            case DELETE -> image.delete(canonical(image, change.before()), context);
            case UPDATE -> {
                image.delete(canonical(image, change.before()), context);
                image.insert(canonical(image, change.after()), context);
            }
        }
    }

    /** How many row changes were applied to the tracked tables. */
    public long appliedChanges() {
        return applied;
    }

    /** Rows (counting duplicates) in the image of a table. */
    public long rowCount(String table) {
        return tables.get(table).rows().values().stream()
                .mapToLong(e -> e.count)
                .sum();
    }

    /** Every difference between the images and the live tables, plus the anomalies seen while applying. */
    public List<String> diff(Connection c) throws SQLException {
        List<String> out = new ArrayList<>(anomalies);
        for (TableImage image : tables.values()) {
            TableImage live = readLive(c, image);
            compare(image, live, out);
        }
        return out;
    }

    /** Throws an AssertionError listing the first differences if the images differ from the live tables. */
    public void assertMatchesLive(Connection c) throws SQLException {
        List<String> diff = diff(c);
        if (!diff.isEmpty()) {
            String shown = diff.stream().limit(MAX_REPORTED).collect(Collectors.joining("\n  "));
            throw new AssertionError("rebuilt tables differ from the live ones in " + diff.size() + " places"
                    + " (binlog image <> live):\n  " + shown + (diff.size() > MAX_REPORTED ? "\n  ..." : ""));
        }
    }

    private static String[] canonical(TableImage image, Serializable[] values) {
        List<LiveColumn> cols = image.columns();
        if (values.length != cols.size()) {
            throw new IllegalStateException(image.name() + ": row image has " + values.length
                    + " columns, the live table " + cols.size() + "; schema changed?");
        }
        String[] row = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            row[i] = CanonicalValues.fromBinlog(cols.get(i), values[i]);
        }
        return row;
    }

    private TableImage readLive(Connection c, TableImage image) throws SQLException {
        List<LiveColumn> cols = image.columns();
        TableImage live = new TableImage(image.name(), cols, new ArrayList<>());
        String select = cols.stream().map(CanonicalValues::sqlExpression).collect(Collectors.joining(", "));
        String table = image.name().substring(database.length() + 1);
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + select + " FROM `" + database + "`.`" + table + "`")) {
            while (rs.next()) {
                String[] row = new String[cols.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = CanonicalValues.fromSql(cols.get(i), rs.getString(i + 1));
                }
                live.insert(row, "live row");
            }
        }
        return live;
    }

    private static void compare(TableImage image, TableImage live, List<String> out) {
        Map<String, TableImage.Entry> mine = image.rows();
        Map<String, TableImage.Entry> theirs = live.rows();
        for (var e : mine.entrySet()) {
            TableImage.Entry other = theirs.get(e.getKey());
            if (other == null) {
                out.add(image.name() + ": row (" + TableImage.abbreviate(e.getKey()) + ") only in the binlog image"
                        + closest(image, e.getValue(), theirs));
            } else if (other.count != e.getValue().count) {
                out.add(image.name() + ": row (" + TableImage.abbreviate(e.getKey()) + ") " + e.getValue().count
                        + " times in the binlog image, " + other.count + " times live");
            } else if (image.hasPrimaryKey()) {
                for (String d : image.differences(e.getValue().row, other.row)) {
                    out.add(image.name() + ": row (" + e.getKey() + ") column " + d);
                }
            }
        }
        for (var e : theirs.entrySet()) {
            if (!mine.containsKey(e.getKey())) {
                out.add(image.name() + ": row (" + TableImage.abbreviate(e.getKey()) + ") only in the live table");
            }
        }
    }

    /** For a table without a primary key: the columns in which the most similar live row differs. */
    private static String closest(TableImage image, TableImage.Entry entry, Map<String, TableImage.Entry> live) {
        if (image.hasPrimaryKey()) {
            return "";
        }
        List<String> best = null;
        for (TableImage.Entry candidate : live.values()) {
            List<String> d = image.differences(entry.row, candidate.row);
            if (best == null || d.size() < best.size()) {
                best = d;
            }
        }
        return best == null ? "" : "; closest live row differs in " + best;
    }
}
