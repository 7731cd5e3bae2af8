package io.binlogpitr.common.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A full disk while appending, and a tail torn by a power loss: nothing damaged may count as journaled (the agent
 * would never fetch it again). A real disk-full needs a tiny tmpfs mounted as root, which CI cannot do; the
 * mapped-memory fault is simulated by throwing the same InternalError from inside the excerpt.
 */
class JournalTailTest {
    private static final byte[] MARKER = "torn-write-lands-here".getBytes(StandardCharsets.US_ASCII);
    private static final JournalSettings SMALL_FRAGMENTS =
            JournalSettings.defaults().withFragmentBytes(1024);

    @TempDir
    Path dir;

    @Test
    void aFaultInsideAnExcerptLeavesNothingVisibleAndPoisonsTheWriter() {
        JournalWriter w = JournalWriter.open(dir, SMALL_FRAGMENTS);
        long pos = 4;
        for (long gno = 1; gno <= 3; gno++) {
            pos = Events.write(w, Events.start(Events.UUID_A, gno, pos), events(gno, false));
        }
        w.insideDocumentHook(() -> {
            throw new InternalError("a fault occurred in a recent unsafe memory access operation");
        });
        long at = pos;
        assertThatThrownBy(() -> Events.write(w, Events.start(Events.UUID_A, 4, at), events(4, false)))
                .isInstanceOf(PitrException.class)
                .satisfies(e -> assertThat(((PitrException) e).code()).isEqualTo(ErrorCode.IO))
                .hasMessageContaining("cannot append to journal " + dir)
                .hasMessageContaining("a fault occurred in a recent unsafe memory access operation")
                .hasMessageContaining("is the disk full?")
                .hasCauseInstanceOf(InternalError.class);
        w.insideDocumentHook(null);
        // poisoned: nothing more is written, whatever the call
        assertThatThrownBy(() -> w.beginTransaction(Events.start(Events.UUID_A, 5, at)))
                .isInstanceOf(PitrException.class)
                .hasMessageContaining("cannot append to journal");
        assertThatThrownBy(() -> w.appendEvent(Events.event(33, 79, 1), 0, 79)).isInstanceOf(PitrException.class);
        assertThatThrownBy(() -> w.commitTransaction(at + 100)).isInstanceOf(PitrException.class);
        assertThatThrownBy(() -> w.recordBase(new GtidSet(), null)).isInstanceOf(PitrException.class);
        w.close();

        assertThat(gnos(dir)).containsExactly(1L, 2L, 3L);
        try (JournalWriter again = JournalWriter.open(dir, SMALL_FRAGMENTS)) {
            assertThat(again.gtidSet()).isEqualTo(GtidSet.parse(Events.UUID_A + ":1-3"));
            Events.write(again, Events.start(Events.UUID_A, 4, at), events(4, false));
        }
        assertThat(gnos(dir)).containsExactly(1L, 2L, 3L, 4L);
        JournalSummary s = JournalScanner.scan(dir);
        assertThat(s.problems()).isEmpty();
        assertThat(s.healthy()).isTrue();
    }

    @Test
    void aFaultInAFragmentOfABigTransactionLeavesItOut() {
        JournalWriter w = JournalWriter.open(dir, SMALL_FRAGMENTS);
        long pos = Events.write(w, Events.start(Events.UUID_A, 1, 4), events(1, false));
        w.beginTransaction(Events.start(Events.UUID_A, 2, pos));
        byte[] big = Events.event(30, 5000, 2);
        w.insideDocumentHook(() -> {
            throw new InternalError("a fault occurred in a recent unsafe memory access operation");
        });
        assertThatThrownBy(() -> w.appendEvent(big, 0, big.length)).isInstanceOf(PitrException.class);
        w.close();
        try (JournalWriter again = JournalWriter.open(dir, SMALL_FRAGMENTS)) {
            assertThat(again.gtidSet()).isEqualTo(GtidSet.parse(Events.UUID_A + ":1"));
        }
        assertThat(gnos(dir)).containsExactly(1L);
        assertThat(JournalScanner.scan(dir).problems()).isEmpty();
    }

    @Test
    void aFailedSyncIsTheSameIoErrorAndTheAppendingThreadSeesIt() {
        JournalWriter w = JournalWriter.open(dir, JournalSettings.defaults().withSync(SyncPolicy.parse("20ms")));
        long pos = Events.write(w, Events.start(Events.UUID_A, 1, 4), events(1, false));
        w.failSyncs(new IOException("No space left on device"));
        assertThatThrownBy(w::sync)
                .isInstanceOf(PitrException.class)
                .satisfies(e -> assertThat(((PitrException) e).code()).isEqualTo(ErrorCode.IO))
                .hasMessageContaining("cannot sync journal " + dir + " to disk: No space left on device")
                .hasMessageContaining("is the disk full?")
                .satisfies(e -> assertThat(((PitrException) e).hint()).contains("free disk space"));
        assertThatThrownBy(() -> w.beginTransaction(Events.start(Events.UUID_A, 2, pos)))
                .isInstanceOf(PitrException.class)
                .hasMessageContaining("No space left on device");
        w.close(); // writes and syncs nothing, does not throw
    }

    @Test
    void theSyncThreadsFailureReachesTheAppendingThread() throws InterruptedException {
        JournalWriter w = JournalWriter.open(dir, JournalSettings.defaults().withSync(SyncPolicy.parse("10ms")));
        w.failSyncs(new IOException("No space left on device"));
        long pos = Events.write(w, Events.start(Events.UUID_A, 1, 4), events(1, false));
        PitrException seen = null;
        for (int i = 0; i < 500 && seen == null; i++) {
            Thread.sleep(10);
            try {
                w.beginTransaction(Events.start(Events.UUID_A, 2 + i, pos));
                w.abortTransaction();
            } catch (PitrException e) {
                seen = e;
            }
        }
        assertThat(seen).isNotNull();
        assertThat(seen.code()).isEqualTo(ErrorCode.IO);
        assertThat(seen).hasMessageContaining("No space left on device");
        w.close();
    }

    /** A power loss persisted a record's header but not its payload: flipped bytes near the end of the journal. */
    @ParameterizedTest
    @ValueSource(strings = {"transaction", "fragment"})
    void aDamagedTailIsVoidedAndFetchedAgain(String where) throws IOException {
        int n = 30;
        long damaged = where.equals("transaction") ? 25 : 27; // 27 is fragmented (see events)
        long pos = 4;
        try (JournalWriter w = JournalWriter.open(dir, SMALL_FRAGMENTS)) {
            for (long gno = 1; gno <= n; gno++) {
                pos = Events.write(w, Events.start(Events.UUID_A, gno, pos), events(gno, gno == damaged));
            }
        }
        assertThat(flipMarker()).isTrue();

        try (JournalWriter w = JournalWriter.open(dir, SMALL_FRAGMENTS)) {
            assertThat(w.voidedRecords()).isPositive();
            GtidSet expected = GtidSet.parse(Events.UUID_A + ":1-" + (damaged - 1));
            assertThat(w.gtidSet()).isEqualTo(expected);
            // the agent resumes from gtidSet(): the source sends the voided transactions again
            for (long gno = damaged; gno <= n + 1; gno++) {
                Events.write(w, Events.start(Events.UUID_A, gno, 10_000 + gno * 10_000), events(gno, false));
            }
            assertThat(w.gtidSet()).isEqualTo(GtidSet.parse(Events.UUID_A + ":1-" + (n + 1)));
        }

        // readers hand out every transaction once, the damaged one in its re-fetched form
        try (JournalReader r = JournalReader.open(dir)) {
            for (long gno = 1; gno <= n + 1; gno++) {
                JournalEntry e = r.next().orElseThrow();
                assertThat(e.header().gtid().transactionId()).isEqualTo(gno);
                assertThat(Events.same(Events.drain(e.events()), events(gno, false)))
                        .as("events of " + gno)
                        .isTrue();
            }
            assertThat(r.next()).isEmpty();
        }
        JournalSummary s = JournalScanner.scan(dir);
        assertThat(s.problems()).isEmpty();
        assertThat(s.duplicates().isEmpty()).isTrue();
        assertThat(s.healthy()).isTrue();
        assertThat(s.journaled()).isEqualTo(GtidSet.parse(Events.UUID_A + ":1-" + (n + 1)));
        assertThat(s.transactions()).isEqualTo(n + 1);
        assertThat(s.voidedRecords()).isPositive();

        // the next open finds nothing new to void (the damaged record is behind the VOID)
        try (JournalWriter w = JournalWriter.open(dir, SMALL_FRAGMENTS)) {
            assertThat(w.voidedRecords()).isZero();
            assertThat(w.gtidSet()).isEqualTo(GtidSet.parse(Events.UUID_A + ":1-" + (n + 1)));
        }
    }

    /** Damage older than the verified tail is not the writer's to void: verify reports it. */
    @Test
    void oldDamageIsReportedNotVoided() throws IOException {
        long pos = 4;
        try (JournalWriter w = JournalWriter.open(dir, JournalSettings.defaults())) {
            pos = Events.write(w, Events.start(Events.UUID_A, 1, pos), events(1, true));
            // then more than the verified tail: 70 transactions of 1 MiB
            for (long gno = 2; gno <= 71; gno++) {
                pos = Events.write(w, Events.start(Events.UUID_A, gno, pos), List.of(Events.event(30, 1 << 20, gno)));
            }
        }
        assertThat(flipMarker()).isTrue();
        try (JournalWriter w = JournalWriter.open(dir, JournalSettings.defaults())) {
            assertThat(w.voidedRecords()).isZero();
            assertThat(w.gtidSet()).isEqualTo(GtidSet.parse(Events.UUID_A + ":1-71"));
            assertThat(w.tailVerified()[0]).isGreaterThanOrEqualTo(ResumeScan.VERIFIED_TAIL_BYTES);
        }
        JournalSummary s = JournalScanner.scan(dir);
        assertThat(s.problems()).hasSize(1);
        assertThat(s.problems().get(0)).contains("fails its checksum");
        assertThat(s.journaled()).isEqualTo(GtidSet.parse(Events.UUID_A + ":2-71"));
        assertThat(s.voidedRecords()).isZero();
        try (JournalReader r = JournalReader.open(dir)) {
            assertThatThrownBy(r::next)
                    .isInstanceOf(PitrException.class)
                    .satisfies(e -> assertThat(((PitrException) e).code()).isEqualTo(ErrorCode.JOURNAL_CORRUPT));
        }
    }

    /** Every 9th transaction (and 27) is fragmented over 1 KiB fragments; {@code marked} carries the marker. */
    private static List<byte[]> events(long gno, boolean marked) {
        List<byte[]> events = new ArrayList<>();
        events.add(Events.event(33, 79, gno));
        boolean big = gno % 9 == 0 || gno == 27;
        byte[] rows = Events.event(30, big ? 3000 : 300, gno * 31);
        if (marked) {
            // in the second fragment of a big one
            System.arraycopy(MARKER, 0, rows, big ? 1500 : 100, MARKER.length);
        }
        events.add(rows);
        events.add(Events.event(16, 31, gno * 7));
        return events;
    }

    private static List<Long> gnos(Path dir) {
        List<Long> gnos = new ArrayList<>();
        try (JournalReader r = JournalReader.open(dir)) {
            for (var e = r.next(); e.isPresent(); e = r.next()) {
                Events.drain(e.get().events());
                gnos.add(e.get().header().gtid().transactionId());
            }
        }
        return gnos;
    }

    private boolean flipMarker() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".cq4")).toList()) {
                byte[] all = Files.readAllBytes(f);
                for (int i = 0; i + MARKER.length <= all.length; i++) {
                    if (all[i] == MARKER[0] && Arrays.equals(all, i, i + MARKER.length, MARKER, 0, MARKER.length)) {
                        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                            raf.seek(i + 3);
                            raf.write(all[i + 3] ^ 0x40);
                        }
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
