package io.binlogpitr.common.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A transaction far larger than a fragment is written and read back with bounded memory. */
class JournalStreamingTest {
    private static final int FRAGMENT = 1 << 20;
    private static final long TOTAL = 64L << 20;

    @TempDir
    Path dir;

    @Test
    void aBigTransactionStreamsThroughFragments() {
        CRC32C written = new CRC32C();
        int events = 0;
        try (JournalWriter w =
                JournalWriter.open(dir, JournalSettings.defaults().withFragmentBytes(FRAGMENT))) {
            w.beginTransaction(Events.start(Events.UUID_A, 1, 4));
            byte[] e = Events.event(30, 300_000, 1); // events span fragment boundaries
            for (long sent = 0; sent < TOTAL; sent += e.length) {
                e[20] = (byte) events; // make each event differ
                w.appendEvent(e, 0, e.length);
                written.update(e, 0, e.length);
                events++;
            }
            assertThat(w.bufferCapacity())
                    .as("writer buffers at most one fragment")
                    .isLessThanOrEqualTo(FRAGMENT);
            w.commitTransaction(4 + (long) events * e.length);
            Events.write(w, Events.start(Events.UUID_A, 2, 0), List.of(Events.event(33, 79, 2)));
        }

        try (JournalReader r = JournalReader.open(dir)) {
            JournalEntry big = r.next().orElseThrow();
            assertThat(big.header().eventCount()).isEqualTo(events);
            assertThat(big.header().payloadBytes()).isGreaterThanOrEqualTo(TOTAL);
            assertThat(big).isInstanceOf(FragmentedEntry.class);
            CRC32C read = new CRC32C();
            int n = 0;
            for (Iterator<byte[]> it = big.events(); it.hasNext(); ) {
                byte[] ev = it.next();
                read.update(ev, 0, ev.length);
                n++;
            }
            assertThat(n).isEqualTo(events);
            assertThat(read.getValue()).isEqualTo(written.getValue());
            assertThat(((FragmentedEntry) big).maxBufferBytes)
                    .as("the reader holds one fragment, never the payload")
                    .isLessThanOrEqualTo(2 * FRAGMENT);
            assertThat(r.next().orElseThrow().header().gtid().transactionId()).isEqualTo(2);
        }
        JournalSummary s = JournalScanner.scan(dir);
        assertThat(s.problems()).isEmpty();
        assertThat(s.journaled()).isEqualTo(GtidSet.parse(Events.UUID_A + ":1-2"));
    }
}
