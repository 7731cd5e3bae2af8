package io.binlogpitr.restore.engine;

import io.binlogpitr.common.binlog.BinlogStatements;
import io.binlogpitr.common.binlog.BinlogTransaction;
import io.binlogpitr.common.binlog.EventHeader;
import io.binlogpitr.common.binlog.EventTypes;
import io.binlogpitr.common.binlog.FormatDescription;
import io.binlogpitr.common.binlog.QueryEvent;
import io.binlogpitr.common.binlog.RowsEvents;
import io.binlogpitr.common.binlog.TableMap;
import io.binlogpitr.common.ddl.CreateTableSelect;
import io.binlogpitr.common.ddl.ReplicaEvents;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.journal.JournalEntry;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import io.binlogpitr.common.sql.SqlLiteral;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Turns one journaled transaction into the statements that apply it on the target, sent as one packet:
 *
 * <pre>
 * SET gtid_next = 'uuid:n';               -- with preserved GTIDs
 * SET SESSION sql_mode = ..., ...;         -- the session state the source's BEGIN (or DDL) carried
 * BEGIN; BINLOG '...'; ...; [progress row;] COMMIT;
 * SET gtid_next = 'AUTOMATIC'
 * </pre>
 *
 * The row events go back to the server as they were journaled ({@code BINLOG} statements, as {@code mysqlbinlog}
 * prints them), so the server decodes and applies every value itself, exactly. A renamed database is rewritten
 * in the table-map events; with a database or table selection, row events of other tables are left out. DDL runs
 * as SQL under the session state its event recorded, in the (renamed) default database; in a side-database or
 * partial restore it is confined to the restored databases first ({@link ConfinedDdl}); a CREATE/ALTER EVENT
 * leaves the event disabled on the target ({@link ReplicaEvents}).
 */
final class TransactionSql {
    private final RestoreOptions options;
    private final String restoreId;
    private final boolean preserveGtids;
    private final IntFunction<String> collations;
    private final long maxStatementBytes;
    private final ConfinedDdl confinement;

    TransactionSql(
            RestoreOptions options,
            String restoreId,
            boolean preserveGtids,
            IntFunction<String> collations,
            long maxStatementBytes,
            SnapshotManifest snapshot) {
        this.maxStatementBytes = maxStatementBytes;
        this.options = options;
        this.restoreId = restoreId;
        this.preserveGtids = preserveGtids;
        this.collations = collations;
        this.confinement = new ConfinedDdl(options, snapshot);
    }

    /**
     * The unit for {@code entry}, or null when nothing of it is to be applied (every row of it in tables left
     * out, with new GTIDs).
     *
     * @param mayHaveRun the transaction is a DDL an interrupted run had started
     */
    ApplyUnit unit(JournalEntry entry, boolean mayHaveRun) {
        BinlogTransaction tx = classify(entry);
        String gtid = entry.header().gtid().toString();
        FormatDescription fd = tx.formatDescription();
        List<String> sql = new ArrayList<>();
        if (preserveGtids) {
            sql.add("SET SESSION gtid_next = '" + gtid + "'");
        }
        boolean exclusive = false;
        int rowsEvents = 0;
        boolean anyRows = false;
        boolean ctas = false;
        for (BinlogTransaction.Part part : tx.parts()) {
            if (part instanceof BinlogTransaction.Statement statement) {
                List<String> ddl = statementSql(statement.query(), gtid);
                if (ddl.isEmpty()) {
                    continue;
                }
                exclusive = true;
                sql.addAll(ddl);
                ctas |= opensTransaction(ddl);
            } else if (part instanceof BinlogTransaction.RowsGroup group) {
                List<byte[]> events = rows(group.events(), fd, gtid);
                if (events.isEmpty()) {
                    continue;
                }
                if (!anyRows && !ctas) {
                    sql.add("BEGIN");
                }
                anyRows = true;
                sql.addAll(binlogStatements(events, fd, gtid));
                rowsEvents += rowsEventCount(events);
            }
        }
        if (ctas) {
            // the CREATE and its rows commit together, as on the source; the progress row cannot join them
            sql.addAll(closeCtas());
            return finish(entry, tx, gtid, sql, true, false, rowsEvents, mayHaveRun, anyRows);
        }
        return finish(entry, tx, gtid, sql, exclusive, anyRows, rowsEvents, mayHaveRun, anyRows);
    }

    /**
     * Follows the DDL of a transaction an earlier run of the restore applied, without applying it: a partial restore
     * run again still knows which table each trigger the window created is on.
     */
    void alreadyApplied(JournalEntry entry) {
        if (!options.partial()) {
            return;
        }
        for (BinlogTransaction.Part part : BinlogTransaction.of(entry).parts()) {
            if (part instanceof BinlogTransaction.Statement statement) {
                QueryEvent q = statement.query();
                confinement.track(q.sql(collations), q.database(), sqlMode(q));
            }
        }
    }

    /** Reads and classifies a journal entry; refuses XA transactions. */
    static BinlogTransaction classify(JournalEntry entry) {
        BinlogTransaction tx = BinlogTransaction.of(entry);
        String gtid = entry.header().gtid().toString();
        if (tx.end() == BinlogTransaction.End.XA_PREPARE
                || tx.parts().stream()
                        .anyMatch(p -> p instanceof BinlogTransaction.Statement st
                                && st.query().isXa())) {
            throw new PitrException(
                    ErrorCode.REPLAY_FAILED,
                    "transaction " + gtid + " is an XA transaction; replaying XA transactions is not supported yet",
                    "restore to just before it (--before-gtid " + gtid + ")");
        }
        return tx;
    }

    /**
     * The statements that run one DDL (or other Query event) of the source: in its (renamed) default database,
     * under its session state. In a side-database or partial restore it is confined first ({@link ConfinedDdl}):
     * renamed, or empty when it only reaches databases not restored, or refused when it reaches both.
     */
    List<String> statementSql(QueryEvent q, String gtid) {
        String text = q.sql(collations);
        String database = q.database();
        if (options.partial()) {
            Optional<String> confined = confinement.confine(text, database, sqlMode(q), gtid);
            if (confined.isEmpty()) {
                return List.of();
            }
            text = confined.get();
            if (!options.includesDatabase(database)) {
                // it names only restored objects, all of them with their database: no USE of a database left out
                database = "";
            }
        }
        List<String> sql = new ArrayList<>();
        // a CREATE/DROP DATABASE names the database it creates/drops as its default one: USE would fail
        if (!database.isEmpty() && !q.namesItsDatabase()) {
            sql.add("USE " + SqlLiteral.identifier(options.targetName(database)));
        }
        sql.addAll(q.state().setStatements(collations));
        // the session's autocommit came with the event (a source client with autocommit=0); the replay draws its
        // own transaction boundaries
        sql.add("SET @@session.autocommit = 1");
        // an event the source enabled stays disabled here, as on a replica: it must not write into the target
        sql.add(ReplicaEvents.disabledOnTarget(text, sqlMode(q)));
        if (!CreateTableSelect.opensTransaction(text, sqlMode(q))) {
            // a CREATE TABLE ... SELECT keeps its transaction open for its rows: reset after its COMMIT (closeCtas)
            sql.add(RESET_TIMESTAMP);
        }
        return sql;
    }

    /**
     * Whether {@code statements} (from {@link #statementSql}) end inside the transaction a CREATE TABLE ... SELECT
     * opened: its rows follow with no BEGIN, then {@link #closeCtas}.
     */
    static boolean opensTransaction(List<String> statements) {
        // statementSql decided it with the event's sql_mode: only then does it not end with the reset
        return !statements.isEmpty() && !statements.get(statements.size() - 1).equals(RESET_TIMESTAMP);
    }

    /** Ends the transaction a CREATE TABLE ... SELECT opened (its rows are in), then resets the timestamp. */
    static List<String> closeCtas() {
        return List.of("COMMIT", RESET_TIMESTAMP);
    }

    private static final String RESET_TIMESTAMP = "SET @@session.timestamp = DEFAULT";

    private static long sqlMode(QueryEvent q) {
        return q.state().sqlMode() == null ? 0 : q.state().sqlMode();
    }

    /** The BINLOG statements for {@code events}, each within the target's statement size. */
    List<String> binlogStatements(List<byte[]> events, FormatDescription fd, String what) {
        try {
            return BinlogStatements.binlog(events, fd, maxStatementBytes);
        } catch (IllegalArgumentException tooBig) {
            throw new PitrException(
                    ErrorCode.REPLAY_FAILED,
                    what + " holds a row event too large for the target's max_allowed_packet: " + tooBig.getMessage(),
                    "raise max_allowed_packet on the target (SET GLOBAL max_allowed_packet = 1073741824), then run the"
                            + " same command again",
                    tooBig);
        }
    }

    static int rowsEventCount(List<byte[]> events) {
        return (int) events.stream()
                .filter(e -> EventTypes.isRows(EventHeader.type(e)))
                .count();
    }

    private ApplyUnit finish(
            JournalEntry entry,
            BinlogTransaction tx,
            String gtid,
            List<String> sql,
            boolean exclusive,
            boolean anyRows,
            int rowsEvents,
            boolean mayHaveRun,
            boolean hasRowEvents) {
        String progress = preserveGtids ? null : RestoreState.appliedSql(restoreId, entry.index(), gtid);
        if (anyRows) {
            if (progress != null) {
                sql.add(progress);
            }
            sql.add(tx.end() == BinlogTransaction.End.ROLLBACK ? "ROLLBACK" : "COMMIT");
        } else if (exclusive) {
            // a DDL commits by itself: its progress row follows it, and marks before it say it may have run
        } else if (preserveGtids) {
            // nothing to apply (e.g. only a ROLLBACK-ed or empty transaction): still record its GTID
            sql.add("BEGIN");
            sql.add("COMMIT");
        } else {
            return null;
        }
        if (preserveGtids) {
            sql.add("SET SESSION gtid_next = 'AUTOMATIC'");
        }
        boolean ddlProgress = exclusive && !anyRows && progress != null;
        String before = ddlProgress ? RestoreState.pendingSql(restoreId, entry.index()) : null;
        return new ApplyUnit(
                entry.index(),
                gtid,
                entry.header().binlogFile(),
                tx.gtidEvent().lastCommitted(),
                tx.gtidEvent().sequenceNumber(),
                exclusive,
                hasRowEvents ? entry.formatDescription() : null,
                before == null ? sql : prepend(before, sql),
                entry.header().originalCommitMicros(),
                rowsEvents,
                mayHaveRun,
                ddlProgress ? progress : null);
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /**
     * The table maps and rows events, renamed and filtered: a rows event is kept when its table is restored. A
     * statement (rows events up to one with the statement-end flag) that changed tables inside and outside the
     * selection at once cannot be split safely and is refused.
     */
    List<byte[]> rows(List<byte[]> events, FormatDescription fd, String gtid) {
        if (!options.partial()) {
            return events;
        }
        Map<Long, TableMap> maps = new HashMap<>();
        List<byte[]> kept = new ArrayList<>();
        int keptInStatement = 0;
        int droppedInStatement = 0;
        boolean anyRowsKept = false;
        for (byte[] e : events) {
            int type = EventHeader.type(e);
            if (type == EventTypes.TABLE_MAP) {
                TableMap map = TableMap.parse(e, fd);
                maps.put(map.tableId(), map);
                if (options.includesTable(map.database(), map.table())) {
                    kept.add(
                            options.renames().containsKey(map.database())
                                    ? TableMap.withDatabase(e, fd, options.targetName(map.database()))
                                    : e);
                }
            } else if (EventTypes.isRows(type)) {
                TableMap map = maps.get(RowsEvents.tableId(e, fd));
                if (map != null && options.includesTable(map.database(), map.table())) {
                    kept.add(e);
                    keptInStatement++;
                    anyRowsKept = true;
                } else {
                    droppedInStatement++;
                }
                if (RowsEvents.endsStatement(e, fd)) {
                    if (keptInStatement > 0 && droppedInStatement > 0) {
                        throw new PitrException(
                                ErrorCode.REPLAY_FAILED,
                                "transaction " + gtid + " changed tables inside and outside the chosen databases/tables"
                                        + " in one statement, which cannot be split safely",
                                "restore without --databases/--tables (use --rename-db to restore into a side"
                                        + " database)");
                    }
                    keptInStatement = 0;
                    droppedInStatement = 0;
                }
            } else {
                kept.add(e);
            }
        }
        return anyRowsKept ? kept : List.of();
    }
}
