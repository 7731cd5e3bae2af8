package io.binlogpitr.agent.snapshot;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.snapshot.SnapshotManifest.DdlObject;
import io.binlogpitr.common.snapshot.TableSpec;
import io.binlogpitr.common.sql.SqlLiteral;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a snapshot takes from the source: the databases the filter admits, and in each its base tables (columns,
 * primary key, {@code SHOW CREATE TABLE}, size statistics), views, triggers, routines and events with the
 * statements that create them.
 */
record SourceCatalog(List<Db> databases) {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SourceCatalog.class);

    record Db(
            String name,
            String create,
            List<Table> tables,
            List<DdlObject> views,
            List<DdlObject> triggers,
            List<DdlObject> routines,
            List<DdlObject> events) {}

    /** A base table; {@code dataBytes} and {@code estimatedRows} are InnoDB's statistics, used only to plan chunks. */
    record Table(TableSpec spec, String create, long dataBytes, long estimatedRows) {
        String qualifiedName() {
            return SqlLiteral.identifier(spec.schema()) + "." + SqlLiteral.identifier(spec.table());
        }
    }

    private static final Pattern AUTO_INCREMENT = Pattern.compile(" AUTO_INCREMENT=\\d+");

    static SourceCatalog read(Connection c, NameFilter filter) throws SQLException {
        List<Db> dbs = new ArrayList<>();
        for (String db : strings(c, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME")) {
            if (filter.database(db)) {
                dbs.add(readDatabase(c, db, filter));
            }
        }
        return new SourceCatalog(dbs);
    }

    /** {@code db.table} of every base table the filter admits whose engine is not InnoDB, sorted. */
    static Set<String> nonTransactionalTables(Connection c, NameFilter filter) throws SQLException {
        Set<String> found = new TreeSet<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES"
                        + " WHERE TABLE_TYPE = 'BASE TABLE' AND ENGINE IS NOT NULL AND ENGINE <> 'InnoDB'")) {
            while (rs.next()) {
                String db = rs.getString(1);
                String table = rs.getString(2);
                if (filter.database(db) && filter.table(db, table)) {
                    found.add(db + "." + table);
                }
            }
        }
        return found;
    }

    int tableCount() {
        return databases.stream().mapToInt(d -> d.tables().size()).sum();
    }

    /**
     * The catalog's DDL as text, with the AUTO_INCREMENT counters left out (they move with every insert): equal
     * for two reads exactly when no DDL happened between them.
     */
    String fingerprint() {
        StringBuilder sb = new StringBuilder();
        for (Db db : databases) {
            sb.append(db.name()).append('\n').append(db.create()).append('\n');
            for (Table t : db.tables()) {
                sb.append(AUTO_INCREMENT.matcher(t.create()).replaceAll("")).append('\n');
            }
            for (List<DdlObject> objects : List.of(db.views(), db.triggers(), db.routines(), db.events())) {
                for (DdlObject o : objects) {
                    sb.append(o.type())
                            .append(' ')
                            .append(o.name())
                            .append('\n')
                            .append(o.create())
                            .append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static Db readDatabase(Connection c, String db, NameFilter filter) throws SQLException {
        String create = showCreate(c, "SHOW CREATE DATABASE " + SqlLiteral.identifier(db), 2, "database " + db);
        List<Table> tables = new ArrayList<>();
        List<DdlObject> views = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT TABLE_NAME, TABLE_TYPE, COALESCE(DATA_LENGTH, 0), COALESCE(TABLE_ROWS, 0)"
                        + " FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME")) {
            ps.setString(1, db);
            List<String[]> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
            for (String[] row : rows) {
                String name = row[0];
                if (!filter.table(db, name)) {
                    continue;
                }
                String qualified = SqlLiteral.identifier(db) + "." + SqlLiteral.identifier(name);
                if (row[1].equals("VIEW")) {
                    views.add(view(c, db, name, qualified));
                } else if (row[1].equals("BASE TABLE")) {
                    tables.add(new Table(
                            TableSpec.read(c, db, name),
                            EnumMemberReader.repair(
                                    c,
                                    db,
                                    name,
                                    showCreate(c, "SHOW CREATE TABLE " + qualified, 2, "table " + db + "." + name)),
                            Long.parseLong(row[2]),
                            Long.parseLong(row[3])));
                }
            }
        }
        return new Db(db, create, tables, views, triggers(c, db, filter), routines(c, db), events(c, db));
    }

    private static DdlObject view(Connection c, String db, String name, String qualified) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW CREATE VIEW " + qualified)) {
            if (!rs.next()) {
                throw new SQLException("view " + db + "." + name + " vanished while the snapshot read the catalog");
            }
            return new DdlObject("VIEW", name, rs.getString(2), null, rs.getString(3), rs.getString(4));
        }
    }

    private static List<DdlObject> triggers(Connection c, String db, NameFilter filter) throws SQLException {
        List<String[]> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?"
                        + " ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        List<DdlObject> triggers = new ArrayList<>();
        for (String[] t : found) {
            if (!filter.table(db, t[1])) {
                continue;
            }
            String what = "trigger " + db + "." + t[0];
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SHOW CREATE TRIGGER " + SqlLiteral.identifier(db) + "." + SqlLiteral.identifier(t[0]))) {
                if (!rs.next()) {
                    continue; // dropped meanwhile; the DDL check after the export notices
                }
                triggers.add(new DdlObject(
                        "TRIGGER",
                        t[0],
                        required(rs.getString(3), what, "TRIGGER"),
                        rs.getString(2),
                        rs.getString(4),
                        rs.getString(5)));
            }
        }
        return triggers;
    }

    private static List<DdlObject> routines(Connection c, String db) throws SQLException {
        List<String[]> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?"
                        + " ORDER BY ROUTINE_TYPE, ROUTINE_NAME")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        List<DdlObject> routines = new ArrayList<>();
        for (String[] r : found) {
            String what = r[0].toLowerCase(java.util.Locale.ROOT) + " " + db + "." + r[1];
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SHOW CREATE " + r[0] + " " + SqlLiteral.identifier(db) + "."
                            + SqlLiteral.identifier(r[1]))) {
                if (!rs.next()) {
                    continue;
                }
                routines.add(new DdlObject(
                        r[0],
                        r[1],
                        required(rs.getString(3), what, "SHOW_ROUTINE"),
                        rs.getString(2),
                        rs.getString(4),
                        rs.getString(5)));
            }
        }
        return routines;
    }

    private static List<DdlObject> events(Connection c, String db) throws SQLException {
        List<DdlObject> events = new ArrayList<>();
        for (String name : strings(
                c, "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? ORDER BY EVENT_NAME", db)) {
            String what = "event " + db + "." + name;
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SHOW CREATE EVENT " + SqlLiteral.identifier(db) + "." + SqlLiteral.identifier(name))) {
                if (!rs.next()) {
                    continue;
                }
                events.add(new DdlObject(
                        "EVENT",
                        name,
                        required(rs.getString(4), what, "EVENT"),
                        rs.getString(2),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(3)));
            }
        }
        return events;
    }

    private static String required(String create, String what, String privilege) {
        if (create == null) {
            throw new PitrException(
                    ErrorCode.SOURCE_PREREQUISITES,
                    "the snapshot account may not read the definition of " + what,
                    "GRANT " + privilege + " ON *.* TO the agent's account (see docs/agent.md, privileges)");
        }
        return create;
    }

    private static String showCreate(Connection c, String sql, int column, String what) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException(what + " vanished while the snapshot read the catalog");
            }
            return rs.getString(column);
        }
    }

    private static List<String> strings(Connection c, String sql, String... parameters) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
