package io.binlogpitr.common.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void manyTransactionsOfRandomSizesComeBackByteForByte() {
        Random r = new Random(42);
        List<List<byte[]>> written = new ArrayList<>();
        List<TransactionStart> starts = new ArrayList<>();
        // small fragments so that some transactions are fragmented and some events span fragments
        JournalSettings s = JournalSettings.defaults().withFragmentBytes(4096);
        byte[] fde = Events.event(15, 120, 1);
        try (JournalWriter w = JournalWriter.open(dir, s)) {
            w.recordBase(GtidSet.parse(Events.UUID_A + ":1-100"), Events.UUID_A);
            w.recordFormat(fde, "binlog.000001");
            long pos = 4;
            for (int i = 0; i < 2000; i++) {
                List<byte[]> events = Events.transaction(r, i % 100 == 0 ? 3000 : 300);
                TransactionStart st = Events.start(Events.UUID_A, 101 + i, pos);
                pos = Events.write(w, st, events);
                written.add(events);
                starts.add(st);
            }
            assertThat(w.gtidSet()).hasToString(Events.UUID_A + ":1-2100");
        }

        try (JournalReader reader = JournalReader.open(dir)) {
            assertThat(reader.baseGtidSet()).hasToString(Events.UUID_A + ":1-100");
            assertThat(reader.sourceUuid()).contains(Events.UUID_A);
            long lastIndex = -1;
            for (int i = 0; i < written.size(); i++) {
                JournalEntry e = reader.next().orElseThrow();
                TransactionHeader h = e.header();
                TransactionStart st = starts.get(i);
                assertThat(h.gtid()).isEqualTo(st.gtid());
                assertThat(h.originalCommitMicros()).isEqualTo(st.originalCommitMicros());
                assertThat(h.immediateCommitMicros()).isEqualTo(st.immediateCommitMicros());
                assertThat(h.binlogFile()).isEqualTo("binlog.000001");
                assertThat(h.startPosition()).isEqualTo(st.startPosition());
                long size = written.get(i).stream().mapToLong(b -> b.length).sum();
                assertThat(h.endPosition()).isEqualTo(st.startPosition() + size);
                assertThat(h.payloadBytes()).isEqualTo(size);
                assertThat(h.eventCount()).isEqualTo(written.get(i).size());
                assertThat(e.formatDescription()).isEqualTo(fde);
                assertThat(e.index()).isGreaterThan(lastIndex);
                lastIndex = e.index();
                assertThat(Events.same(Events.drain(e.events()), written.get(i)))
                        .as("events of %s", h.gtid())
                        .isTrue();
            }
            assertThat(reader.next()).isEmpty();
        }
    }

    @Test
    void reopeningRebuildsTheStateFromTheJournal() {
        byte[] fde = Events.event(15, 120, 1);
        try (JournalWriter w = JournalWriter.open(dir, JournalSettings.defaults())) {
            assertThat(w.gtidSet().isEmpty()).isTrue();
            assertThat(w.sourceUuid()).isEmpty();
            w.recordBase(GtidSet.parse(Events.UUID_A + ":1-5"), Events.UUID_A);
            w.recordFormat(fde, "binlog.000001");
            Events.write(w, Events.start(Events.UUID_A, 6, 100), List.of(Events.event(33, 79, 6)));
            Events.write(w, Events.start(Events.UUID_B, 1, 200), List.of(Events.event(33, 79, 7)));
        }
        try (JournalWriter w = JournalWriter.open(dir, JournalSettings.defaults())) {
            assertThat(w.gtidSet()).isEqualTo(GtidSet.parse(Events.UUID_A + ":1-6," + Events.UUID_B + ":1"));
            assertThat(w.baseGtidSet()).isEqualTo(GtidSet.parse(Events.UUID_A + ":1-5"));
            assertThat(w.sourceUuid()).contains(Events.UUID_A);
            assertThat(w.durable().transactions()).isEqualTo(2);
            assertThat(w.durable().lastGtid()).isEqualTo(new Gtid(Events.UUID_B, 1));
            w.recordFormat(fde.clone(), "binlog.000002"); // identical: skipped
            w.recordBase(GtidSet.parse(Events.UUID_B + ":100"), null);
            assertThat(w.baseGtidSet()).hasToString(Events.UUID_A + ":1-5," + Events.UUID_B + ":100");
        }
        JournalSummary summary = JournalScanner.scan(dir);
        assertThat(summary.problems()).isEmpty();
        assertThat(summary.transactions()).isEqualTo(2);
        assertThat(summary.base()).hasToString(Events.UUID_A + ":1-5," + Events.UUID_B + ":100");
        assertThat(summary.sourceUuid()).contains(Events.UUID_A);
        assertThat(summary.firstCommit()).isPresent();
        assertThat(summary.diskBytes()).isPositive();
    }

    @Test
    void taggedGtidsAndEmptyTransactionsRoundTrip() {
        Gtid tagged = new Gtid(Events.UUID_A, "blue", 9);
        try (JournalWriter w = JournalWriter.open(dir, JournalSettings.defaults())) {
            w.beginTransaction(new TransactionStart(tagged, 5, 3, "mysql-bin.000777", 1L << 33));
            w.commitTransaction((1L << 33) + 10);
        }
        try (JournalReader reader = JournalReader.open(dir)) {
            JournalEntry e = reader.next().orElseThrow();
            assertThat(e.header())
                    .isEqualTo(
                            new TransactionHeader(tagged, 5, 3, "mysql-bin.000777", 1L << 33, (1L << 33) + 10, 0, 0));
            assertThat(e.events().hasNext()).isFalse();
            assertThat(e.formatDescription()).isNull();
        }
    }

    @Test
    void refusesATransactionAlreadyJournaledAndEventsWithAWrongSize() {
        try (JournalWriter w = JournalWriter.open(dir, JournalSettings.defaults())) {
            w.recordBase(GtidSet.parse(Events.UUID_A + ":1-5"), Events.UUID_A);
            assertThatThrownBy(() -> w.beginTransaction(Events.start(Events.UUID_A, 3, 4)))
                    .isInstanceOf(PitrException.class)
                    .satisfies(e -> assertThat(((PitrException) e).code()).isEqualTo(ErrorCode.JOURNAL_CONFLICT))
                    .hasMessageContaining(Events.UUID_A + ":3");
            w.beginTransaction(Events.start(Events.UUID_A, 6, 4));
            byte[] bad = Events.event(30, 100, 1);
            RecordFormat.putIntLE(bad, 9, 99);
            assertThatThrownBy(() -> w.appendEvent(bad, 0, bad.length))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("declares size 99");
            assertThatThrownBy(() -> w.recordFormat(bad, "x")).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void readerFollowsAWriterInTheSameProcess() {
        try (JournalWriter w = JournalWriter.open(dir, JournalSettings.defaults());
                JournalReader reader = openAfterFirst(w)) {
            assertThat(reader.next()).isPresent();
            assertThat(reader.next()).isEmpty();
            w.beginTransaction(Events.start(Events.UUID_A, 2, 200));
            w.appendEvent(Events.event(30, 50, 2), 0, 50);
            assertThat(reader.next()).as("not committed yet").isEmpty();
            w.commitTransaction(250);
            Optional<JournalEntry> e = reader.next();
            assertThat(e).isPresent();
            assertThat(e.get().header().gtid().transactionId()).isEqualTo(2);
        }
    }

    private JournalReader openAfterFirst(JournalWriter w) {
        Events.write(w, Events.start(Events.UUID_A, 1, 100), List.of(Events.event(33, 79, 1)));
        return JournalReader.open(dir);
    }
}
