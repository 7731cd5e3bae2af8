package io.binlogpitr.common.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.binlogpitr.common.gtid.GtidSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** kill -9 of a writer in another JVM in the middle of a transaction, then recovery. */
class JournalCrashTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"torn-fragments", "torn-excerpt"})
    void aKilledWriterLeavesATornTailThatTheNextWriterCuts(String mode) throws Exception {
        Path dir = tmp.resolve("journal");
        int n = 25;
        Process child = Events.child(JournalChild.class, tmp.resolve("child.log"), mode, dir.toString(), "" + n);
        try {
            Events.awaitLine(child, "READY");
        } finally {
            Events.kill9(child);
        }

        // readers see exactly the committed transactions and nothing of the torn one, and do not hang
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (JournalReader r = JournalReader.open(dir)) {
                for (long gno = 1; gno <= n; gno++) {
                    JournalEntry e = r.next().orElseThrow();
                    assertThat(e.header().gtid().transactionId()).isEqualTo(gno);
                    assertThat(Events.same(Events.drain(e.events()), JournalChild.eventsOf(gno)))
                            .isTrue();
                }
                assertThat(r.next()).isEmpty();
            }
        });

        long pos;
        try (JournalWriter w = assertTimeoutPreemptively(
                Duration.ofSeconds(30), () -> JournalWriter.open(dir, JournalSettings.defaults()))) {
            assertThat(w.gtidSet()).isEqualTo(GtidSet.parse(Events.UUID_A + ":1-" + n));
            assertThat(w.tornFragmentsCut()).as("fragments voided").isPositive();
            if (mode.equals("torn-excerpt")) {
                assertThat(w.tornExcerptKind()).as("incomplete excerpt seen").isEqualTo((int) RecordFormat.FRAGMENT);
            }
            // the source sends the in-flight transaction again, and more
            pos = Events.write(w, Events.start(Events.UUID_A, n + 1, 1000), List.of(Events.event(33, 79, 99)));
            Events.write(w, Events.start(Events.UUID_A, n + 2, pos), JournalChild.eventsOf(n + 2));
        }

        try (JournalReader r = JournalReader.open(dir)) {
            for (long gno = 1; gno <= n + 2; gno++) {
                JournalEntry e = r.next().orElseThrow();
                assertThat(e.header().gtid().transactionId()).isEqualTo(gno);
                List<byte[]> expected = gno == n + 1 ? List.of(Events.event(33, 79, 99)) : JournalChild.eventsOf(gno);
                assertThat(Events.same(Events.drain(e.events()), expected)).isTrue();
            }
            assertThat(r.next()).isEmpty();
        }
        JournalSummary s = JournalScanner.scan(dir);
        assertThat(s.problems()).isEmpty();
        assertThat(s.transactions()).isEqualTo(n + 2);
        assertThat(s.journaled()).isEqualTo(GtidSet.parse(Events.UUID_A + ":1-" + (n + 2)));
        assertThat(Files.readString(tmp.resolve("child.log"))).doesNotContain("Exception");
    }
}
