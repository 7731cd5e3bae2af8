package io.binlogpitr.common.journal;

import io.binlogpitr.common.gtid.GtidSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a full scan of the journal found ({@link JournalScanner#scan}).
 *
 * @param base the GTID set the journal started after (union of its BASE records)
 * @param journaled GTIDs of the committed transactions whose checksums verified
 * @param transactions number of committed transactions (including damaged ones)
 * @param payloadBytes total raw event bytes of the committed transactions
 * @param diskBytes bytes used in the journal's cycle files, up to their last excerpt (Chronicle headers and
 *     index included; sparse unused space excluded)
 * @param firstCommit original commit time of the first transaction, if any
 * @param lastCommit original commit time of the last transaction, if any
 * @param duplicates GTIDs committed more than once, or committed although already in the base
 * @param problems one line per damaged or inconsistent record, naming its index; empty when healthy
 * @param sourceUuid the server UUID of the source the journal follows, if recorded
 * @param voidedRecords records voided by VOID records (a damaged tail cut when a writer opened): skipped, not
 *     problems; their transactions were fetched again
 * @param incidents one line per INCIDENT the source logged (a transaction of a GTID and an INCIDENT event): its
 *     GTID, binlog position and commit time; restores across one are refused
 */
public record JournalSummary(
        GtidSet base,
        GtidSet journaled,
        long transactions,
        long payloadBytes,
        long diskBytes,
        Optional<Instant> firstCommit,
        Optional<Instant> lastCommit,
        GtidSet duplicates,
        List<String> problems,
        Optional<String> sourceUuid,
        long voidedRecords,
        List<String> incidents) {

    public JournalSummary {
        problems = List.copyOf(problems);
        incidents = List.copyOf(incidents);
    }

    /** A summary of a journal without incidents. */
    public JournalSummary(
            GtidSet base,
            GtidSet journaled,
            long transactions,
            long payloadBytes,
            long diskBytes,
            Optional<Instant> firstCommit,
            Optional<Instant> lastCommit,
            GtidSet duplicates,
            List<String> problems,
            Optional<String> sourceUuid,
            long voidedRecords) {
        this(
                base,
                journaled,
                transactions,
                payloadBytes,
                diskBytes,
                firstCommit,
                lastCommit,
                duplicates,
                problems,
                sourceUuid,
                voidedRecords,
                List.of());
    }

    /** Everything covered: base plus journaled. */
    public GtidSet covered() {
        GtidSet all = base.copy();
        all.addAll(journaled);
        return all;
    }

    /**
     * Gaps inside what is covered, e.g. base {@code u:1-10} and journaled {@code u:11-20:25-30} has {@code u:21-24}.
     * Gaps the source already had when the journal started (inside the base, e.g. transactions it skipped) are
     * not the journal's: they are left out.
     */
    public GtidSet holes() {
        return covered().holes().subtract(base.holes());
    }

    public boolean healthy() {
        return problems.isEmpty() && duplicates.isEmpty() && holes().isEmpty();
    }
}
