package io.binlogpitr.common.journal;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link JournalWriter} repairs on open, from the {@link ResumeScan} of the tail: a VOID after a damaged
 * tail, an ABORT after the fragments of a torn transaction, and the report of an excerpt Chronicle left
 * incomplete ({@link TornTail}). Keeps what it found for the writer's test hooks. See "Torn tail" and "Damaged
 * tail" in docs/design/journal-format.md.
 */
final class TailRepair {
    /** {@link JournalWriter}'s logger, so that the log reads the same whichever class of the writer speaks. */
    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);

    /** The record kind of an incomplete Chronicle excerpt found on open, or 0. */
    final int tornExcerptKind;
    /** Fragments of a torn transaction voided on open. */
    final long tornFragmentsCut;
    /** Records voided on open because the tail was damaged. */
    final long voidedRecords;

    final long tailVerifiedBytes;
    final long tailVerifyNanos;

    private TailRepair(int tornExcerptKind, ResumeScan scan) {
        this.tornExcerptKind = tornExcerptKind;
        this.tornFragmentsCut = scan.pendingFragments;
        this.voidedRecords = scan.voidRecords;
        this.tailVerifiedBytes = scan.verifiedBytes;
        this.tailVerifyNanos = scan.verifyNanos;
    }

    /** Reports an incomplete excerpt, then writes the VOID and the ABORT the scan calls for, if any. */
    static TailRepair run(Path dir, ResumeScan scan, RecordAppender records) {
        TailRepair repair = new TailRepair(TornTail.report(dir, scan), scan);
        if (scan.voidFrom >= 0) {
            writeVoid(dir, scan, records);
        }
        if (scan.pendingFragments > 0) {
            records.writeAbort(scan.pendingFragments);
            LOG.info(
                    "journal {}: cut a torn transaction {} ({} fragments, {} bytes from index {}) by writing an"
                            + " abort record; its bytes stay in the file but are void",
                    dir,
                    scan.pendingGtid,
                    scan.pendingFragments,
                    scan.pendingBytes,
                    RecordFormat.hex(scan.pendingFirstIndex));
        }
        return repair;
    }

    private static void writeVoid(Path dir, ResumeScan scan, RecordAppender records) {
        records.start(RecordFormat.VOID).fixedLong(scan.voidFrom).varLong(scan.voidRecords);
        records.write(null, 0, 0);
        LOG.warn(
                "journal {}: the record at index {} is damaged ({}), as a power loss or OS crash leaves what"
                        + " was not yet synced; voided {} records ({} bytes) from index {} to {} by writing a"
                        + " void record. Their transactions are fetched again from the source: {}",
                dir,
                RecordFormat.hex(scan.damagedIndex),
                scan.damage,
                scan.voidRecords,
                scan.voidBytes,
                RecordFormat.hex(scan.voidFrom),
                RecordFormat.hex(scan.lastIndex),
                scan.voidedGtids.isEmpty() ? "(none)" : scan.voidedGtids);
    }
}
