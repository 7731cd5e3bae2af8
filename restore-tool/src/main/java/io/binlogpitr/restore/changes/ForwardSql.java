package io.binlogpitr.restore.changes;

import io.binlogpitr.common.binlog.RowChange;
import io.binlogpitr.common.binlog.RowSql;
import io.binlogpitr.common.binlog.SqlModes;
import io.binlogpitr.common.binlog.TableDefinition;
import io.binlogpitr.common.ddl.CreateTableSelect;
import io.binlogpitr.common.ddl.DdlObject;
import io.binlogpitr.common.ddl.DdlObjects;
import io.binlogpitr.common.ddl.ReplicaEvents;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.sql.SqlLiteral;
import java.util.List;

/**
 * Writes selected changes forward as SQL: per source transaction a comment with its GTID and commit time, then
 * {@code START TRANSACTION}, one statement per row (and the transaction's DDL, in its default database), {@code
 * COMMIT}. Replaying the script on the source's state before the range gives its state after it, for the
 * selected tables.
 *
 * <p>A {@code CREATE EVENT} or {@code ALTER EVENT ... ENABLE} is written {@code DISABLE ON SLAVE}, as a replica
 * applies it and as a restore leaves it ({@link ReplicaEvents}): the rows the event wrote on the source are in the
 * script already, so an event enabled on the server the script runs on would write them a second time. {@link
 * #disabledEvents()} names them, for the script's last comment.
 */
public final class ForwardSql {
    private final SqlScript script;
    private final StringBuilder sb = new StringBuilder(1024);
    private long rows;
    private long transactions;
    private final java.util.Set<String> disabledEvents = new java.util.TreeSet<>();

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
        for (TransactionChanges.Statement s : t.statements()) {
            if (s.triggerTableUnknown()) {
                throw unknownTrigger(t, s);
            }
        }
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
            for (String sql : inItsSqlMode(s, disabled(s))) {
                script.statementText(sql);
            }
        }
        if (!t.changes().isEmpty()) {
            script.statement("START TRANSACTION");
        }
        for (Change all : t.changes()) {
            Change c = all.withoutGenerated(); // MySQL computes them; a value for one is refused (error 3105)
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
     * The refusal of a {@code DROP TRIGGER} selected with --tables whose trigger's table is unknown, as a --tables
     * restore refuses it: written, it may drop a trigger of a table the script leaves out; left out, it may leave a
     * trigger of a selected table that the source dropped, to fire on the server the script runs on.
     */
    private static PitrException unknownTrigger(TransactionChanges t, TransactionChanges.Statement s) {
        String trigger = DdlObjects.resolve(s.sql(), s.database(), s.sqlMode() == null ? 0 : s.sqlMode())
                .subjects()
                .get(0)
                .qualifiedName();
        String gtid = t.header().gtid().toString();
        String sql = s.sql().strip().replaceAll("\\s+", " ");
        return new PitrException(
                ErrorCode.DDL_NOT_CONFINED,
                "transaction " + gtid + " drops trigger " + trigger + " whose table is unknown: neither a snapshot"
                        + " before it nor a create trigger earlier in the journal shows it, so sql --tables cannot tell"
                        + " whether it goes with a selected table: "
                        + (sql.length() <= 160 ? sql : sql.substring(0, 157) + "...")
                        + "; no script was written",
                "select its whole database (--databases " + trigger.substring(0, trigger.indexOf('.'))
                        + "), or end the range before it (--to-time, or a --gtid set without " + gtid + ")");
    }

    /** The statement's text, with the event it creates or enables left disabled (recorded by name). */
    private String disabled(TransactionChanges.Statement s) {
        long mode = s.sqlMode() == null ? 0 : s.sqlMode();
        String sql = ReplicaEvents.disabledOnTarget(s.sql(), mode);
        if (!sql.equals(s.sql())) {
            DdlObjects.resolve(s.sql(), s.database(), mode).subjects().stream()
                    .filter(o -> o.kind() == DdlObject.Kind.EVENT)
                    .forEach(o -> disabledEvents.add(
                            SqlLiteral.identifier(o.database()) + "." + SqlLiteral.identifier(o.name())));
        }
        return sql;
    }

    /**
     * The events the script leaves {@code DISABLE ON SLAVE} (the source had them enabled), as {@code `db`.`name`};
     * in order of name.
     */
    public java.util.List<String> disabledEvents() {
        return java.util.List.copyOf(disabledEvents);
    }

    static List<String> inItsSqlMode(TransactionChanges.Statement s) {
        return inItsSqlMode(s, s.sql());
    }

    /**
     * The statement ({@code text}: its SQL as the script writes it) run in the sql_mode it ran with on the source, the
     * script's own mode kept around it: DDL written under ANSI_QUOTES names its objects in double quotes, which the
     * script's mode would read as strings, and PIPES_AS_CONCAT, NO_BACKSLASH_ESCAPES or a permissive mode change what
     * it means. Numeric, as the replay and mysqlbinlog set it (by name, ANSI would set its component modes too). The
     * CREATE of a CREATE TABLE ... SELECT goes without its START TRANSACTION: it leaves a transaction open where only
     * BINLOG and COMMIT are allowed (error 3977), and the script gives the rows as INSERTs of their own.
     */
    static List<String> inItsSqlMode(TransactionChanges.Statement s, String text) {
        String sql = s.sqlMode() == null
                ? CreateTableSelect.withoutStartTransaction(text)
                : CreateTableSelect.withoutStartTransaction(text, s.sqlMode());
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

    public long rows() {
        return rows;
    }

    public long transactions() {
        return transactions;
    }
}
