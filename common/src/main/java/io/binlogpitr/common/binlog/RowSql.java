package io.binlogpitr.common.binlog;

/**
 * SQL statements for single row changes, with every value rendered by {@link io.binlogpitr.common.sql.SqlLiteral}
 * (so the session must use {@code time_zone='+00:00'}). Rows are located by the primary key when the definition
 * has one, else by every column with {@code <=>} and {@code LIMIT 1}.
 */
public final class RowSql {
    private RowSql() {}

    /** {@code INSERT INTO `db`.`t` (`c1`,...) VALUES (...)} of {@code row}; {@code database} overrides the name. */
    public static void insert(StringBuilder sb, TableDefinition table, String database, Object[] row) {
        throw new UnsupportedOperationException("stub");
    }

    /** {@code UPDATE `db`.`t` SET every column = after WHERE <key of before> LIMIT 1}. */
    public static void update(
            StringBuilder sb, TableDefinition table, String database, Object[] before, Object[] after) {
        throw new UnsupportedOperationException("stub");
    }

    /** {@code DELETE FROM `db`.`t` WHERE <key of row> LIMIT 1}. */
    public static void delete(StringBuilder sb, TableDefinition table, String database, Object[] row) {
        throw new UnsupportedOperationException("stub");
    }

    /** The WHERE condition (without the keyword) locating {@code row}: primary key, else every column. */
    public static void locate(StringBuilder sb, TableDefinition table, Object[] row) {
        throw new UnsupportedOperationException("stub");
    }
}
