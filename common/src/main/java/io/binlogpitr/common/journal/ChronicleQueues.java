package io.binlogpitr.common.journal;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/**
 * Opens the Chronicle queue behind a journal, with the same settings for writer, readers and scanner.
 *
 * <p>Settings and why:
 *
 * <ul>
 *   <li>{@code FAST_HOURLY}: one cycle file per hour, so retention can delete whole hours.
 *   <li>block size 64 MiB: Chronicle maps files in blocks and refuses an excerpt above a quarter of a block, hence
 *       {@link JournalSettings#MAX_FRAGMENT_BYTES} of 8 MiB.
 *   <li>{@code timeoutMS} 5 s: how long an appender waits for Chronicle's write lock before forcing it. Measured
 *       with Chronicle 2026.4 (JournalCrashTest): when a writer is killed inside an open document, the next
 *       queue to open sees that the lock's owner PID is dead and unlocks at once ("Forced unlocking ... which is
 *       now dead"), and the next append overwrites the never-completed excerpt (the store's write position never
 *       moved past it); readers never see it because its length header is still 0 (see {@link TornTail}). The
 *       timeout only
 *       matters if the dead owner's PID was reused by a live process (containers restarting the agent as the
 *       same PID): then the first append waits 5 s (the default is 10 s) and unlocks with a warning. Only one
 *       agent writes a repository (its own lock), so forcing is safe.
 * </ul>
 *
 * <p>Chronicle and the network: chronicle-queue sends usage analytics to Google Analytics when
 * {@code chronicle-analytics} is on the classpath and {@code chronicle.analytics.disable} is not true; the POM
 * excludes that artifact and {@link #quiet()} sets the property anyway. The "announcer" only prints a banner
 * (no network) and the disk-space monitor only reads free space; both are switched off too. Nothing else in
 * chronicle-core/bytes/wire/threads/queue 2026.x opens a socket at queue creation.
 */
final class ChronicleQueues {
    static final long BLOCK_SIZE = 64L << 20;
    static final long LOCK_TIMEOUT_MS = 5_000;

    private ChronicleQueues() {}

    static SingleChronicleQueue openForWriting(Path dir) {
        return openForWriting(dir, null);
    }

    /** {@code clock} decides the cycle appended to (a test's clock); null for the wall clock (production). */
    static SingleChronicleQueue openForWriting(Path dir, TimeProvider clock) {
        quiet();
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new PitrException(
                    ErrorCode.IO,
                    "cannot create journal directory " + dir + ": " + e.getMessage(),
                    "check the repository path and its permissions",
                    e);
        }
        return build(dir, false, clock);
    }

    static SingleChronicleQueue openForReading(Path dir) {
        quiet();
        if (!Files.isDirectory(dir) || !Files.exists(dir.resolve("metadata.cq4t"))) {
            throw new PitrException(
                    ErrorCode.IO,
                    "journal directory " + dir + " does not exist or holds no journal",
                    "point --repo at a repository written by pitr-agent (its journal/ folder)");
        }
        return build(dir, true, null);
    }

    private static SingleChronicleQueue build(Path dir, boolean readOnly, TimeProvider clock) {
        SingleChronicleQueueBuilder b = SingleChronicleQueueBuilder.single(dir.toFile())
                .rollCycle(RollCycles.FAST_HOURLY)
                .blockSize(BLOCK_SIZE)
                .timeoutMS(LOCK_TIMEOUT_MS)
                .readOnly(readOnly);
        if (clock != null) {
            b.timeProvider(clock);
        }
        try {
            return b.build();
        } catch (RuntimeException e) {
            throw new PitrException(
                    ErrorCode.IO,
                    "cannot open journal " + dir + ": " + e,
                    "check that the directory is a journal and readable; 'pitr-restore verify' reports damage",
                    e);
        }
    }

    /** Switches off Chronicle's analytics, banner and disk monitor unless the launcher said otherwise. */
    static void quiet() {
        setIfAbsent("chronicle.analytics.disable", "true");
        setIfAbsent("chronicle.announcer.disable", "true");
        setIfAbsent("chronicle.disk.monitor.disable", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
