package io.binlogpitr.restore.flashback;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the target's {@code information_schema} says about a table now, read once per table: its columns (which of
 * them are generated), its triggers and the foreign keys that reference it.
 */
final class TargetSchema {
    /**
     * One table as the target holds it.
     *
     * @param columns the column names, lower case
     * @param generated the generated columns, lower case
     * @param definition every column in table order, as information_schema describes it
     */
    record Table(
            Set<String> columns,
            Set<String> generated,
            List<Trigger> triggers,
            List<ForeignKey> referencedBy,
            List<Column> definition) {}

    /**
     * A column as information_schema.COLUMNS describes it.
     *
     * @param dataType DATA_TYPE (lower case: {@code int}, {@code varchar} ...)
     * @param unsigned whether COLUMN_TYPE says unsigned
     * @param charset CHARACTER_SET_NAME, or null
     */
    record Column(String name, String dataType, boolean unsigned, String charset) {}

    /**
     * A table's storage engine as information_schema.TABLES names it, and whether information_schema.ENGINES says it
     * supports transactions (an engine it does not list, or lists without, does not).
     */
    record Engine(String name, boolean transactional) {}

    /** A trigger: its name and the statement kind that fires it ({@code INSERT}, {@code UPDATE}, {@code DELETE}). */
    record Trigger(String name, String event) {}

    private final Connection connection;
    private final Map<String, Table> tables = new HashMap<>();

    TargetSchema(Connection connection) {
        this.connection = connection;
    }

    /** The table as the target holds it; FLASHBACK_FAILED when it does not exist. */
    Table table(String database, String table) {
        return tables.computeIfAbsent(database + "." + table, k -> read(database, table));
    }

    /**
     * The storage engine of a base table on the target, or null when the target holds no such base table the
     * account can see (the undo of its rows then fails on its own, naming it).
     */
    Engine engine(String database, String table) {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT t.ENGINE, e.TRANSACTIONS FROM information_schema.TABLES t LEFT JOIN information_schema.ENGINES"
                        + " e ON e.ENGINE = t.ENGINE WHERE t.TABLE_SCHEMA = ? AND t.TABLE_NAME = ? AND t.TABLE_TYPE"
                        + " = 'BASE TABLE'")) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String name = rs.getString(1);
                return new Engine(name == null ? "unknown engine" : name, "YES".equalsIgnoreCase(rs.getString(2)));
            }
        } catch (SQLException e) {
            throw new PitrException(
                    ErrorCode.FLASHBACK_FAILED,
                    "cannot read the storage engine of " + database + "." + table + " on the target: "
                            + PitrException.firstLine(e.getMessage()) + " (MySQL error " + e.getErrorCode()
                            + "); nothing was changed",
                    "the account needs SELECT on the table (information_schema shows only what it may see)",
                    e);
        }
    }

    private Table read(String database, String table) {
        String name = database + "." + table;
        try {
            Set<String> columns = new LinkedHashSet<>();
            Set<String> generated = new LinkedHashSet<>();
            List<Column> definition = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT COLUMN_NAME, EXTRA, DATA_TYPE, COLUMN_TYPE, CHARACTER_SET_NAME FROM"
                            + " information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY"
                            + " ORDINAL_POSITION")) {
                ps.setString(1, database);
                ps.setString(2, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String c = rs.getString(1).toLowerCase(Locale.ROOT);
                        columns.add(c);
                        definition.add(new Column(
                                rs.getString(1),
                                rs.getString(3).toLowerCase(Locale.ROOT),
                                rs.getString(4).toLowerCase(Locale.ROOT).contains("unsigned"),
                                rs.getString(5)));
                        String extra =
                                rs.getString(2) == null ? "" : rs.getString(2).toUpperCase(Locale.ROOT);
                        // exactly these words: DEFAULT_GENERATED is an expression default, a stored base column
                        if (extra.contains("VIRTUAL GENERATED") || extra.contains("STORED GENERATED")) {
                            generated.add(c);
                        }
                    }
                }
            }
            if (columns.isEmpty()) {
                throw new PitrException(
                        ErrorCode.FLASHBACK_FAILED,
                        "table " + name + " does not exist on the target; nothing was changed",
                        "flashback undoes row changes in place; a dropped table comes back with 'pitr-restore"
                                + " restore --before-gtid ... --rename-db'");
            }
            return new Table(columns, generated, triggers(database, table), referencedBy(database, table), definition);
        } catch (SQLException e) {
            throw new PitrException(
                    ErrorCode.FLASHBACK_FAILED,
                    "cannot read the schema of " + name + " on the target: " + PitrException.firstLine(e.getMessage())
                            + " (MySQL error " + e.getErrorCode() + "); nothing was changed",
                    "the account needs SELECT on the table (information_schema shows only what it may see)",
                    e);
        }
    }

    private List<Trigger> triggers(String database, String table) throws SQLException {
        if (!mayListTriggers(database, table)) {
            throw new PitrException(
                    ErrorCode.FLASHBACK_REFUSED,
                    "cannot tell whether " + database + "." + table + " has triggers: the account lacks the TRIGGER"
                            + " privilege on it, without which MySQL lists none; nothing was changed",
                    "GRANT TRIGGER ON " + database + ".* TO the account (it only lets flashback see them), or run"
                            + " flashback as an account that has it");
        }
        List<Trigger> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT TRIGGER_NAME, EVENT_MANIPULATION FROM information_schema.TRIGGERS WHERE"
                        + " EVENT_OBJECT_SCHEMA = ? AND EVENT_OBJECT_TABLE = ? ORDER BY TRIGGER_NAME")) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Trigger(rs.getString(1), rs.getString(2).toUpperCase(Locale.ROOT)));
                }
            }
        }
        return out;
    }

    /**
     * Whether the account holds the TRIGGER privilege on the table (globally, on its database or on the table):
     * information_schema.TRIGGERS shows a table's triggers only then.
     */
    private boolean mayListTriggers(String database, String table) throws SQLException {
        String grantee = "CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''',"
                + " SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')";
        try (PreparedStatement ps = connection.prepareStatement("SELECT (SELECT COUNT(*) FROM"
                + " information_schema.USER_PRIVILEGES WHERE GRANTEE = " + grantee + " AND PRIVILEGE_TYPE = 'TRIGGER')"
                + " + (SELECT COUNT(*) FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE = " + grantee
                + " AND PRIVILEGE_TYPE = 'TRIGGER' AND ? LIKE TABLE_SCHEMA)"
                + " + (SELECT COUNT(*) FROM information_schema.TABLE_PRIVILEGES WHERE GRANTEE = " + grantee
                + " AND PRIVILEGE_TYPE = 'TRIGGER' AND TABLE_SCHEMA = ? AND TABLE_NAME = ?)")) {
            ps.setString(1, database);
            ps.setString(2, database);
            ps.setString(3, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    private List<ForeignKey> referencedBy(String database, String table) throws SQLException {
        Map<String, List<String[]>> columns = new LinkedHashMap<>();
        Map<String, String[]> rules = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_COLUMN_NAME,"
                        + " r.DELETE_RULE, r.UPDATE_RULE FROM information_schema.KEY_COLUMN_USAGE k JOIN"
                        + " information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA"
                        + " AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME WHERE"
                        + " k.REFERENCED_TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME = ? ORDER BY k.TABLE_SCHEMA,"
                        + " k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION")) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1) + "\0" + rs.getString(2) + "\0" + rs.getString(3);
                    columns.computeIfAbsent(key, k -> new ArrayList<>())
                            .add(new String[] {rs.getString(4), rs.getString(5)});
                    rules.put(key, new String[] {rs.getString(6), rs.getString(7)});
                }
            }
        }
        List<ForeignKey> out = new ArrayList<>();
        for (Map.Entry<String, List<String[]>> e : columns.entrySet()) {
            String[] id = e.getKey().split("\0", -1);
            List<String> child = e.getValue().stream().map(c -> c[0]).toList();
            List<String> parent = e.getValue().stream().map(c -> c[1]).toList();
            String[] r = rules.get(e.getKey());
            out.add(new ForeignKey(
                    id[2],
                    id[0],
                    id[1],
                    child,
                    database,
                    table,
                    parent,
                    ForeignKey.Action.of(r[0]),
                    ForeignKey.Action.of(r[1])));
        }
        return out;
    }
}
