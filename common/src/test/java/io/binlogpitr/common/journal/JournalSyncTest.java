package io.binlogpitr.common.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.Gtid;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalSyncTest {
    @TempDir
    Path dir;

    record Batch(List<Long> gnos, long syncedAt) {}

    private final List<Batch> batches = new CopyOnWriteArrayList<>();

    private DurabilityListener listener() {
        return (batch, at) -> {
            List<Long> gnos = new ArrayList<>();
            batch.forEach(h -> gnos.add(h.gtid().transactionId()));
            batches.add(new Batch(gnos, at));
        };
    }

    @Test
    void everyTransactionSyncsInsideEachCommit() {
        JournalSettings s = JournalSettings.defaults()
                .withSync(SyncPolicy.EVERY_TRANSACTION)
                .withListener(listener());
        try (JournalWriter w = JournalWriter.open(dir, s)) {
            long pos = 4;
            for (long gno = 1; gno <= 5; gno++) {
                pos = Events.write(w, Events.start(Events.UUID_A, gno, pos), List.of(Events.event(33, 79, gno)));
                assertThat(batches).hasSize((int) gno);
                assertThat(batches.get((int) gno - 1).gnos()).containsExactly(gno);
                assertThat(w.durable().transactions()).isEqualTo(gno);
                assertThat(w.durable().lastGtid()).isEqualTo(new Gtid(Events.UUID_A, gno));
            }
        }
    }

    @Test
    void intervalSyncGroupsTransactionsAndRunsWithoutFurtherTraffic() throws InterruptedException {
        JournalSettings s = JournalSettings.defaults()
                .withSync(SyncPolicy.interval(Duration.ofMillis(100)))
                .withListener(listener());
        try (JournalWriter w = JournalWriter.open(dir, s)) {
            long pos = 4;
            for (long gno = 1; gno <= 50; gno++) {
                pos = Events.write(w, Events.start(Events.UUID_A, gno, pos), List.of(Events.event(33, 79, gno)));
            }
            assertThat(w.durable().transactions())
                    .as("not durable before a sync")
                    .isLessThan(50);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (w.durable().transactions() < 50 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(w.durable().transactions())
                    .as("the sync thread ran without more commits")
                    .isEqualTo(50);
            assertThat(w.durable().lastOriginalCommitMicros())
                    .isEqualTo(Events.start(Events.UUID_A, 50, 0).originalCommitMicros());
        }
        List<Long> all = new ArrayList<>();
        batches.forEach(b -> all.addAll(b.gnos()));
        List<Long> expected = new ArrayList<>();
        for (long g = 1; g <= 50; g++) {
            expected.add(g);
        }
        assertThat(all).as("every transaction reported once, in order").isEqualTo(expected);
        assertThat(batches.size()).as("grouped").isLessThan(50);
        assertThat(batches).allSatisfy(b -> assertThat(b.gnos()).isNotEmpty());
    }

    @Test
    void anExplicitSyncReportsExactlyWhatWasCommittedSinceTheLastOne() {
        JournalSettings s = JournalSettings.defaults()
                .withSync(SyncPolicy.interval(Duration.ofMinutes(1)))
                .withListener(listener());
        try (JournalWriter w = JournalWriter.open(dir, s)) {
            Events.write(w, Events.start(Events.UUID_A, 1, 4), List.of(Events.event(33, 79, 1)));
            Events.write(w, Events.start(Events.UUID_A, 2, 100), List.of(Events.event(33, 79, 2)));
            w.sync();
            w.sync(); // nothing new: no call
            Events.write(w, Events.start(Events.UUID_A, 3, 200), List.of(Events.event(33, 79, 3)));
            w.beginTransaction(Events.start(Events.UUID_A, 4, 300));
            w.abortTransaction();
            w.sync();
        }
        assertThat(batches).extracting(Batch::gnos).containsExactly(List.of(1L, 2L), List.of(3L));
    }
}
