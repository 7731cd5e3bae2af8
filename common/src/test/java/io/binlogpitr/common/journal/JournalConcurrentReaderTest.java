package io.binlogpitr.common.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reader in this JVM follows a writer in another JVM and never sees part of a transaction. */
class JournalConcurrentReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readerTailsAWriterInAnotherProcess() throws Exception {
        Path dir = tmp.resolve("journal");
        int n = 3000;
        // the writer creates the journal; wait for its directory before opening the reader
        Process child = Events.child(JournalChild.class, tmp.resolve("child.log"), "write", dir.toString(), "" + n);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!dir.resolve("metadata.cq4t").toFile().exists()) {
            assertThat(System.nanoTime()).as("journal created in time").isLessThan(deadline);
            Thread.sleep(10);
        }
        int emptyPolls = 0;
        long gno = 1;
        try (JournalReader r = JournalReader.open(dir)) {
            while (gno <= n) {
                assertThat(System.nanoTime()).as("reader keeps up in time").isLessThan(deadline);
                Optional<JournalEntry> e = r.next();
                if (e.isEmpty()) {
                    emptyPolls++;
                    Thread.sleep(1);
                    continue;
                }
                JournalEntry entry = e.get();
                assertThat(entry.header().gtid().transactionId()).isEqualTo(gno);
                assertThat(Events.same(Events.drain(entry.events()), JournalChild.eventsOf(gno)))
                        .as("transaction %d complete and intact", gno)
                        .isTrue();
                gno++;
            }
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isZero();
            assertThat(r.next()).isEmpty();
        } finally {
            child.destroyForcibly();
        }
        System.out.printf("reader caught up %d times while the writer was running%n", emptyPolls);
    }
}
