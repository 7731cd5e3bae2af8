package io.binlogpitr.common.journal;

import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes committed transactions durable and tells the listener.
 *
 * <p>How: {@link FileChannel#force} (fdatasync) on each cycle file written since the last sync, plus the
 * directory and Chronicle's metadata file when a new cycle file appeared. Chronicle writes through shared memory
 * maps; on Linux an fsync of the file writes back its dirty page-cache pages, mapped ones included, so this is
 * what {@code msync} would do. We do not use {@code ExcerptAppender.sync()}: it is single-threaded (the sync
 * thread must not touch the appender) and in 2026.4 it only msyncs the appender's current mapped chunk, not
 * earlier chunks or the previous cycle file of a transaction that crossed an hour.
 *
 * <p>Ordering: a transaction is added to the pending batch only after its last record was written to the map,
 * and a sync takes the batch before forcing the files, so everything it reports is on disk when the listener
 * runs.
 *
 * <p>Cost, measured on the 2-core build machine (JournalThroughputTest prints it): a commit plus fdatasync of
 * ~1 KB takes ~550 us (EVERY_TRANSACTION: ~1,800 transactions/s, far below the 14k/s the agent must sustain);
 * a group sync of 3 MB (200 ms of traffic at 15 MB/s) takes 2-30 ms on the sync thread while the appending
 * thread keeps going (appends alone: ~2.5 million events/s, ~230k transactions/s of 1 KB).
 */
final class JournalSyncer {
    private static final Logger LOG = LoggerFactory.getLogger(JournalSyncer.class);

    private final Path dir;
    private final JournalSettings settings;
    private final ReentrantLock syncLock = new ReentrantLock();
    private ScheduledExecutorService timer;

    // guarded by this
    private List<TransactionHeader> pending = new ArrayList<>();
    private final Set<Path> dirtyFiles = new LinkedHashSet<>();
    private int dirtyCycle = Integer.MIN_VALUE;
    private int highestCycle;
    private boolean dirtyDirectory;
    private long committed;
    private long unsyncedBytes;
    private Gtid lastGtid;
    private long lastOriginalMicros;

    private volatile DurableMark durable;
    private volatile Throwable failure;

    /** Test hook: thrown by the next force instead of forcing (e.g. "No space left on device"). */
    volatile IOException injectedFailure;

    // guarded by syncLock
    private Path channelPath;
    private FileChannel channel;

    JournalSyncer(Path dir, JournalSettings settings, ResumeScan scan) {
        this.dir = dir;
        this.settings = settings;
        this.committed = scan.transactions;
        this.lastGtid = scan.lastGtid;
        this.lastOriginalMicros = scan.lastOriginalMicros;
        this.highestCycle = scan.lastCycle;
        this.durable = new DurableMark(scan.transactions, scan.lastGtid, scan.lastOriginalMicros, nowMicros());
        if (scan.lastFile != null) {
            dirtyFiles.add(scan.lastFile.toPath());
        }
    }

    /** Starts the group-commit thread for an interval policy. */
    void start(Runnable sync) {
        if (settings.sync() instanceof SyncPolicy.Interval interval) {
            long ms = interval.period().toMillis();
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "pitr-journal-sync");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(
                    () -> {
                        if (hasWork() && failure == null) {
                            try {
                                sync.run();
                            } catch (RuntimeException e) {
                                LOG.error(
                                        "journal {}: sync failed ({}); the writer will fail its next call",
                                        dir,
                                        e.toString());
                            }
                        }
                    },
                    ms,
                    ms,
                    TimeUnit.MILLISECONDS);
        }
    }

    void stop() {
        ScheduledExecutorService t = timer;
        if (t == null) {
            return;
        }
        t.shutdown();
        try {
            if (!t.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("journal {}: sync thread did not stop within 30 s", dir);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("journal {}: interrupted while stopping the sync thread; syncing on this thread", dir);
        }
    }

    /**
     * After a record of {@code bytes} was written: remember its cycle file for the next sync. Returns the bytes
     * written since the last sync took its batch.
     */
    synchronized long written(int cycle, ExcerptAppender appender, long bytes) {
        unsyncedBytes += bytes;
        if (cycle != dirtyCycle) {
            dirtyFiles.add(appender.currentFile().toPath());
            dirtyCycle = cycle;
            if (cycle > highestCycle) {
                highestCycle = cycle;
                dirtyDirectory = true;
            }
        }
        return unsyncedBytes;
    }

    synchronized void committed(TransactionHeader header, int cycle) {
        pending.add(header);
        committed++;
        lastGtid = header.gtid();
        lastOriginalMicros = header.originalCommitMicros();
    }

    /** Whether a sync failed: the writer then writes nothing more. */
    boolean failed() {
        return failure != null;
    }

    private synchronized boolean hasWork() {
        return !pending.isEmpty() || !dirtyFiles.isEmpty();
    }

    /** At open: force the last cycle file and the directory (a crash may have left them in the page cache). */
    void syncAll(SingleChronicleQueue queue) {
        synchronized (this) {
            dirtyDirectory = true;
        }
        sync(queue);
    }

    void sync(SingleChronicleQueue queue) {
        rethrowFailure();
        syncLock.lock();
        try {
            List<TransactionHeader> batch;
            List<Path> files;
            boolean directory;
            DurableMark mark;
            synchronized (this) {
                batch = pending;
                pending = new ArrayList<>();
                files = new ArrayList<>(dirtyFiles);
                dirtyFiles.clear();
                unsyncedBytes = 0;
                dirtyCycle = Integer.MIN_VALUE;
                directory = dirtyDirectory;
                dirtyDirectory = false;
                mark = new DurableMark(committed, lastGtid, lastOriginalMicros, 0);
            }
            long forceStarted = System.nanoTime();
            for (Path f : files) {
                force(f);
            }
            if (directory) {
                forceDirectory();
            }
            if (!files.isEmpty() || directory) {
                settings.listener().onSyncTime(System.nanoTime() - forceStarted);
            }
            long now = nowMicros();
            durable = new DurableMark(mark.transactions(), mark.lastGtid(), mark.lastOriginalCommitMicros(), now);
            if (!batch.isEmpty()) {
                settings.listener().onDurable(Collections.unmodifiableList(batch), now);
            }
        } catch (IOException e) {
            failure = e;
            throw failed(e);
        } finally {
            syncLock.unlock();
        }
    }

    DurableMark durable() {
        return durable;
    }

    void rethrowFailure() {
        Throwable f = failure;
        if (f != null) {
            throw failed(f);
        }
    }

    void closeFiles() {
        syncLock.lock();
        try {
            closeChannel();
        } finally {
            syncLock.unlock();
        }
    }

    private void force(Path file) throws IOException {
        IOException injected = injectedFailure;
        if (injected != null) {
            throw injected;
        }
        if (!file.equals(channelPath)) {
            closeChannel();
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
            channelPath = file;
        }
        channel.force(false);
    }

    private void forceDirectory() throws IOException {
        Path meta = dir.resolve("metadata.cq4t");
        if (meta.toFile().exists()) {
            try (FileChannel c = FileChannel.open(meta, StandardOpenOption.WRITE)) {
                c.force(false);
            }
        }
        try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
            c.force(true);
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("journal {}: closing {} failed: {}", dir, channelPath, e.toString());
            }
            channel = null;
            channelPath = null;
        }
    }

    /**
     * A failed fsync (ENOSPC, EIO) leaves the page cache in an unknown state (the kernel may have dropped the
     * dirty pages), so the writer is poisoned like after a failed append: same error, same hint.
     */
    private PitrException failed(Throwable e) {
        return JournalWriter.diskFailure(dir, "cannot sync journal " + dir + " to disk", e);
    }

    static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }
}
