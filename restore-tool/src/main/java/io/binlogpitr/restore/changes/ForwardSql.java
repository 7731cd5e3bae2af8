package io.binlogpitr.restore.changes;

import io.binlogpitr.common.binlog.RowChange;
import io.binlogpitr.common.binlog.RowSql;
import io.binlogpitr.common.binlog.TableDefinition;
import io.binlogpitr.common.ddl.CreateTableSelect;
import io.binlogpitr.common.sql.SqlLiteral;

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
            // the CREATE of a CREATE TABLE ... SELECT leaves a transaction open where only BINLOG and COMMIT are
            // allowed (error 3977): the script gives its rows as INSERTs in a transaction of their own
            script.statementText(CreateTableSelect.withoutStartTransaction(s.sql()));
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

    public long rows() {
        return rows;
    }

    public long transactions() {
        return transactions;
    }
}
