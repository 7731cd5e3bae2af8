package io.binlogpitr.common.journal;

import java.util.List;

/**
 * Told after each sync which transactions it made durable, in commit order. Called on the thread that
 * synced (the appending thread with {@link SyncPolicy#EVERY_TRANSACTION}, the journal's sync thread
 * otherwise); keep it short and do not call back into the writer.
 */
@FunctionalInterface
public interface DurabilityListener {
    DurabilityListener NONE = (batch, syncedAtMicros) -> {};

    /**
     * @param batch the transactions made durable by this sync, never empty
     * @param syncedAtMicros when the sync finished, microseconds since the epoch; the replication lag of a
     *     transaction as a backup sees it is {@code syncedAtMicros - originalCommitMicros}
     */
    void onDurable(List<TransactionHeader> batch, long syncedAtMicros);

    /**
     * After every sync that forced at least one file, how long forcing took (the files and, when a file was added,
     * the directory); called before {@link #onDurable} on the same thread.
     */
    default void onSyncTime(long nanos) {}
}
