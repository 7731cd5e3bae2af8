package io.binlogpitr.restore.engine;

/**
 * One journaled transaction made ready to send: the statements that apply it, as one multi-statement packet.
 *
 * @param index the journal index of the transaction (its order on the source)
 * @param gtid the transaction's GTID, as text
 * @param binlogFile the source binlog file it came from: the logical clock below counts within one file
 * @param lastCommitted the source's logical clock: every transaction up to this sequence number had committed
 *     when this one started committing; the ones after it may run at the same time as this one
 * @param sequenceNumber this transaction's number on that clock
 * @param exclusive true for DDL (and anything else that must run alone): everything before it finishes first,
 *     nothing after it starts until it is done
 * @param formatDescription the FORMAT_DESCRIPTION event the row events need, sent before them on a connection
 *     that has not seen it (null when the unit has no row events)
 * @param sql the statements, in order (sent together in as few packets as the target's max_allowed_packet allows)
 * @param commitMicros the original commit time, for messages and progress
 * @param events the number of row events, for progress
 * @param mayHaveRun a DDL an interrupted run had started: if the target says its effect is already there (the
 *     table exists, the column is gone...), it counts as applied
 * @param afterSql statements to run after {@code sql} succeeded, in their own transaction (the progress row after
 *     a DDL, which cannot share the DDL's transaction); null for none
 */
record ApplyUnit(
        long index,
        String gtid,
        String binlogFile,
        long lastCommitted,
        long sequenceNumber,
        boolean exclusive,
        byte[] formatDescription,
        java.util.List<String> sql,
        long commitMicros,
        int events,
        boolean mayHaveRun,
        String afterSql) {}
