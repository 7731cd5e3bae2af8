package io.binlogpitr.common.journal;

import io.binlogpitr.common.gtid.GtidSet;
import java.util.List;

/**
 * What {@link JournalRetention#deleteCovered} removed.
 *
 * @param deletedFiles names of the cycle files deleted, oldest first (leftovers of an interrupted run included)
 * @param deletedBytes the bytes they used, up to their last excerpt (as {@code JournalSummary.diskBytes} counts
 *     them; the files are sparse, so their apparent size is larger); for leftovers of an interrupted run, which
 *     are not read again, their apparent size
 * @param deletedTransactions committed transactions deleted with them (voided copies not counted)
 * @param newBase the base the journal now starts after: the old base and every GTID deleted (equal to the old
 *     base when nothing was deleted); {@code JournalSummary.covered()} is unchanged by retention
 */
public record RetentionResult(List<String> deletedFiles, long deletedBytes, long deletedTransactions, GtidSet newBase) {

    public RetentionResult {
        deletedFiles = List.copyOf(deletedFiles);
        newBase = newBase.copy();
    }
}
