package io.binlogpitr.common.journal;

import io.binlogpitr.common.gtid.Gtid;

/**
 * What is on disk: the state as of the last completed sync.
 *
 * @param transactions committed transactions in the journal that are durable (including those found on open)
 * @param lastGtid the last durable transaction's GTID, or null if none
 * @param lastOriginalCommitMicros its original commit time, or 0 if none
 * @param syncedAtMicros when the last sync finished (or the journal was opened), microseconds since the epoch
 */
public record DurableMark(long transactions, Gtid lastGtid, long lastOriginalCommitMicros, long syncedAtMicros) {}
