package io.binlogpitr.agent.snapshot;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.sql.SqlLiteral;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a table's {@code SHOW CREATE TABLE} text back its true ENUM and SET members. MySQL 8.0 keeps the column
 * type as text in utf8mb3, so {@code SHOW CREATE TABLE} and {@code information_schema.COLUMNS} print a member holding
 * a 4-byte character (an emoji) as {@code ?}, and a table created from that text refuses the rows using it (error
 * 1265). The table itself still has the true members: a temporary table with the column's type ({@code CREATE
 * TEMPORARY TABLE ... SELECT col ... LIMIT 0}, which no row-format binlog records) takes each member by its number,
 * and gives its bytes back. This needs {@code CREATE TEMPORARY TABLES} on the database. Where the true members
 * cannot be read, the snapshot fails: a snapshot holding {@code ?} for a member would load rows into the wrong
 * member, or make a replayed {@code ALTER TABLE} fail where a replica applies it (error 1291).
 */
final class EnumMemberReader {
    private static final Logger LOG = LoggerFactory.getLogger(EnumMemberReader.class);

    private EnumMemberReader() {}

    /** {@code create} with the true members of every utf8mb4 ENUM/SET column of the table that shows a '?'. */
    static String repair(Connection c, String db, String table, String create) throws SQLException {
        String repaired = create;
        for (String[] col : suspectColumns(c, db, table)) {
            String name = col[0];
            String shown = col[1];
            String where = db + "." + table + "." + name;
            if (!"utf8mb4".equals(col[2])) {
                continue; // only utf8mb4 holds characters utf8mb3 cannot show; a '?' elsewhere is a '?'
            }
            String at = SqlLiteral.identifier(name) + " " + shown;
            if (repaired.indexOf(at) < 0 || repaired.indexOf(at) != repaired.lastIndexOf(at)) {
                throw unreadable(
                        where,
                        "its type " + shown + " is not found exactly once in SHOW CREATE TABLE",
                        "exclude the table from snapshots.include, and report the table's SHOW CREATE TABLE as a bug");
            }
            List<String> members;
            try {
                members =
                        probe(c, db, table, name, shown.toLowerCase(Locale.ROOT).startsWith("set"), count(shown));
            } catch (SQLException e) {
                throw unreadable(
                        where,
                        "reading them from a temporary table failed (" + e.getMessage() + ")",
                        "GRANT CREATE TEMPORARY TABLES ON " + SqlLiteral.identifier(db)
                                + ".* TO the agent's account, then take the snapshot again");
            }
            if (members.stream().anyMatch(m -> m.indexOf('\\') >= 0)) {
                throw unreadable(
                        where,
                        "a member also holds a backslash, which the snapshot's DDL cannot yet carry beside them",
                        "exclude the table from snapshots.include (restores of it then need an earlier snapshot)");
            }
            String type = shown.substring(0, shown.indexOf('('))
                    + members.stream()
                            .map(m -> "'" + m.replace("'", "''") + "'")
                            .reduce((a, b) -> a + "," + b)
                            .map(list -> "(" + list + ")")
                            .orElse("()");
            repaired = repaired.replace(at, SqlLiteral.identifier(name) + " " + type);
            LOG.info("{}: ENUM/SET members read from the table itself ({} shows {})", where, type, shown);
        }
        return repaired;
    }

    private static PitrException unreadable(String where, String why, String hint) {
        return new PitrException(
                ErrorCode.SNAPSHOT_FAILED,
                "cannot snapshot " + where + ": an ENUM/SET member shows as '?' in SHOW CREATE TABLE (MySQL 8.0 shows"
                        + " members with 4-byte characters that way) and its true members cannot be read: " + why
                        + "; a snapshot with '?' members would not restore the table as it is, so none was taken",
                hint);
    }

    private static List<String[]> suspectColumns(Connection c, String db, String table) throws SQLException {
        List<String[]> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, COLUMN_TYPE, CHARACTER_SET_NAME"
                + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " AND DATA_TYPE IN ('enum', 'set') AND COLUMN_TYPE LIKE '%?%' ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
        }
        return found;
    }

    /** The members of a shown {@code enum('a','b''c')} type: quoted, {@code ''} for a quote inside. */
    static int count(String shown) {
        int members = 0;
        boolean quoted = false;
        for (int i = shown.indexOf('('); i >= 0 && i < shown.length(); i++) {
            char ch = shown.charAt(i);
            if (ch == '\'') {
                if (quoted && i + 1 < shown.length() && shown.charAt(i + 1) == '\'') {
                    i++;
                } else {
                    quoted = !quoted;
                    members += quoted ? 1 : 0;
                }
            } else if (ch == '\\' && quoted) {
                i++;
            }
        }
        return members;
    }

    private static List<String> probe(Connection c, String db, String table, String column, boolean set, int n)
            throws SQLException {
        String col = SqlLiteral.identifier(column);
        String probe = SqlLiteral.identifier(db) + ".`pitr_member_probe`";
        List<String> members = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TEMPORARY TABLE " + probe + " (pitr_i INT NOT NULL DEFAULT 0) SELECT " + col + " FROM "
                    + SqlLiteral.identifier(db) + "." + SqlLiteral.identifier(table) + " LIMIT 0");
            try {
                StringBuilder insert = new StringBuilder("INSERT INTO " + probe + " (pitr_i, " + col + ") VALUES ");
                for (int i = 1; i <= n; i++) {
                    String value = set ? Long.toUnsignedString(1L << (i - 1)) : String.valueOf(i);
                    insert.append(i > 1 ? "," : "")
                            .append('(')
                            .append(i)
                            .append(',')
                            .append(value)
                            .append(')');
                }
                st.execute(insert.toString());
                try (ResultSet rs =
                        st.executeQuery("SELECT CAST(" + col + " AS BINARY) FROM " + probe + " ORDER BY pitr_i")) {
                    while (rs.next()) {
                        members.add(new String(rs.getBytes(1), StandardCharsets.UTF_8));
                    }
                }
            } finally {
                st.execute("DROP TEMPORARY TABLE " + probe);
            }
        }
        if (members.size() != n) {
            throw new SQLException("the probe gave " + members.size() + " members, the type shows " + n);
        }
        return members;
    }
}
