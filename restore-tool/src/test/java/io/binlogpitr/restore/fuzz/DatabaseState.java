package io.binlogpitr.restore.fuzz;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything of one database that a restore must reproduce: for every base table its row count, {@code CHECKSUM
 * TABLE} and rows (sorted, for the first differing row), and {@code SHOW CREATE} of every table, view, trigger,
 * routine and event. Objects are keyed {@code kind name}, e.g. {@code table film} or {@code trigger ins_film}.
 */
record DatabaseState(
        String db, Map<String, String> definitions, Map<String, TableData> tables, Map<String, Long> autoIncrements) {

    private static final java.util.regex.Pattern AUTO_INCREMENT =
            java.util.regex.Pattern.compile(" AUTO_INCREMENT=(\\d+)");

    /** A base table's content. */
    record TableData(long rows, String checksum, List<String> sortedRows) {}

    /** The first difference found, in words a failure message can print. */
    record Difference(String object, String expected, String actual) {
        @Override
        public String toString() {
            return object + "\n  expected (replica): " + expected + "\n  actual   (ours):    " + actual;
        }
    }

    static Map<String, DatabaseState> captureAll(Connection c, List<String> dbs) throws SQLException {
        Map<String, DatabaseState> out = new TreeMap<>();
        for (String db : dbs) {
            out.put(db, capture(c, db));
        }
        return out;
    }

    /** The user databases of a server: every schema but the system ones and the restore's own state. */
    static List<String> userDatabases(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME"
                        + " NOT IN ('mysql','sys','information_schema','performance_schema','_pitr_restore')"
                        + " ORDER BY SCHEMA_NAME")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static DatabaseState capture(Connection c, String db) throws SQLException {
        Map<String, String> defs = new TreeMap<>();
        Map<String, TableData> tables = new TreeMap<>();
        Map<String, Long> autoIncrements = new TreeMap<>();
        String q = quote(db);
        defs.put("database", showCreate(c, "SHOW CREATE DATABASE " + q, 2));
        for (String[] t : rows(
                c,
                "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = " + literal(db))) {
            boolean view = t[1].equals("VIEW");
            String name = q + "." + quote(t[0]);
            defs.put(
                    (view ? "view " : "table ") + t[0],
                    showCreate(c, "SHOW CREATE " + (view ? "VIEW " : "TABLE ") + name, 2));
            if (!view) {
                tables.put(t[0], tableData(c, name));
            }
        }
        for (String[] t :
                rows(c, "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = " + literal(db))) {
            defs.put("trigger " + t[0], showCreate(c, "SHOW CREATE TRIGGER " + q + "." + quote(t[0]), 3));
        }
        for (String[] r : rows(
                c,
                "SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES" + " WHERE ROUTINE_SCHEMA = "
                        + literal(db))) {
            defs.put(
                    r[1].toLowerCase(java.util.Locale.ROOT) + " " + r[0],
                    showCreate(c, "SHOW CREATE " + r[1] + " " + q + "." + quote(r[0]), 3));
        }
        for (String[] e :
                rows(c, "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = " + literal(db))) {
            // a replica marks every replicated event DISABLE ON SLAVE, whatever its status on the source: the
            // status is left out here and compared with the source's own by eventStatuses
            String text = showCreate(c, "SHOW CREATE EVENT " + q + "." + quote(e[0]), 4);
            defs.put("event " + e[0], text.replaceFirst(" (DISABLE ON SLAVE|ENABLE|DISABLE) ", " <status> "));
        }
        // the counter is compared apart (see firstDifference): a source's may run ahead of its replica's
        defs.replaceAll((k, v) -> {
            java.util.regex.Matcher m = AUTO_INCREMENT.matcher(v);
            if (k.startsWith("table ") && m.find()) {
                // up to 2^64-1 (a BIGINT UNSIGNED counter): kept as an unsigned long
                autoIncrements.put(k, Long.parseUnsignedLong(m.group(1)));
                return m.replaceFirst("");
            }
            return v;
        });
        return new DatabaseState(db, defs, tables, autoIncrements);
    }

    /** This state with the data of {@code names} (tables of this database) as {@code other} has it. */
    DatabaseState withTablesOf(DatabaseState other, java.util.Set<String> names) {
        Map<String, TableData> t = new TreeMap<>(tables);
        for (String name : names) {
            t.put(name, other.tables().get(name));
        }
        return new DatabaseState(db, definitions, t, autoIncrements);
    }

    /** {@code information_schema.EVENTS.STATUS} of every event of {@code db}, by name. */
    static Map<String, String> eventStatuses(Connection c, String db) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        for (String[] e : rows(
                c, "SELECT EVENT_NAME, STATUS FROM information_schema.EVENTS WHERE EVENT_SCHEMA = " + literal(db))) {
            out.put(e[0], e[1]);
        }
        return out;
    }

    /**
     * The first difference between this state (the replica's) and {@code actual} (ours), where {@code actual} may
     * be a renamed copy: in definitions, {@code `db`.} becomes {@code `actualDb`.} and nothing else changes.
     */
    Optional<Difference> firstDifference(DatabaseState actual) {
        Map<String, String> expectedDefs = new TreeMap<>();
        definitions.forEach((k, v) -> expectedDefs.put(k, renamed(k, v, actual.db())));
        for (String key : union(expectedDefs.keySet(), actual.definitions().keySet())) {
            String e = expectedDefs.get(key);
            String a = actual.definitions().get(key);
            if (!java.util.Objects.equals(e, a)) {
                return Optional.of(new Difference(key, String.valueOf(e), String.valueOf(a)));
            }
        }
        for (Map.Entry<String, Long> e : autoIncrements.entrySet()) {
            long ours = actual.autoIncrements().getOrDefault(e.getKey(), 0L);
            if (Long.compareUnsigned(ours, e.getValue()) < 0) {
                return Optional.of(new Difference(
                        e.getKey() + " AUTO_INCREMENT counter (ours must not be below)",
                        Long.toUnsignedString(e.getValue()),
                        Long.toUnsignedString(ours)));
            }
        }
        for (String table : union(tables.keySet(), actual.tables().keySet())) {
            TableData e = tables.get(table);
            TableData a = actual.tables().get(table);
            if (e == null || a == null) {
                return Optional.of(new Difference("table " + table, String.valueOf(e), String.valueOf(a)));
            }
            if (e.rows() != a.rows() || !e.checksum().equals(a.checksum())) {
                return Optional.of(new Difference(
                        "table " + table + " rows/checksum, first differing row",
                        e.rows() + " rows, checksum " + e.checksum() + ", " + firstOnlyIn(e, a),
                        a.rows() + " rows, checksum " + a.checksum() + ", " + firstOnlyIn(a, e)));
            }
        }
        return Optional.empty();
    }

    private String renamed(String key, String definition, String actualDb) {
        if (actualDb.equals(db)) {
            return definition;
        }
        String out = definition.replace(quote(db) + ".", quote(actualDb) + ".");
        return key.equals("database") ? out.replace("DATABASE " + quote(db), "DATABASE " + quote(actualDb)) : out;
    }

    private static String firstOnlyIn(TableData a, TableData b) {
        List<String> other = b.sortedRows();
        for (int i = 0; i < a.sortedRows().size(); i++) {
            String row = a.sortedRows().get(i);
            if (i >= other.size() || !row.equals(other.get(i))) {
                return "first row not in the other: " + row;
            }
        }
        return a.sortedRows().size() < other.size() ? "a prefix of the other" : "same rows (checksum differs)";
    }

    private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }

    private static TableData tableData(Connection c, String name) throws SQLException {
        String checksum = rows(c, "CHECKSUM TABLE " + name).get(0)[1];
        List<String> sorted = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM " + name)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder("(");
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.append(i > 1 ? ", " : "").append(md.getColumnName(i)).append('=');
                    row.append(cell(rs, md, i));
                }
                sorted.add(row.append(')').toString());
            }
        }
        sorted.sort(null);
        return new TableData(sorted.size(), String.valueOf(checksum), sorted);
    }

    private static String cell(ResultSet rs, ResultSetMetaData md, int i) throws SQLException {
        int type = md.getColumnType(i);
        boolean binary = type == Types.BINARY
                || type == Types.VARBINARY
                || type == Types.LONGVARBINARY
                || type == Types.BLOB
                || md.getColumnTypeName(i).equals("GEOMETRY");
        if (binary) {
            byte[] bytes = rs.getBytes(i);
            return bytes == null ? "NULL" : "x'" + HexFormat.of().formatHex(bytes) + "'";
        }
        String s = rs.getString(i);
        return s == null ? "NULL" : "'" + s + "'";
    }

    private static String showCreate(Connection c, String sql, int column) throws SQLException {
        List<String[]> out = rows(c, sql);
        return out.isEmpty() ? "(none)" : out.get(0)[column - 1];
    }

    static List<String[]> rows(Connection c, String sql) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                String[] row = new String[n];
                for (int i = 0; i < n; i++) {
                    row[i] = rs.getString(i + 1);
                }
                out.add(row);
            }
        }
        return out;
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
