package io.binlogpitr.common.journal;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
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
    private final ExcerptAppender appender;
    private final RecordEncoder encoder = new RecordEncoder();
    private final CRC32C fragmentCrc = new CRC32C();
    private final CRC32C payloadCrc = new CRC32C();
    private final CRC32C recordCrc = new CRC32C();
    private final JournalSyncer syncer;

    private final GtidSet base;
    private final GtidSet gtids;
    private volatile String sourceUuid;
    private byte[] lastFormat;
    private boolean acceptDuplicates;
    private final int tornExcerptKind;
    private final long tornFragmentsCut;
    private final long voidedRecords;
    private final long tailVerifiedBytes;
    private final long tailVerifyNanos;

    // the transaction in flight
    private TransactionStart current;
    private byte[] buffer = new byte[0];
    private int buffered;
    private int eventCount;
    private long payloadBytes;
    private long fragments;
    private boolean closed;
    /** Set when an append failed: the journal's state is unknown, so nothing more is written (see checkOpen). */
    private volatile PitrException poisoned;
    /** Test hook: runs inside the excerpt after the header and half of the payload are written. */
    private Runnable insideDocumentHook;

    private JournalWriter(Path dir, JournalSettings settings) {
        this.dir = dir;
        this.settings = settings;
        this.queue = ChronicleQueues.openForWriting(dir);
        boolean ok = false;
        try {
            long started = System.nanoTime();
            ResumeScan scan = ResumeScan.run(queue);
            this.base = scan.base;
            this.gtids = scan.gtids;
            this.gtids.addAll(base);
            this.sourceUuid = scan.sourceUuid;
            this.lastFormat = scan.lastFormat;
            this.appender = queue.createAppender();
            this.syncer = new JournalSyncer(dir, settings, scan);
            this.tornExcerptKind = TornTail.report(dir, scan);
            this.tornFragmentsCut = scan.pendingFragments;
            this.voidedRecords = scan.voidRecords;
            this.tailVerifiedBytes = scan.verifiedBytes;
            this.tailVerifyNanos = scan.verifyNanos;
            if (scan.voidFrom >= 0) {
                encoder.start(RecordFormat.VOID).fixedLong(scan.voidFrom).varLong(scan.voidRecords);
                writeRecord(null, 0, 0);
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
            if (scan.pendingFragments > 0) {
                writeAbort(scan.pendingFragments);
                LOG.info(
                        "journal {}: cut a torn transaction {} ({} fragments, {} bytes from index {}) by writing an"
                                + " abort record; its bytes stay in the file but are void",
                        dir,
                        scan.pendingGtid,
                        scan.pendingFragments,
                        scan.pendingBytes,
                        RecordFormat.hex(scan.pendingFirstIndex));
            }
            syncer.syncAll(queue);
            // Chronicle appenders are bound to one thread; the thread that appends first after open owns it
            appender.singleThreadedCheckReset();
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
        try {
            return new JournalWriter(journalDir, settings);
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
            throw poison(e);
        }
    }

    private void unguardedRecordBase(GtidSet more, String uuid) {
        requireNoTransaction("recordBase");
        byte[] u = uuid == null ? new byte[0] : uuid.getBytes(StandardCharsets.UTF_8);
        byte[] set = more.toString().getBytes(StandardCharsets.UTF_8);
        encoder.start(RecordFormat.BASE).bytes(u, 0, u.length).bytes(set, 0, set.length);
        writeRecord(null, 0, 0);
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
            throw poison(e);
        }
    }

    private void unguardedRecordFormat(byte[] rawFormatDescriptionEvent, String binlogFile) {
        requireNoTransaction("recordFormat");
        if (Arrays.equals(rawFormatDescriptionEvent, lastFormat)) {
            return;
        }
        encoder.start(RecordFormat.FORMAT).name(binlogFile);
        writeRecord(rawFormatDescriptionEvent, 0, rawFormatDescriptionEvent.length);
        lastFormat = rawFormatDescriptionEvent.clone();
    }

    public void beginTransaction(TransactionStart start) {
        try {
            unguardedBeginTransaction(start);
        } catch (InternalError e) {
            throw poison(e);
        }
    }

    private void unguardedBeginTransaction(TransactionStart start) {
        checkOpen();
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
        current = start;
        buffered = 0;
        eventCount = 0;
        payloadBytes = 0;
        fragments = 0;
        fragmentCrc.reset();
        payloadCrc.reset();
    }

    /** Appends one whole raw binlog event; its size field (bytes 9..12) must equal {@code length}. */
    public void appendEvent(byte[] raw, int offset, int length) {
        try {
            unguardedAppendEvent(raw, offset, length);
        } catch (InternalError e) {
            throw poison(e);
        }
    }

    private void unguardedAppendEvent(byte[] raw, int offset, int length) {
        rethrowPoison();
        if (current == null) {
            throw new IllegalStateException("appendEvent outside a transaction");
        }
        if (length < RecordFormat.EVENT_HEADER_BYTES || RecordFormat.eventSize(raw, offset) != length) {
            throw new IllegalArgumentException("binlog event of " + length + " bytes in " + current.gtid()
                    + " declares size " + (length < 13 ? -1 : RecordFormat.eventSize(raw, offset)));
        }
        int fragmentBytes = settings.fragmentBytes();
        int off = offset;
        int left = length;
        while (left > 0) {
            if (buffered == fragmentBytes) {
                flushFragment();
            }
            int n = Math.min(left, fragmentBytes - buffered);
            ensureBuffer(buffered + n);
            System.arraycopy(raw, off, buffer, buffered, n);
            fragmentCrc.update(raw, off, n);
            payloadCrc.update(raw, off, n);
            buffered += n;
            off += n;
            left -= n;
        }
        eventCount++;
        payloadBytes += length;
    }

    /** Makes the transaction visible to readers (durable after the next sync, at once with EVERY_TRANSACTION). */
    public void commitTransaction(long endPosition) {
        try {
            unguardedCommitTransaction(endPosition);
        } catch (InternalError e) {
            throw poison(e);
        }
    }

    private void unguardedCommitTransaction(long endPosition) {
        TransactionStart s = current;
        if (s == null) {
            throw new IllegalStateException("commitTransaction outside a transaction");
        }
        long endDelta = endPosition - s.startPosition();
        if (endDelta < 0) {
            throw new IllegalArgumentException("end position " + endPosition + " of " + s.gtid()
                    + " is before its start position " + s.startPosition());
        }
        if (fragments == 0) {
            encoder.start(RecordFormat.TRANSACTION)
                    .txnStart(s)
                    .varLong(endDelta)
                    .varLong(eventCount);
            writeRecord(buffer, 0, buffered, fragmentCrc);
        } else {
            if (buffered > 0) {
                flushFragment();
            }
            encoder.start(RecordFormat.COMMIT)
                    .txnStart(s)
                    .varLong(endDelta)
                    .varLong(eventCount)
                    .varLong(payloadBytes)
                    .varLong(fragments)
                    .fixedInt((int) payloadCrc.getValue());
            writeRecord(null, 0, 0);
        }
        current = null;
        buffered = 0;
        TransactionHeader header = TransactionHeader.of(s, endPosition, eventCount, payloadBytes);
        synchronized (gtids) {
            gtids.add(s.gtid());
        }
        syncer.committed(header, appender.cycle());
        if (settings.sync() == SyncPolicy.EVERY_TRANSACTION) {
            sync();
        }
        shrinkBuffer();
    }

    /** Discards the transaction in flight; readers never see it. A no-op when none is open. */
    public void abortTransaction() {
        try {
            unguardedAbortTransaction();
        } catch (InternalError e) {
            throw poison(e);
        }
    }

    private void unguardedAbortTransaction() {
        if (current == null) {
            return;
        }
        if (fragments > 0) {
            writeAbort(fragments);
            LOG.info("journal {}: aborted {} after {} fragments", dir, current.gtid(), fragments);
        }
        current = null;
        buffered = 0;
        shrinkBuffer();
    }

    /** Forces everything committed so far to disk, then tells the {@link DurabilityListener}. Any thread. */
    public void sync() {
        syncer.sync(queue);
    }

    /** What is on disk as of the last sync. */
    public DurableMark durable() {
        return syncer.durable();
    }

    /** Test hook: let duplicates through so that the scanner's duplicate report can be exercised. */
    void acceptDuplicates(boolean accept) {
        this.acceptDuplicates = accept;
    }

    /** Test hook: the record kind of an incomplete Chronicle excerpt found on open, or 0. */
    int tornExcerptKind() {
        return tornExcerptKind;
    }

    /** Test hook: fragments of a torn transaction voided on open. */
    long tornFragmentsCut() {
        return tornFragmentsCut;
    }

    /** Test hook: runs inside the next excerpts after their header and half their payload are written. */
    void insideDocumentHook(Runnable hook) {
        this.insideDocumentHook = hook;
    }

    /** Test hook: {bytes, nanoseconds} of the tail verified on open. */
    long[] tailVerified() {
        return new long[] {tailVerifiedBytes, tailVerifyNanos};
    }

    /** Test hook: records voided on open because the tail was damaged. */
    long voidedRecords() {
        return voidedRecords;
    }

    /** Test hook: make the next sync fail as a full disk does. */
    void failSyncs(java.io.IOException e) {
        syncer.injectedFailure = e;
    }

    /** Test hook: the in-memory transaction buffer's size (never above fragmentBytes). */
    int bufferCapacity() {
        return buffer.length;
    }

    /**
     * Aborts a transaction in flight, syncs, stops the sync thread and closes the queue. May be called from
     * another thread (a shutdown hook) once the appending thread has stopped appending.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        appender.singleThreadedCheckReset();
        try {
            if (poisoned != null || syncer.failed()) {
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
                    LOG.error("journal {}: the final abort/sync failed; the next start checks the tail", dir, e);
                }
            }
        } finally {
            closed = true;
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

    private void flushFragment() {
        encoder.start(RecordFormat.FRAGMENT).varLong(fragments);
        if (fragments == 0) {
            encoder.txnStart(current);
        }
        writeRecord(buffer, 0, buffered, fragmentCrc);
        fragments++;
        buffered = 0;
        fragmentCrc.reset();
    }

    private void writeAbort(long voided) {
        encoder.start(RecordFormat.ABORT).varLong(voided);
        writeRecord(null, 0, 0);
    }

    private void writeRecord(byte[] payload, int off, int len) {
        CRC32C crc = recordCrc;
        crc.reset();
        if (len > 0) {
            crc.update(payload, off, len);
        }
        writeRecord(payload, off, len, crc);
    }

    /** Writes the encoder's header then the payload as one excerpt; {@code crc} already holds the payload. */
    /**
     * Writes the encoder's header then the payload as one excerpt; {@code crc} already holds the payload.
     *
     * <p>A failure inside the excerpt is caught whatever its type: when the file system is full, a write into
     * Chronicle's memory map faults and surfaces as {@code java.lang.InternalError} ("a fault occurred in a
     * recent unsafe memory access operation"), not as an exception. The excerpt is then rolled back (its length
     * header stays "incomplete", so readers never see it, and the next append overwrites it) and the writer is
     * poisoned: every later call fails with the same error, so nothing more lands in a journal whose state is
     * unknown. {@link #close()} still works and writes nothing.
     */
    private void writeRecord(byte[] payload, int off, int len, CRC32C crc) {
        checkOpen();
        encoder.seal(crc);
        DocumentContext dc = null;
        try {
            dc = appender.writingDocument();
            Bytes<?> bytes = dc.wire().bytes();
            bytes.write(encoder.array(), 0, encoder.length());
            if (len > 0) {
                Runnable hook = insideDocumentHook;
                if (hook == null) {
                    bytes.write(payload, off, len);
                } else {
                    int half = len / 2;
                    bytes.write(payload, off, half);
                    hook.run();
                    bytes.write(payload, off + half, len - half);
                }
            }
        } catch (Throwable t) {
            if (dc != null) {
                try {
                    dc.rollbackOnClose();
                    dc.close();
                } catch (Throwable again) {
                    // zeroing the excerpt may fault on the same page; its header is still incomplete
                    t.addSuppressed(again);
                }
            }
            throw poison(t);
        }
        try {
            dc.close();
        } catch (Throwable t) {
            throw poison(t);
        }
        if (syncer.written(appender.cycle(), appender, encoder.length() + len) > MAX_UNSYNCED_BYTES) {
            sync();
        }
    }

    /*
     * Why every mutator catches InternalError: when the file system is full, a store into Chronicle's memory map
     * raises SIGBUS, which HotSpot reports as InternalError ("a fault occurred in a recent unsafe memory access
     * operation") at a later point of the same thread: not always inside the excerpt that faulted. Any such error
     * in the writer is treated as a failed append: the writer is poisoned, and the next open's tail check voids
     * whatever record the fault damaged.
     */
    private PitrException poison(Throwable cause) {
        PitrException e = diskFailure(dir, "cannot append to journal " + dir, cause);
        poisoned = e;
        LOG.error("journal {}: append failed, nothing more is written until the agent restarts", dir, cause);
        return e;
    }

    /**
     * The error for a failed append or sync: IO, naming the free space of the repository's file system since a
     * full disk is by far the most common cause. Used by {@link JournalSyncer} too.
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

    private void rethrowPoison() {
        PitrException p = poisoned;
        if (p != null) {
            throw new PitrException(p.code(), p.getMessage(), p.hint(), p.getCause());
        }
    }

    private void ensureBuffer(int n) {
        if (buffer.length < n) {
            int size = Math.max(n, Math.min(settings.fragmentBytes(), Math.max(64 << 10, buffer.length * 2)));
            buffer = Arrays.copyOf(buffer, size);
        }
    }

    /** Gives back a big buffer after a big transaction so that an idle agent does not hold fragmentBytes. */
    private void shrinkBuffer() {
        if (buffer.length > (1 << 20)) {
            buffer = new byte[0];
        }
    }

    private void requireNoTransaction(String what) {
        checkOpen();
        if (current != null) {
            throw new IllegalStateException(what + " inside transaction " + current.gtid());
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("journal " + dir + " is closed");
        }
        rethrowPoison();
        syncer.rethrowFailure();
    }
}
