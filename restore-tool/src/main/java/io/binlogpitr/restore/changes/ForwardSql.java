package io.binlogpitr.restore.changes;

import io.binlogpitr.common.binlog.RowChange;
import io.binlogpitr.common.binlog.RowSql;
import io.binlogpitr.common.binlog.SqlModes;
import io.binlogpitr.common.binlog.TableDefinition;
import io.binlogpitr.common.sql.SqlLiteral;
import java.util.List;

/**
 * Writes selected changes forward as SQL: per source transaction a comment with its GTID and commit time, then
 * {@code START TRANSACTION}, one statement per row (and the transaction's DDL, in its default database), {@code
 * COMMIT}. Replaying the script on the source's state before the range gives its state after it, for the
 * selected tables.
 */
public final class ForwardSql {
    private final SqlScript script;
    private final StringBuilder sb = new StringBuilder(1024);
    private long rows;
    private long transactions;

    public ForwardSql(SqlScript script) {
        this.script = script;
    }

    /** Writes every transaction {@code reader} selects, to the end of the journal. */
    public void writeAll(ChangeReader reader) {
        java.util.Optional<TransactionChanges> t;
        while ((t = reader.next()).isPresent()) {
            transaction(t.get());
        }
    }

    public void transaction(TransactionChanges t) {
        transactions++;
        script.comment("GTID " + t.header().gtid() + " committed " + t.commitTime() + " ("
                + t.header().binlogFile() + ":" + t.header().startPosition() + ")");
        for (String q : t.rowsQueries()) {
            script.comment("original: " + q);
        }
        for (TransactionChanges.Statement s : t.statements()) {
            if (s.needsUse()) { // not before a CREATE DATABASE: the database it names does not exist yet
                script.statement("USE " + SqlLiteral.identifier(s.database()));
            }
            for (String sql : inItsSqlMode(s)) {
                script.statementText(sql);
            }
        }
        if (!t.changes().isEmpty()) {
            script.statement("START TRANSACTION");
        }
        for (Change c : t.changes()) {
            sb.setLength(0);
            TableDefinition table = c.table();
            RowChange r = c.row();
            switch (r.type()) {
                case INSERT -> RowSql.insert(sb, table, table.database(), r.after());
                case UPDATE -> RowSql.update(sb, table, table.database(), r.before(), r.after());
                case DELETE -> RowSql.delete(sb, table, table.database(), r.before());
            }
            script.statement(sb);
            rows++;
        }
        if (!t.changes().isEmpty()) {
            script.statement("COMMIT");
        }
    }

    /**
     * The statement run in the sql_mode it ran with on the source, the script's own mode kept around it: DDL written
     * under ANSI_QUOTES names its objects in double quotes, which the script's mode would read as strings, and
     * PIPES_AS_CONCAT, NO_BACKSLASH_ESCAPES or a permissive mode change what it means. Numeric, as the replay and
     * mysqlbinlog set it (by name, ANSI would set its component modes too).
     */
    static List<String> inItsSqlMode(TransactionChanges.Statement s) {
        String sql = withoutStartTransaction(s.sql());
        if (s.sqlMode() == null) {
            return List.of(sql);
        }
        SqlModes.sqlModeNames(s.sqlMode()); // refuses bits above 32
        return List.of(
                "SET @pitr_script_sql_mode = @@session.sql_mode",
                "SET @@session.sql_mode=" + (s.sqlMode() & ~SqlModes.IGNORED_BITS) + " /* '"
                        + SqlModes.sqlModeNames(s.sqlMode()) + "' */",
                sql,
                "SET @@session.sql_mode = @pitr_script_sql_mode");
    }

    /**
     * MySQL 8.0.21+ logs the CREATE of a {@code CREATE TABLE ... SELECT} as {@code CREATE TABLE t (columns) START
     * TRANSACTION}, which leaves a transaction open where only BINLOG statements and COMMIT are allowed (error 3977
     * on anything else). The script gives the rows as INSERTs in a transaction of their own, so the CREATE goes
     * without that clause.
     */
    static String withoutStartTransaction(String sql) {
        if (!sql.strip().regionMatches(true, 0, "CREATE", 0, 6)) {
            return sql;
        }
        return CTAS_START.matcher(sql).replaceFirst("");
    }

    private static final java.util.regex.Pattern CTAS_START = java.util.regex.Pattern.compile(
            "\\s+START\\s+TRANSACTION\\s*;?\\s*$", java.util.regex.Pattern.CASE_INSENSITIVE);

    public long rows() {
        return rows;
    }

    public long transactions() {
        return transactions;
    }
}
