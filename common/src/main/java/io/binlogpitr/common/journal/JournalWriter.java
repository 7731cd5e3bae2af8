package io.binlogpitr.common.journal;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Optional;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends committed transactions to the journal. One thread appends (the replication thread); {@link #sync()},
 * {@link #durable()}, {@link #gtidSet()} may be called from any thread.
 *
 * <p>Events are copied once into a reusable buffer of at most {@code fragmentBytes} (checksummed as they
 * arrive), and from there into the memory-mapped journal: a transaction that fits is one TRANSACTION record; a
 * larger one is written as FRAGMENT records as the buffer fills and closed by a COMMIT. Nothing is allocated per
 * event. See docs/design/journal-format.md.
 *
 * <p>This class holds the public API, the GTID set and the guards (each mutator turns an {@code InternalError}
 * into a poisoned writer, see {@link RecordAppender#poison}); {@link TransactionWriter} buffers and fragments the
 * transaction in flight, {@link RecordAppender} encodes and appends one record, {@link TailRepair} repairs the
 * tail on open and {@link JournalSyncer} makes it all durable.
 */
public final class JournalWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
    /**
     * The most bytes appended since the last sync started before the appending thread syncs itself, whatever the
     * policy: a power loss can tear only what was appended after the last completed sync, at most about twice
     * this plus one record (~48 MiB), which keeps the damage inside the tail that {@link ResumeScan} verifies on
     * open ({@link ResumeScan#VERIFIED_TAIL_BYTES}, 64 MiB). At the agent's 15 MB/s the 200 ms timer syncs long
     * before; only a catch-up burst hits this.
     */
    static final long MAX_UNSYNCED_BYTES = 16L << 20;

    private final Path dir;
    private final JournalSettings settings;
    private final SingleChronicleQueue queue;
    private final RecordAppender records;
    private final TransactionWriter transaction;
    private final JournalSyncer syncer;
    private final TailRepair repair;

    private final GtidSet base;
    private final GtidSet gtids;
    private volatile String sourceUuid;
    private byte[] lastFormat;
    private boolean acceptDuplicates;
    /** Held by {@link #close()} and by retention running on this writer's queue. */
    private final Object closeLock = new Object();

    private JournalWriter(Path dir, JournalSettings settings, TimeProvider clock) {
        this.dir = dir;
        this.settings = settings;
        RetentionMarker marker = RetentionMarker.read(dir).orElse(null);
        int leftovers = JournalRetention.deleteLeftovers(dir, marker);
        this.queue = ChronicleQueues.openForWriting(dir, clock);
        boolean ok = false;
        try {
            if (leftovers > 0) {
                queue.refreshDirectoryListing();
            }
            long started = System.nanoTime();
            ResumeScan scan = ResumeScan.run(queue, marker);
            this.base = scan.base;
            this.gtids = scan.gtids;
            this.gtids.addAll(base);
            this.sourceUuid = scan.sourceUuid;
            this.lastFormat = scan.lastFormat;
            ExcerptAppender appender = queue.createAppender();
            this.syncer = new JournalSyncer(dir, settings, scan);
            this.records = new RecordAppender(dir, queue, appender, syncer);
            this.transaction = new TransactionWriter(dir, settings, records);
            this.repair = TailRepair.run(dir, scan, records);
            syncer.syncAll(queue);
            // Chronicle appenders are bound to one thread; the thread that appends first after open owns it
            records.singleThreadedCheckReset();
            LOG.info(
                    "journal {} opened: {} transactions, {} records scanned in {} ms (the last {} bytes verified in {}"
                            + " ms), resuming after {}",
                    dir,
                    scan.transactions,
                    scan.records,
                    (System.nanoTime() - started) / 1_000_000,
                    scan.verifiedBytes,
                    scan.verifyNanos / 1_000_000,
                    gtids.abbreviated());
            syncer.start(this::sync);
            ok = true;
        } finally {
            if (!ok) {
                queue.close();
            }
        }
    }

    /** Opens (creating if needed) the journal in {@code journalDir}, cutting a torn tail left by a crash. */
    public static JournalWriter open(Path journalDir, JournalSettings settings) {
        return open(journalDir, settings, (TimeProvider) null);
    }

    /**
     * Like {@link #open(Path, JournalSettings)}, with {@code clock} deciding the hourly cycle file each append goes
     * to (retention deletes whole cycle files and never the newest): {@link InstantSource#system()} in production, a
     * test's own clock to place transactions in the cycle files it chooses.
     */
    public static JournalWriter open(Path journalDir, JournalSettings settings, InstantSource clock) {
        if (clock == null || clock.equals(InstantSource.system())) {
            return open(journalDir, settings, (TimeProvider) null); // Chronicle's own wall clock
        }
        return open(journalDir, settings, (TimeProvider) clock::millis);
    }

    /** {@code clock} decides Chronicle's cycle (the hour file appended to); null for the wall clock. */
    static JournalWriter open(Path journalDir, JournalSettings settings, TimeProvider clock) {
        try {
            return new JournalWriter(journalDir, settings, clock);
        } catch (InternalError e) {
            // a mapped-memory fault while scanning or repairing: on tmpfs even reading a hole needs a free page
            throw diskFailure(journalDir, "cannot open journal " + journalDir, e);
        }
    }

    /** Base plus every committed transaction: what the agent resumes from. A copy. */
    public GtidSet gtidSet() {
        synchronized (gtids) {
            return gtids.copy();
        }
    }

    /** True when the journal holds this transaction, or its base covers it; no copy of the set is made. */
    public boolean contains(Gtid gtid) {
        synchronized (gtids) {
            return gtids.contains(gtid);
        }
    }

    /** The set the journal started after; empty if none recorded. A copy. */
    public GtidSet baseGtidSet() {
        synchronized (gtids) {
            return base.copy();
        }
    }

    public Optional<String> sourceUuid() {
        return Optional.ofNullable(sourceUuid);
    }

    /**
     * Records the set the journal starts after (first start: the source's {@code gtid_executed}, or its
     * {@code gtid_purged} when starting from the earliest binlog); later calls add to the base.
     */
    public void recordBase(GtidSet more, String uuid) {
        try {
            unguardedRecordBase(more, uuid);
        } catch (InternalError e) {
            throw records.poison(e);
        }
    }

    private void unguardedRecordBase(GtidSet more, String uuid) {
        requireNoTransaction("recordBase");
        byte[] u = uuid == null ? new byte[0] : uuid.getBytes(StandardCharsets.UTF_8);
        byte[] set = more.toString().getBytes(StandardCharsets.UTF_8);
        records.start(RecordFormat.BASE).bytes(u, 0, u.length).bytes(set, 0, set.length);
        records.write(null, 0, 0);
        synchronized (gtids) {
            base.addAll(more);
            gtids.addAll(more);
        }
        if (uuid != null) {
            sourceUuid = uuid;
        }
        LOG.info("journal {}: base recorded {} (source {})", dir, more, uuid);
    }

    /** Records a FORMAT_DESCRIPTION event, unless identical to the last one recorded. */
    public void recordFormat(byte[] rawFormatDescriptionEvent, String binlogFile) {
        try {
            unguardedRecordFormat(rawFormatDescriptionEvent, binlogFile);
        } catch (InternalError e) {
            throw records.poison(e);
        }
    }

    private void unguardedRecordFormat(byte[] rawFormatDescriptionEvent, String binlogFile) {
        requireNoTransaction("recordFormat");
        if (Arrays.equals(rawFormatDescriptionEvent, lastFormat)) {
            return;
        }
        records.start(RecordFormat.FORMAT).name(binlogFile);
        records.write(rawFormatDescriptionEvent, 0, rawFormatDescriptionEvent.length);
        lastFormat = rawFormatDescriptionEvent.clone();
    }

    public void beginTransaction(TransactionStart start) {
        try {
            unguardedBeginTransaction(start);
        } catch (InternalError e) {
            throw records.poison(e);
        }
    }

    private void unguardedBeginTransaction(TransactionStart start) {
        records.checkOpen();
        TransactionStart current = transaction.current();
        if (current != null) {
            throw new IllegalStateException("transaction " + current.gtid() + " is still open; commit or abort it"
                    + " before beginning " + start.gtid());
        }
        if (!acceptDuplicates) {
            boolean seen;
            synchronized (gtids) {
                seen = gtids.contains(start.gtid());
            }
            if (seen) {
                throw new PitrException(
                        ErrorCode.JOURNAL_CONFLICT,
                        "transaction " + start.gtid() + " is already in journal " + dir,
                        "resume replication from JournalWriter.gtidSet(); a source that sends it again was reset");
            }
        }
        transaction.begin(start);
    }

    /** Appends one whole raw binlog event; its size field (bytes 9..12) must equal {@code length}. */
    public void appendEvent(byte[] raw, int offset, int length) {
        try {
            unguardedAppendEvent(raw, offset, length);
        } catch (InternalError e) {
            throw records.poison(e);
        }
    }

    private void unguardedAppendEvent(byte[] raw, int offset, int length) {
        records.rethrowPoison();
        transaction.append(raw, offset, length);
    }

    /** Makes the transaction visible to readers (durable after the next sync, at once with EVERY_TRANSACTION). */
    public void commitTransaction(long endPosition) {
        try {
            unguardedCommitTransaction(endPosition);
        } catch (InternalError e) {
            throw records.poison(e);
        }
    }

    private void unguardedCommitTransaction(long endPosition) {
        TransactionHeader header = transaction.commit(endPosition);
        synchronized (gtids) {
            gtids.add(header.gtid());
        }
        syncer.committed(header, records.cycle());
        if (settings.sync() == SyncPolicy.EVERY_TRANSACTION) {
            sync();
        }
        transaction.shrinkBuffer();
    }

    /** Discards the transaction in flight; readers never see it. A no-op when none is open. */
    public void abortTransaction() {
        try {
            unguardedAbortTransaction();
        } catch (InternalError e) {
            throw records.poison(e);
        }
    }

    private void unguardedAbortTransaction() {
        transaction.abort();
    }

    /** Forces everything committed so far to disk, then tells the {@link DurabilityListener}. Any thread. */
    public void sync() {
        syncer.sync(queue);
    }

    /** What is on disk as of the last sync. */
    public DurableMark durable() {
        return syncer.durable();
    }

    /** The journal directory this writer appends to. */
    Path dir() {
        return dir;
    }

    /**
     * Runs retention on this writer's queue while it stays open (close waits for it). The writer keeps
     * appending; afterwards its base grows to the new base (its GTID set is unchanged: the GTIDs deleted are
     * still covered). Returns null when the writer was closed meanwhile; throws when it is poisoned.
     */
    RetentionResult retain(java.util.function.Function<SingleChronicleQueue, RetentionResult> retention) {
        synchronized (closeLock) {
            if (records.closed()) {
                return null;
            }
            records.checkOpen();
            RetentionResult r = retention.apply(queue);
            synchronized (gtids) {
                base.addAll(r.newBase());
                gtids.addAll(r.newBase());
            }
            return r;
        }
    }

    /** Test hook: let duplicates through so that the scanner's duplicate report can be exercised. */
    void acceptDuplicates(boolean accept) {
        this.acceptDuplicates = accept;
    }

    /** Test hook: the record kind of an incomplete Chronicle excerpt found on open, or 0. */
    int tornExcerptKind() {
        return repair.tornExcerptKind;
    }

    /** Test hook: fragments of a torn transaction voided on open. */
    long tornFragmentsCut() {
        return repair.tornFragmentsCut;
    }

    /** Test hook: runs inside the next excerpts after their header and half their payload are written. */
    void insideDocumentHook(Runnable hook) {
        records.insideDocumentHook(hook);
    }

    /** Test hook: {bytes, nanoseconds} of the tail verified on open. */
    long[] tailVerified() {
        return new long[] {repair.tailVerifiedBytes, repair.tailVerifyNanos};
    }

    /** Test hook: records voided on open because the tail was damaged. */
    long voidedRecords() {
        return repair.voidedRecords;
    }

    /** Test hook: make the next sync fail as a full disk does. */
    void failSyncs(java.io.IOException e) {
        syncer.injectedFailure = e;
    }

    /** Test hook: the in-memory transaction buffer's size (never above fragmentBytes). */
    int bufferCapacity() {
        return transaction.bufferCapacity();
    }

    /**
     * Aborts a transaction in flight, syncs, stops the sync thread and closes the queue. May be called from
     * another thread (a shutdown hook) once the appending thread has stopped appending.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            closeUnderLock();
        }
    }

    private void closeUnderLock() {
        if (records.closed()) {
            return;
        }
        records.singleThreadedCheckReset();
        try {
            if (records.poisoned() || syncer.failed()) {
                // the journal is in an unknown state: write nothing, not even an ABORT; the next open cuts it
                syncer.stop();
                LOG.warn("journal {}: closing without writing or syncing after a failure", dir);
            } else {
                try {
                    abortTransaction();
                    syncer.stop();
                    sync();
                } catch (RuntimeException | InternalError e) {
                    // a late fault or full disk while closing: the next open checks the tail and voids damage
                    LOG.error(
                            "journal {}: the final abort/sync failed ({}); the next start checks the tail",
                            dir,
                            e.toString());
                }
            }
        } finally {
            records.markClosed();
            syncer.closeFiles();
            queue.close();
            DurableMark d = durable();
            LOG.info(
                    "journal {} closed: {} transactions durable, the last {}",
                    dir,
                    d.transactions(),
                    d.lastGtid() == null ? "none" : d.lastGtid());
        }
    }

    /**
     * The error for a failed append or sync: IO, naming the free space of the repository's file system since a
     * full disk is by far the most common cause. Used by {@link RecordAppender} and {@link JournalSyncer} too.
     */
    static PitrException diskFailure(Path dir, String what, Throwable cause) {
        String m = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new PitrException(
                ErrorCode.IO,
                what + ": " + m + " (is the disk full? " + freeBytes(dir) + " free)",
                "free disk space on the repository's file system; the agent resumes where the journal ends",
                cause);
    }

    private static String freeBytes(Path dir) {
        try {
            return java.nio.file.Files.getFileStore(dir).getUsableSpace() + " bytes";
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown bytes";
        }
    }

    private void requireNoTransaction(String what) {
        records.checkOpen();
        TransactionStart current = transaction.current();
        if (current != null) {
            throw new IllegalStateException(what + " inside transaction " + current.gtid());
        }
    }
}
