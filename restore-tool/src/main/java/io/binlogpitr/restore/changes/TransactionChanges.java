package io.binlogpitr.restore.changes;

import io.binlogpitr.common.journal.TransactionHeader;
import java.time.Instant;
import java.util.List;

/**
 * The selected content of one journaled transaction.
 *
 * @param header the journal's header (GTID, commit times, source position)
 * @param changes selected row changes, in the order the source made them
 * @param statements selected DDL and other statements, as SQL text with their default database
 * @param rowsQueries the original SQL text of the transaction's statements (binlog_rows_query_log_events=ON)
 */
public record TransactionChanges(
        TransactionHeader header, List<Change> changes, List<Statement> statements, List<String> rowsQueries) {

    /**
     * A statement the transaction ran (DDL, or DML a row-format source still logs as a statement).
     *
     * @param database the event's default database; a CREATE DATABASE names the one it creates, which does not
     *     exist before it runs
     * @param createsDatabase whether it is a {@code CREATE|DROP DATABASE|SCHEMA}: no {@code USE} may precede it
     * @param sqlMode the sql_mode bits it ran with on the source (its Query event's), null if the event had none
     * @param triggerTableUnknown a {@code DROP TRIGGER} selected with --tables although the table of its trigger is
     *     not known (neither a snapshot before it nor a CREATE TRIGGER earlier in the journal shows it): it may go
     *     with a selected table or not ({@link ChangeFilter.Selection#TRIGGER_TABLE_UNKNOWN})
     */
    public record Statement(
            String database, String sql, boolean createsDatabase, Long sqlMode, boolean triggerTableUnknown) {
        public Statement(String database, String sql) {
            this(database, sql, false, null);
        }

        public Statement(String database, String sql, boolean createsDatabase, Long sqlMode) {
            this(database, sql, createsDatabase, sqlMode, false);
        }

        /** Whether a {@code USE database} must precede the statement. */
        public boolean needsUse() {
            return !database.isEmpty() && !createsDatabase;
        }
    }

    public TransactionChanges {
        changes = List.copyOf(changes);
        statements = List.copyOf(statements);
        rowsQueries = List.copyOf(rowsQueries);
    }

    public boolean isEmpty() {
        return changes.isEmpty() && statements.isEmpty();
    }

    /** The original commit time. */
    public Instant commitTime() {
        long micros = header.originalCommitMicros();
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}
