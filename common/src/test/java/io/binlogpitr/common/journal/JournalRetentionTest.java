package io.binlogpitr.common.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.gtid.GtidSet;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Retention on a journal of six hourly cycle files, written with a test clock:
 *
 * <pre>
 * h0  BASE u:1-100, FORMAT, 101-110
 * h1  111-119, the first fragments of 120
 * h2  the last fragments and the COMMIT of 120, 121-125, 126 aborted (fragments + ABORT), 126, 127-128,
 *     129-130 (voided: 129 is damaged)
 * h3  131-135 (voided), VOID, 129-135 fetched again
 * h4  136-145
 * h5  146-150 (the newest cycle: never deleted)
 * </pre>
 *
 * <p>So no cut may fall at h2 (inside transaction 120) nor at h3 (inside the voided range h2..h3).
 */
class JournalRetentionTest {
    private static final JournalSettings SETTINGS = JournalSettings.defaults().withFragmentBytes(1024);
    private static final byte[] FDE = Events.event(15, 120, 1);
    private static final byte[] MARKER = "torn-write-lands-here".getBytes(StandardCharsets.US_ASCII);
    private static final long HOUR = 3_600_000;
    private static final GtidSet ALL = u("1-150");

    @TempDir
    Path dir;

    private final SetTimeProvider clock = new SetTimeProvider(Instant.parse("2024-03-01T00:10:00Z"));
    private final Map<Long, List<byte[]>> written = new HashMap<>();
    private long pos = 4;
    private List<String> files;

    @BeforeEach
    void writeJournal() throws IOException {
        try (JournalWriter w = JournalWriter.open(dir, SETTINGS, clock)) {
            w.recordBase(u("1-100"), Events.UUID_A);
            w.recordFormat(FDE, "binlog.000001");
            write(w, 101, 110);
            hour();
            write(w, 111, 119);
            // 120 crosses h1 -> h2: fragments in both files, its COMMIT in h2
            w.beginTransaction(Events.start(Events.UUID_A, 120, pos));
            List<byte[]> big = List.of(Events.event(30, 3000, 120), Events.event(30, 3000, 121));
            w.appendEvent(big.get(0), 0, 3000);
            hour();
            w.appendEvent(big.get(1), 0, 3000);
            w.commitTransaction(pos + 6000);
            pos += 6000;
            written.put(120L, big);
            write(w, 121, 125);
            // 126 aborted after two fragments, then written again
            w.beginTransaction(Events.start(Events.UUID_A, 126, pos));
            byte[] aborted = Events.event(30, 2500, 999);
            w.appendEvent(aborted, 0, aborted.length);
            w.abortTransaction();
            write(w, 126, 128);
            write(w, 129, 130);
            hour();
            write(w, 131, 135);
        }
        // a power loss damaged 129 (h2): the next open voids 129..135 (h2..h3), then they are fetched again
        flipMarker();
        try (JournalWriter w = JournalWriter.open(dir, SETTINGS, clock)) {
            assertThat(w.voidedRecords()).isEqualTo(7);
            assertThat(w.gtidSet()).isEqualTo(u("1-128"));
            written.remove(129L);
            write(w, 129, 135);
            hour();
            write(w, 136, 145);
            hour();
            write(w, 146, 150);
        }
        files = cycleFileNames();
        assertThat(files)
                .containsExactly(
                        "20240301-00F.cq4",
                        "20240301-01F.cq4",
                        "20240301-02F.cq4",
                        "20240301-03F.cq4",
                        "20240301-04F.cq4",
                        "20240301-05F.cq4");
        JournalSummary before = JournalScanner.scan(dir);
        assertThat(before.healthy()).as(before.problems().toString()).isTrue();
        assertThat(before.covered()).isEqualTo(ALL);
        assertThat(before.voidedRecords()).isEqualTo(7);
    }

    @ParameterizedTest(name = "covered {0}: {1} files go, base {2}")
    @CsvSource({
        "1-105, 0, 1-100, 0", // h0 holds 106-110
        "1-110, 1, 1-110, 10", // h0 alone
        "1-119, 1, 1-110, 10", // h1 is covered but 120's fragments continue in h2
        "1-128, 1, 1-110, 10", // h2 covered (129-130 voided) but the voided range continues in h3
        "1-134, 1, 1-110, 10", // h3 holds 135
        "1-135, 4, 1-135, 35", // h0-h3: 10 + 9 + 120-128 (9) + 129-135 (7)
        "1-1000, 5, 1-145, 45", // all but the newest
    })
    void deletesExactlyTheCoveredPrefix(String covered, int deleted, String newBase, long transactions) {
        RetentionResult r = JournalRetention.deleteCovered(dir, u(covered));

        assertThat(r.deletedFiles()).isEqualTo(files.subList(0, deleted));
        assertThat(cycleFileNames()).isEqualTo(files.subList(deleted, files.size()));
        assertThat(r.deletedTransactions()).isEqualTo(transactions);
        assertThat(r.newBase()).isEqualTo(u(newBase));
        assertThat(r.deletedBytes() > 0).isEqualTo(deleted > 0);
        assertThat(Files.exists(dir.resolve(RetentionMarker.FILE_NAME))).isEqualTo(deleted > 0);
        assertThat(firstChronicleCycle())
                .isEqualTo(JournalRetention.cycleFiles(dir).get(0).cycle());
        assertJournalIntact(u(newBase), 1 + (deleted == 0 ? 100 : Long.parseLong(newBase.split("-")[1])));
    }

    @Test
    void repeatedRunsDeleteMoreAndKeepTheSourceAndFormat() {
        assertThat(JournalRetention.deleteCovered(dir, u("1-110")).deletedFiles())
                .hasSize(1);
        assertThat(JournalRetention.deleteCovered(dir, u("1-110")).deletedFiles())
                .isEmpty();
        RetentionResult r = JournalRetention.deleteCovered(dir, u("1-135"));
        assertThat(r.deletedFiles()).isEqualTo(files.subList(1, 4));
        assertThat(r.deletedTransactions()).isEqualTo(25);
        assertThat(r.newBase()).isEqualTo(u("1-135"));
        assertJournalIntact(u("1-135"), 136);
    }

    @Test
    void aWriterOpenInTheSameProcessKeepsAppending() {
        try (JournalWriter w = JournalWriter.open(dir, SETTINGS, clock)) {
            write(w, 151, 152);
            RetentionResult r = JournalRetention.deleteCovered(w, u("1-135"), b -> {}, RetentionCrashPoint.NONE);
            assertThat(r.deletedFiles()).isEqualTo(files.subList(0, 4));
            assertThat(w.baseGtidSet()).isEqualTo(u("1-135"));
            assertThat(w.gtidSet()).isEqualTo(u("1-152"));
            // Chronicle's own listing was refreshed: a read-only queue opened now starts at the first kept file
            // (with a stale listing its tailers find nothing at all)
            assertThat(firstChronicleCycle())
                    .isEqualTo(JournalRetention.cycleFiles(dir).get(0).cycle());
            // a reader opened meanwhile in the same process starts at the first kept cycle
            try (JournalReader reader = JournalReader.open(dir)) {
                assertThat(reader.next().orElseThrow().header().gtid().transactionId())
                        .isEqualTo(136);
            }
            write(w, 153, 155);
            hour();
            write(w, 156, 160);
            w.sync();
            assertThat(JournalScanner.scan(dir).covered()).isEqualTo(u("1-160"));
            // and once more, with the writer in a new hour
            RetentionResult again = JournalRetention.deleteCovered(w, u("1-145"), b -> {}, RetentionCrashPoint.NONE);
            assertThat(again.deletedFiles()).containsExactly("20240301-04F.cq4");
            assertThat(w.baseGtidSet()).isEqualTo(u("1-145"));
            write(w, 161, 161);
        }
        assertThat(cycleFileNames()).containsExactly("20240301-05F.cq4", "20240301-06F.cq4");
        JournalSummary s = JournalScanner.scan(dir);
        assertThat(s.healthy()).as(s.problems().toString()).isTrue();
        assertThat(s.base()).isEqualTo(u("1-145"));
        assertThat(s.covered()).isEqualTo(u("1-161"));
        assertThat(readGnos()).isEqualTo(range(146, 161));
        try (JournalWriter w = JournalWriter.open(dir, SETTINGS, clock)) {
            assertThat(w.gtidSet()).isEqualTo(u("1-161"));
            assertThat(w.baseGtidSet()).isEqualTo(u("1-145"));
        }
    }

    @Test
    void aCrashBetweenMarkerAndDeletionReadsAsIfDeleted() {
        crashAfter(0, crash -> JournalRetention.deleteCovered(dir, u("1-135"), b -> {}, crash));
        assertThat(cycleFileNames()).isEqualTo(files);
        assertThat(Files.exists(dir.resolve(RetentionMarker.FILE_NAME))).isTrue();

        // readers ignore the leftovers: no duplicates with the base, no records read twice
        assertReadersSeeIntact(u("1-135"), 136);
        assertThat(cycleFileNames()).isEqualTo(files);

        // the next writer open deletes them
        try (JournalWriter w = JournalWriter.open(dir, SETTINGS, clock)) {
            assertThat(w.baseGtidSet()).isEqualTo(u("1-135"));
            write(w, 151, 151);
        }
        assertThat(cycleFileNames()).isEqualTo(files.subList(4, files.size()));
        assertJournalIntact(u("1-135"), 136, 151);
    }

    @Test
    void aCrashHalfwayThroughTheDeletionIsFinishedByTheNextRun() {
        // files go oldest first: h0 and h1 were deleted, h2 and h3 not yet
        crashAfter(2, crash -> JournalRetention.deleteCovered(dir, u("1-135"), b -> {}, crash));
        assertThat(cycleFileNames()).isEqualTo(files.subList(2, files.size()));
        assertReadersSeeIntact(u("1-135"), 136);

        RetentionResult r = JournalRetention.deleteCovered(dir, u("1-135"));
        assertThat(r.deletedFiles()).isEqualTo(files.subList(2, 4));
        assertThat(r.deletedTransactions()).isZero();
        assertThat(r.newBase()).isEqualTo(u("1-135"));
        assertJournalIntact(u("1-135"), 136);
    }

    @Test
    void aCrashWithAWriterOpenLeavesItWorking() {
        try (JournalWriter w = JournalWriter.open(dir, SETTINGS, clock)) {
            crashAfter(1, crash -> JournalRetention.deleteCovered(w, u("1-135"), b -> {}, crash));
            write(w, 151, 152);
            assertThat(w.gtidSet()).isEqualTo(u("1-152"));
            assertReadersSeeIntact(u("1-135"), 136, 151, 152);
            assertThat(JournalRetention.deleteCovered(w, u("1-135"), b -> {}, RetentionCrashPoint.NONE)
                            .deletedFiles())
                    .isEqualTo(files.subList(1, 4));
        }
        assertJournalIntact(u("1-135"), 136, 151, 152);
    }

    private static void crashAfter(int deletedFiles, java.util.function.Consumer<RetentionCrashPoint> retention) {
        RetentionCrashPoint crash = n -> {
            if (n == deletedFiles) {
                throw new IllegalStateException("simulated crash");
            }
        };
        assertThatThrownBy(() -> retention.accept(crash)).hasMessage("simulated crash");
    }

    @Test
    void cycleFileNamesMatchChronicleCycles() {
        List<JournalRetention.CycleFile> cycles = JournalRetention.cycleFiles(dir);
        long firstHour = Instant.parse("2024-03-01T00:00:00Z").getEpochSecond() / 3600;
        assertThat(cycles)
                .extracting(JournalRetention.CycleFile::cycle)
                .containsExactly(
                        (int) firstHour,
                        (int) firstHour + 1,
                        (int) firstHour + 2,
                        (int) firstHour + 3,
                        (int) firstHour + 4,
                        (int) firstHour + 5);
        assertThat(JournalRetention.fileName((int) firstHour + 5)).isEqualTo(files.get(5));
        // and what Chronicle itself says the first record's cycle is
        try (var queue = ChronicleQueues.openForReading(dir);
                RecordCursor c = new RecordCursor(queue)) {
            assertThat(c.next()).isTrue();
            assertThat(c.cycle).isEqualTo((int) firstHour);
        }
    }

    @Test
    void nothingToDoOnAMissingOrEmptyJournal() {
        Path none = dir.resolve("none");
        assertThat(JournalRetention.deleteCovered(none, ALL).deletedFiles()).isEmpty();
        assertThat(Files.exists(none)).isFalse();
    }

    /** Scanner, reader and writer all see the journal as before, starting after {@code base}. */
    private void assertJournalIntact(GtidSet base, long firstGno, long... more) {
        assertReadersSeeIntact(base, firstGno, more);
        try (JournalWriter w = JournalWriter.open(dir, SETTINGS, clock)) {
            assertThat(w.gtidSet()).isEqualTo(covered(more));
            assertThat(w.baseGtidSet()).isEqualTo(base);
            assertThat(w.sourceUuid()).contains(Events.UUID_A);
            assertThat(w.voidedRecords()).isZero();
            assertThat(w.tornFragmentsCut()).isZero();
        }
    }

    private static GtidSet covered(long... more) {
        GtidSet covered = ALL.copy();
        for (long g : more) {
            covered.add(Events.UUID_A, g);
        }
        return covered;
    }

    /** Scanner and reader see the journal as before, starting after {@code base}. */
    private void assertReadersSeeIntact(GtidSet base, long firstGno, long... more) {
        GtidSet covered = covered(more);
        List<Long> gnos = range(firstGno, 150);
        for (long g : more) {
            gnos.add(g);
        }
        JournalSummary s = JournalScanner.scan(dir);
        assertThat(s.problems()).isEmpty();
        assertThat(s.duplicates().isEmpty()).as("duplicates %s", s.duplicates()).isTrue();
        assertThat(s.base()).isEqualTo(base);
        assertThat(s.covered()).isEqualTo(covered);
        assertThat(s.holes().isEmpty()).as("holes %s", s.holes()).isTrue();
        assertThat(s.healthy()).isTrue();
        assertThat(s.sourceUuid()).contains(Events.UUID_A);
        assertThat(s.transactions()).isEqualTo(gnos.size());
        assertThat(readGnos()).isEqualTo(gnos);
        try (JournalReader r = JournalReader.open(dir)) {
            assertThat(r.baseGtidSet()).isEqualTo(base);
            assertThat(r.sourceUuid()).contains(Events.UUID_A);
        }
    }

    /** Reads every transaction from the start, checking events and format; returns their numbers. */
    private List<Long> readGnos() {
        List<Long> gnos = new ArrayList<>();
        try (JournalReader r = JournalReader.open(dir)) {
            for (var e = r.next(); e.isPresent(); e = r.next()) {
                long gno = e.get().header().gtid().transactionId();
                assertThat(e.get().formatDescription()).as("format of %d", gno).isEqualTo(FDE);
                if (written.containsKey(gno)) {
                    assertThat(Events.same(Events.drain(e.get().events()), written.get(gno)))
                            .as("events of %d", gno)
                            .isTrue();
                }
                gnos.add(gno);
            }
        }
        return gnos;
    }

    private void write(JournalWriter w, long from, long to) {
        for (long gno = from; gno <= to; gno++) {
            List<byte[]> events = new ArrayList<>();
            events.add(Events.event(33, 79, gno));
            byte[] rows = Events.event(30, 300, gno * 31);
            if (gno == 129 && !written.containsKey(129L) && !Files.exists(dir.resolve("marked"))) {
                System.arraycopy(MARKER, 0, rows, 100, MARKER.length);
            }
            events.add(rows);
            events.add(Events.event(16, 31, gno * 7));
            pos = Events.write(w, Events.start(Events.UUID_A, gno, pos), events);
            written.put(gno, events);
        }
    }

    private int firstChronicleCycle() {
        try (var queue = ChronicleQueues.openForReading(dir)) {
            return queue.firstCycle();
        }
    }

    private void hour() {
        clock.advanceMillis(HOUR);
    }

    private static GtidSet u(String range) {
        return GtidSet.parse(Events.UUID_A + ":" + range);
    }

    private static List<Long> range(long from, long to) {
        List<Long> l = new ArrayList<>();
        for (long g = from; g <= to; g++) {
            l.add(g);
        }
        return l;
    }

    private List<String> cycleFileNames() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".cq4"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void flipMarker() throws IOException {
        for (String name : cycleFileNames()) {
            Path f = dir.resolve(name);
            byte[] all = Files.readAllBytes(f);
            for (int i = 0; i + MARKER.length <= all.length; i++) {
                if (all[i] == MARKER[0] && Arrays.equals(all, i, i + MARKER.length, MARKER, 0, MARKER.length)) {
                    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                        raf.seek(i + 3);
                        raf.write(all[i + 3] ^ 0x40);
                    }
                    Files.createFile(dir.resolve("marked"));
                    return;
                }
            }
        }
        throw new AssertionError("marker not found");
    }
}
