package io.binlogpitr.common.journal;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.repository.AtomicFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the front of the journal that a snapshot already holds, whole cycle files at a time.
 *
 * <p>Only a prefix of cycles goes, oldest first, stopping at the first cycle that holds a transaction outside
 * {@code covered} or damage no VOID covers; never the newest cycle (the writer appends there); never a cut inside
 * a fragmented transaction or a voided range. Crash safety: {@code retention.json} ({@link RetentionMarker}) is
 * written atomically before any file is deleted and names the first kept cycle, the new base (old base and every
 * GTID deleted), the source UUID and the format in force; readers start at that cycle and ignore older files, so
 * a crash at any point leaves either the old state or the new one. See "Retention" in
 * docs/design/journal-format.md.
 *
 * <p>Runs in the process that holds the journal's {@link JournalWriter} (the agent, between snapshots), or when no
 * writer is open. A writer in another process is not coordinated with: its sync thread could try to force a
 * deleted file.
 */
public final class JournalRetention {
    private static final Logger LOG = LoggerFactory.getLogger(JournalRetention.class);
    private static final String SUFFIX = ".cq4";
    /** Chronicle's FAST_HOURLY file names: yyyyMMdd-HH'F'.cq4, cycle = hours since the epoch (UTC). */
    private static final DateTimeFormatter NAME = new DateTimeFormatterBuilder()
            .appendPattern("yyyyMMdd-HH'F'")
            .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
            .toFormatter();

    private JournalRetention() {}

    /** A cycle file of the journal. */
    record CycleFile(int cycle, Path path) {}

    /**
     * Deletes the whole cycle files at the front of the journal in {@code journalDir} whose every record belongs
     * to a transaction in {@code covered} (the GTID set of the oldest kept snapshot). No writer may be open on the
     * journal (the repository lock keeps agents out); with one open in this process, use
     * {@link #deleteCovered(JournalWriter, GtidSet, Consumer, RetentionCrashPoint)}.
     *
     * @throws PitrException IO when the marker cannot be written or a file cannot be deleted
     */
    public static RetentionResult deleteCovered(Path journalDir, GtidSet covered) {
        return deleteCovered(journalDir, covered, newBase -> {}, RetentionCrashPoint.NONE);
    }

    /**
     * Like {@link #deleteCovered(Path, GtidSet)}, calling {@code beforePrune} with the journal's new base (every
     * GTID before its first kept record) once it is known and before anything is deleted or the marker written:
     * the schema history records itself as of there (its DDL is in the files that go). When it throws, nothing is
     * deleted. Each step is reported to {@code crash}.
     */
    public static RetentionResult deleteCovered(
            Path journalDir, GtidSet covered, Consumer<GtidSet> beforePrune, RetentionCrashPoint crash) {
        synchronized (JournalRetention.class) {
            return withoutWriter(journalDir, covered, beforePrune, crash);
        }
    }

    /**
     * Like {@link #deleteCovered(Path, GtidSet, Consumer, RetentionCrashPoint)} on the journal of {@code writer},
     * open in this process: it is synced first and keeps appending; its base grows to the new base.
     */
    public static RetentionResult deleteCovered(
            JournalWriter writer, GtidSet covered, Consumer<GtidSet> beforePrune, RetentionCrashPoint crash) {
        synchronized (JournalRetention.class) {
            Path dir = writer.dir();
            RetentionResult r = writer.retain(q -> run(dir, covered, q, writer::sync, beforePrune, crash));
            return r != null ? r : withoutWriter(dir, covered, beforePrune, crash); // closed meanwhile
        }
    }

    private static RetentionResult withoutWriter(
            Path journalDir, GtidSet covered, Consumer<GtidSet> beforePrune, RetentionCrashPoint crash) {
        if (!Files.exists(journalDir.resolve("metadata.cq4t"))) {
            return new RetentionResult(List.of(), 0, 0, new GtidSet());
        }
        try (SingleChronicleQueue queue = ChronicleQueues.openForWriting(journalDir)) {
            return run(journalDir, covered, queue, () -> {}, beforePrune, crash);
        }
    }

    private static RetentionResult run(
            Path dir,
            GtidSet covered,
            SingleChronicleQueue queue,
            Runnable sync,
            Consumer<GtidSet> beforePrune,
            RetentionCrashPoint crash) {
        long started = System.nanoTime();
        RetentionMarker old = RetentionMarker.read(dir).orElse(null);
        List<CycleFile> files = cycleFiles(dir);
        if (files.isEmpty()) {
            return new RetentionResult(List.of(), 0, 0, old == null ? new GtidSet() : old.base());
        }
        int newest = files.get(files.size() - 1).cycle();
        // everything in the older cycles was appended before the newest file appeared: make it durable before
        // reading it and deleting it (the writer's sync must never have to force a file that is gone)
        sync.run();
        CycleScan scan = CycleScan.run(queue, old);
        int oldFirst = old == null ? Integer.MIN_VALUE : old.firstKeptCycle();

        List<CycleFile> leftovers = new ArrayList<>();
        List<CycleFile> candidates = new ArrayList<>();
        for (CycleFile f : files) {
            if (f.cycle() < oldFirst) {
                leftovers.add(f);
            } else if (f.cycle() < newest) {
                candidates.add(f);
            }
        }
        int cut = cutPoint(dir, candidates, newest, scan, covered);
        List<CycleFile> deleted = new ArrayList<>(leftovers);
        deleted.addAll(candidates.subList(0, cut));
        int firstKept = cut < candidates.size() ? candidates.get(cut).cycle() : newest;

        RetentionMarker marker = old;
        long transactions = 0;
        if (cut > 0) {
            marker = newMarker(old, firstKept, scan, candidates.subList(0, cut));
            for (CycleFile f : candidates.subList(0, cut)) {
                CycleScan.Cycle k = scan.cycles.get(f.cycle());
                transactions += k == null ? 0 : k.transactions;
            }
            beforePrune.accept(marker.base().copy());
            crash.reached(-1);
            write(dir, marker);
        }
        long bytes = delete(dir, deleted, scan, crash);
        if (!deleted.isEmpty()) {
            queue.refreshDirectoryListing();
        }
        GtidSet effectiveBase = marker == null ? new GtidSet() : marker.base().copy();
        for (CycleScan.Cycle k : scan.cycles.tailMap(firstKept, true).values()) {
            effectiveBase.addAll(k.base);
        }
        List<String> names =
                deleted.stream().map(f -> f.path().getFileName().toString()).toList();
        log(dir, files.size(), names, bytes, transactions, fileName(firstKept), effectiveBase, started);
        return new RetentionResult(names, bytes, transactions, effectiveBase);
    }

    private static void log(
            Path dir,
            int cycleFiles,
            List<String> names,
            long bytes,
            long transactions,
            String firstKept,
            GtidSet effectiveBase,
            long startedNanos) {
        if (names.isEmpty()) {
            LOG.debug(
                    "journal {}: retention deleted nothing ({} cycle files, scanned in {} ms)",
                    dir,
                    cycleFiles,
                    (System.nanoTime() - startedNanos) / 1_000_000);
        } else {
            LOG.info(
                    "journal {}: retention deleted {} cycle files ({} .. {}, {} bytes, {} transactions) in {} ms;"
                            + " the journal now starts at {} after {}",
                    dir,
                    names.size(),
                    names.get(0),
                    names.get(names.size() - 1),
                    bytes,
                    transactions,
                    (System.nanoTime() - startedNanos) / 1_000_000,
                    firstKept,
                    effectiveBase.abbreviated());
        }
    }

    /** How many of {@code candidates} (oldest first, the newest cycle excluded) can go. */
    private static int cutPoint(Path dir, List<CycleFile> candidates, int newest, CycleScan scan, GtidSet covered) {
        int cut = 0;
        for (int i = 0; i < candidates.size(); i++) {
            CycleScan.Cycle k = scan.cycles.get(candidates.get(i).cycle());
            if (k != null && k.blocker != null) {
                LOG.warn(
                        "journal {}: retention stops at {}: {}; 'pitr-restore verify' lists the damage",
                        dir,
                        candidates.get(i).path().getFileName(),
                        k.blocker);
                break;
            }
            if (k != null && !covered.containsAll(k.committed)) {
                break;
            }
            int next = i + 1 < candidates.size() ? candidates.get(i + 1).cycle() : newest;
            if (scan.cleanBoundary(next)) {
                cut = i + 1;
            }
        }
        return cut;
    }

    private static RetentionMarker newMarker(
            RetentionMarker old, int firstKept, CycleScan scan, List<CycleFile> deleted) {
        GtidSet base = old == null ? new GtidSet() : old.base().copy();
        String uuid = old == null ? null : old.sourceUuid();
        byte[] format = old == null ? null : old.format();
        for (CycleFile f : deleted) {
            CycleScan.Cycle k = scan.cycles.get(f.cycle());
            if (k == null) {
                continue;
            }
            base.addAll(k.base);
            base.addAll(k.committed);
            if (k.sourceUuid != null) {
                uuid = k.sourceUuid;
            }
            if (k.format != null) {
                format = k.format;
            }
        }
        return new RetentionMarker(firstKept, fileName(firstKept), base, uuid, format);
    }

    private static void write(Path dir, RetentionMarker marker) {
        try {
            marker.write(dir);
        } catch (IOException e) {
            throw new PitrException(
                    ErrorCode.IO,
                    "cannot write the journal retention marker in " + dir + ": " + e.getMessage(),
                    "check free space and permissions of the repository; nothing was deleted",
                    e);
        }
    }

    /**
     * Deletes {@code files} oldest first and syncs the directory; returns the bytes they used: up to their last
     * excerpt when scanned (the files are sparse: their apparent size is a multiple of Chronicle's block size),
     * else their apparent size (leftovers of an interrupted run).
     */
    private static long delete(Path dir, List<CycleFile> files, CycleScan scan, RetentionCrashPoint crash) {
        long bytes = 0;
        try {
            crash.reached(0);
            int n = 0;
            for (CycleFile f : files) {
                CycleScan.Cycle k = scan == null ? null : scan.cycles.get(f.cycle());
                long size = k != null ? k.usedBytes : Files.size(f.path());
                Files.delete(f.path());
                bytes += size;
                crash.reached(++n);
            }
            if (!files.isEmpty()) {
                AtomicFiles.syncDirectory(dir);
            }
        } catch (IOException e) {
            throw new PitrException(
                    ErrorCode.IO,
                    "cannot delete journal cycle file in " + dir + ": " + e,
                    "check the repository's permissions; the journal stays consistent and the next run deletes it",
                    e);
        }
        return bytes;
    }

    /**
     * Deletes cycle files before the marker's first kept cycle that a crash left behind (the writer calls this
     * on open). Returns how many.
     */
    static int deleteLeftovers(Path dir, RetentionMarker marker) {
        if (marker == null) {
            return 0;
        }
        List<CycleFile> leftovers = cycleFiles(dir).stream()
                .filter(f -> f.cycle() < marker.firstKeptCycle())
                .toList();
        long bytes = delete(dir, leftovers, null, RetentionCrashPoint.NONE);
        if (!leftovers.isEmpty()) {
            LOG.info(
                    "journal {}: deleted {} cycle files ({} bytes) before {} that an interrupted retention left",
                    dir,
                    leftovers.size(),
                    bytes,
                    marker.firstKeptFile());
        }
        return leftovers.size();
    }

    /** The journal's cycle files, oldest first; other files are ignored. */
    static List<CycleFile> cycleFiles(Path dir) {
        List<CycleFile> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                try {
                    LocalDateTime t = LocalDateTime.parse(name.substring(0, name.length() - SUFFIX.length()), NAME);
                    files.add(new CycleFile((int) (t.toEpochSecond(ZoneOffset.UTC) / 3600), p));
                } catch (DateTimeParseException e) {
                    LOG.debug("journal {}: {} is not a cycle file", dir, name);
                }
            }
        } catch (IOException e) {
            throw new PitrException(
                    ErrorCode.IO,
                    "cannot list journal directory " + dir + ": " + e.getMessage(),
                    "check the repository's permissions",
                    e);
        }
        files.sort(Comparator.comparingInt(CycleFile::cycle));
        return files;
    }

    static String fileName(int cycle) {
        return LocalDateTime.ofEpochSecond(cycle * 3600L, 0, ZoneOffset.UTC).format(NAME) + SUFFIX;
    }
}
