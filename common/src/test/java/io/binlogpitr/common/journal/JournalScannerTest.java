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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalScannerTest {
    private static final byte[] MARKER = "flip-a-byte-in-this-event".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void aFlippedByteInAPayloadIsReportedWithItsIndex() throws IOException {
        JournalSettings small = JournalSettings.defaults().withFragmentBytes(1024);
        try (JournalWriter w = JournalWriter.open(dir, small)) {
            long pos = 4;
            for (long gno = 1; gno <= 10; gno++) {
                byte[] e = Events.event(30, gno == 5 || gno == 8 ? 3000 : 200, gno);
                if (gno == 5 || gno == 8) {
                    System.arraycopy(MARKER, 0, e, 100 + (int) gno * 100, MARKER.length);
                }
                pos = Events.write(w, Events.start(Events.UUID_A, gno, pos), List.of(e));
            }
        }
        assertThat(JournalScanner.scan(dir).problems()).isEmpty();
        // 5 and 8 are fragmented (3000 bytes over 1 KiB fragments); corrupt 5 only
        assertThat(flipFirstMarker()).isTrue();

        JournalSummary s = JournalScanner.scan(dir);
        assertThat(s.problems()).isNotEmpty();
        assertThat(s.problems().get(0)).startsWith("index 0x").contains("fails its checksum");
        assertThat(s.journaled().contains(Events.start(Events.UUID_A, 5, 0).gtid()))
                .isFalse();
        assertThat(s.journaled().size()).isEqualTo(9);
        assertThat(s.transactions()).isEqualTo(10);
        assertThat(s.holes()).hasToString(Events.UUID_A + ":5");

        try (JournalReader r = JournalReader.open(dir)) {
            for (int i = 1; i < 5; i++) {
                Events.drain(r.next().orElseThrow().events());
            }
            JournalEntry fifth = r.next().orElseThrow();
            assertThatThrownBy(() -> Events.drain(fifth.events()))
                    .isInstanceOf(PitrException.class)
                    .satisfies(e -> assertThat(((PitrException) e).code()).isEqualTo(ErrorCode.JOURNAL_CORRUPT))
                    .hasMessageContaining("index 0x");
        }
    }

    @Test
    void aFlippedByteInASmallTransactionFailsNext() throws IOException {
        try (JournalWriter w = JournalWriter.open(dir, JournalSettings.defaults())) {
            byte[] e = Events.event(30, 400, 1);
            System.arraycopy(MARKER, 0, e, 100, MARKER.length);
            Events.write(w, Events.start(Events.UUID_A, 1, 4), List.of(e));
        }
        assertThat(flipFirstMarker()).isTrue();
        try (JournalReader r = JournalReader.open(dir)) {
            assertThatThrownBy(r::next)
                    .isInstanceOf(PitrException.class)
                    .hasMessageContaining("index 0x")
                    .hasMessageContaining("fails its checksum");
        }
        assertThat(JournalScanner.scan(dir).problems()).hasSize(1);
    }

    @Test
    void duplicatesAndHolesAreReported() {
        try (JournalWriter w = JournalWriter.open(dir, JournalSettings.defaults())) {
            w.recordBase(GtidSet.parse(Events.UUID_A + ":1-10"), Events.UUID_A);
            w.acceptDuplicates(true);
            Events.write(w, Events.start(Events.UUID_A, 11, 4), List.of(Events.event(33, 79, 1)));
            Events.write(w, Events.start(Events.UUID_A, 11, 100), List.of(Events.event(33, 79, 2)));
            Events.write(w, Events.start(Events.UUID_A, 3, 200), List.of(Events.event(33, 79, 3)));
            Events.write(w, Events.start(Events.UUID_A, 15, 300), List.of(Events.event(33, 79, 4)));
        }
        JournalSummary s = JournalScanner.scan(dir);
        assertThat(s.duplicates()).isEqualTo(GtidSet.parse(Events.UUID_A + ":3:11"));
        assertThat(s.holes()).isEqualTo(GtidSet.parse(Events.UUID_A + ":12-14"));
        assertThat(s.problems()).isEmpty();
        assertThat(s.healthy()).isFalse();
    }

    @Test
    void aMissingJournalIsAnIoError() {
        assertThatThrownBy(() -> JournalScanner.scan(dir.resolve("nope")))
                .isInstanceOf(PitrException.class)
                .hasMessageContaining("does not exist")
                .satisfies(e -> assertThat(((PitrException) e).code()).isEqualTo(ErrorCode.IO));
    }

    /** Flips one byte of the first occurrence of the marker in a cycle file. */
    private boolean flipFirstMarker() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".cq4")).toList()) {
                byte[] all = Files.readAllBytes(f);
                for (int i = 0; i + MARKER.length <= all.length; i++) {
                    if (all[i] == MARKER[0]
                            && java.util.Arrays.equals(all, i, i + MARKER.length, MARKER, 0, MARKER.length)) {
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
