package io.binlogpitr.common.binlog;

import io.binlogpitr.common.sql.SqlColumn;
import io.binlogpitr.common.sql.SqlLiteral;
import java.util.List;

/**
 * SQL statements for single row changes, with every value rendered by {@link io.binlogpitr.common.sql.SqlLiteral}
 * (so the session must use {@code time_zone='+00:00'}). Rows are located by the primary key when the definition
 * has one, else by every column with {@code <=>} and {@code LIMIT 1}.
 *
 * <p>The session that runs them needs {@code time_zone='+00:00'} (TIMESTAMP values are UTC text), an sql_mode that
 * accepts what the source stored (zero or invalid dates, ENUM index 0, written under a permissive mode) and
 * {@code NO_AUTO_VALUE_ON_ZERO} if an AUTO_INCREMENT column may hold 0. A row located by every column is found by
 * the columns' comparison rules: under a case- or pad-insensitive collation a row that differs only in case or
 * trailing spaces compares equal (it is the same row to that collation; to MySQL's CHECKSUM it is not).
 */
public final class RowSql {
    private static final ThreadLocal<Names> LAST = new ThreadLocal<>();

    private RowSql() {}

    /** {@code INSERT INTO `db`.`t` (`c1`,...) VALUES (...)} of {@code row}; {@code database} overrides the name. */
    public static void insert(StringBuilder sb, TableDefinition table, String database, Object[] row) {
        Names names = names(table, database, row);
        sb.append("INSERT INTO ").append(names.qualified).append(" (");
        for (int i = 0; i < names.quoted.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(names.quoted[i]);
        }
        sb.append(") VALUES (");
        for (int i = 0; i < names.columns.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            SqlLiteral.append(sb, names.columns[i], row[i]);
        }
        sb.append(')');
    }

    /** {@code UPDATE `db`.`t` SET every column = after WHERE <key of before> LIMIT 1}. */
    public static void update(
            StringBuilder sb, TableDefinition table, String database, Object[] before, Object[] after) {
        Names names = names(table, database, after);
        check(table, before);
        sb.append("UPDATE ").append(names.qualified).append(" SET ");
        for (int i = 0; i < names.columns.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(names.quoted[i]).append('=');
            SqlLiteral.append(sb, names.columns[i], after[i]);
        }
        sb.append(" WHERE ");
        where(sb, names, before);
        sb.append(" LIMIT 1");
    }

    /** {@code DELETE FROM `db`.`t` WHERE <key of row> LIMIT 1}. */
    public static void delete(StringBuilder sb, TableDefinition table, String database, Object[] row) {
        Names names = names(table, database, row);
        sb.append("DELETE FROM ").append(names.qualified).append(" WHERE ");
        where(sb, names, row);
        sb.append(" LIMIT 1");
    }

    /** The WHERE condition (without the keyword) locating {@code row}: primary key, else every column. */
    public static void locate(StringBuilder sb, TableDefinition table, Object[] row) {
        where(sb, names(table, null, row), row);
    }

    private static void where(StringBuilder sb, Names names, Object[] row) {
        if (names.key.length > 0) {
            for (int k = 0; k < names.key.length; k++) {
                int i = names.key[k];
                if (k > 0) {
                    sb.append(" AND ");
                }
                sb.append(names.quoted[i]).append(row[i] == null ? "<=>" : "=");
                SqlLiteral.append(sb, names.columns[i], row[i]);
            }
            return;
        }
        for (int i = 0; i < names.columns.length; i++) {
            if (i > 0) {
                sb.append(" AND ");
            }
            sb.append(names.quoted[i]).append("<=>");
            SqlLiteral.append(sb, names.columns[i], row[i]);
        }
    }

    private static void check(TableDefinition table, Object[] row) {
        if (row == null || row.length != table.columns().size()) {
            throw new IllegalArgumentException(
                    "a row of " + (row == null ? "null" : row.length + " values") + " for " + table.database() + "."
                            + table.table() + " of " + table.columns().size() + " columns");
        }
    }

    /** The quoted names and columns of a table, kept for the last table this thread rendered. */
    private static Names names(TableDefinition table, String database, Object[] row) {
        check(table, row);
        String db = database == null ? table.database() : database;
        Names last = LAST.get();
        if (last != null && last.table == table && last.database.equals(db)) {
            return last;
        }
        Names names = new Names(table, db);
        LAST.set(names);
        return names;
    }

    private static final class Names {
        final TableDefinition table;
        final String database;
        final String qualified;
        final SqlColumn[] columns;
        final String[] quoted;
        final int[] key;

        Names(TableDefinition table, String database) {
            this.table = table;
            this.database = database;
            this.qualified = SqlLiteral.identifier(database) + "." + SqlLiteral.identifier(table.table());
            List<BinlogColumn> cols = table.columns();
            this.columns = new SqlColumn[cols.size()];
            this.quoted = new String[cols.size()];
            for (int i = 0; i < columns.length; i++) {
                columns[i] = cols.get(i).sqlColumn();
                quoted[i] = columns[i].quotedName();
            }
            this.key = table.primaryKey().stream().mapToInt(Integer::intValue).toArray();
        }
    }
}
