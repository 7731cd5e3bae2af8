package io.binlogpitr.common.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints append throughput, sync cost, space overhead and resume-scan time on this machine. No timing
 * assertions (machines differ); the numbers go to docs/design/journal-format.md.
 */
class JournalThroughputTest {
    @TempDir
    Path dir;

    @Test
    void measure() {
        // ~1 KB transactions of 11 events, like sysbench write-only row events
        Random r = new Random(1);
        List<List<byte[]>> shapes = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            List<byte[]> t = new ArrayList<>();
            t.add(Events.event(33, 79, r.nextLong()));
            for (int k = 0; k < 9; k++) {
                t.add(Events.event(30, 70 + r.nextInt(60), r.nextLong()));
            }
            t.add(Events.event(16, 31, r.nextLong()));
            shapes.add(t);
        }
        int n = 200_000;
        long events = 0;
        long bytes = 0;
        long started;
        long elapsed;
        try (JournalWriter w = JournalWriter.open(dir.resolve("interval"), JournalSettings.defaults())) {
            long pos = 4;
            started = System.nanoTime();
            for (int i = 1; i <= n; i++) {
                List<byte[]> t = shapes.get(i & 63);
                TransactionStart s = Events.start(Events.UUID_A, i, pos);
                w.beginTransaction(s);
                for (byte[] e : t) {
                    w.appendEvent(e, 0, e.length);
                    bytes += e.length;
                    events++;
                }
                pos += 1000;
                w.commitTransaction(pos);
            }
            w.sync();
            elapsed = System.nanoTime() - started;
        }
        double secs = elapsed / 1e9;
        System.out.printf(
                "journal append (200ms group commit): %d transactions, %d events, %.1f MB in %.2f s = %.0f tx/s, %.0f"
                        + " events/s, %.1f MB/s%n",
                n, events, bytes / 1e6, secs, n / secs, events / secs, bytes / 1e6 / secs);

        for (int round = 0; round < 3; round++) {
            long scanStart = System.nanoTime();
            long[] tail;
            try (JournalWriter w = JournalWriter.open(dir.resolve("interval"), JournalSettings.defaults())) {
                assertThat(w.gtidSet().size()).isEqualTo(n);
                tail = w.tailVerified();
            }
            System.out.printf(
                    "journal reopen (resume scan of %d transactions): %d ms, of which verifying the last %.1f MB:"
                            + " %.1f ms%n",
                    n, (System.nanoTime() - scanStart) / 1_000_000, tail[0] / 1e6, tail[1] / 1e6);
        }

        JournalSummary s = JournalScanner.scan(dir.resolve("interval"));
        assertThat(s.problems()).isEmpty();
        System.out.printf(
                "journal space: %d payload bytes, %d bytes used in cycle files = %.3f x%n",
                s.payloadBytes(), s.diskBytes(), (double) s.diskBytes() / s.payloadBytes());

        int m = 2000;
        try (JournalWriter w = JournalWriter.open(
                dir.resolve("every"), JournalSettings.defaults().withSync(SyncPolicy.EVERY_TRANSACTION))) {
            long pos = 4;
            started = System.nanoTime();
            for (int i = 1; i <= m; i++) {
                TransactionStart st = Events.start(Events.UUID_A, i, pos);
                pos = Events.write(w, st, shapes.get(i & 63));
            }
            elapsed = System.nanoTime() - started;
        }
        try (JournalWriter w = JournalWriter.open(
                dir.resolve("group"),
                JournalSettings.defaults().withSync(SyncPolicy.interval(java.time.Duration.ofMinutes(1))))) {
            long pos = 4;
            long gno = 1;
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 3000; i++) { // ~3 MB: 200 ms of traffic at 15 MB/s
                    pos = Events.write(w, Events.start(Events.UUID_A, gno++, pos), shapes.get(i & 63));
                }
                long t0 = System.nanoTime();
                w.sync();
                System.out.printf(
                        "journal group sync of 3000 transactions (3 MB): %.2f ms%n", (System.nanoTime() - t0) / 1e6);
            }
        }
        System.out.printf(
                "journal every-transaction: %d transactions in %.2f s = %.0f tx/s, %.0f us per commit+sync%n",
                m, elapsed / 1e9, m / (elapsed / 1e9), elapsed / 1e3 / m);
    }
}
