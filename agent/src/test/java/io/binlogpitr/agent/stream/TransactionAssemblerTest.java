package io.binlogpitr.agent.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransactionAssemblerTest {
    private static final String UUID = "5a511a63-e564-11f1-9a5d-02fc00000001";
    private static final int TABLE_MAP = 19;
    private static final int WRITE_ROWS = 30;

    private final Events ev = new Events();
    private final RecordingSink sink = new RecordingSink();
    private TransactionAssembler assembler;

    @BeforeEach
    void setUp() {
        assembler = new TransactionAssembler(sink, new StreamStats());
        assembler.checksumLength(4);
        feed(ev.rotate("binlog.000007"));
    }

    private void feed(byte[]... events) {
        for (byte[] e : events) {
            assembler.onEvent(e, e.length);
        }
    }

    @Test
    void aRowTransactionEndsAtItsXidWithEveryEventAndItsPositions() {
        byte[] gtid = ev.gtid(UUID, 5, 1_700_000_000_123_456L, 1_700_000_000_223_456L);
        byte[][] txn = {gtid, ev.query("shop", "BEGIN"), ev.rows(TABLE_MAP, 30), ev.rows(WRITE_ROWS, 100), ev.xid()};
        feed(Arrays.copyOf(txn, 4));
        assertThat(sink.committed).isEmpty();
        assertThat(assembler.inTransaction()).isTrue();
        feed(txn[4]);

        assertThat(sink.committed).hasSize(1);
        Txn t = sink.committed.get(0);
        assertThat(t.gtid).isEqualTo(new Gtid(UUID, 5));
        assertThat(t.originalMicros).isEqualTo(1_700_000_000_123_456L);
        assertThat(t.immediateMicros).isEqualTo(1_700_000_000_223_456L);
        assertThat(t.file).isEqualTo("binlog.000007");
        assertThat(t.start).isEqualTo(RawEvents.nextPosition(gtid) - gtid.length);
        assertThat(t.end).isEqualTo(RawEvents.nextPosition(txn[4]));
        assertThat(t.events).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(t.events.get(i)).isEqualTo(txn[i]);
        }
    }

    @Test
    void withoutOriginalTimestampTheImmediateOneIsUsed() {
        feed(ev.gtid(UUID, 1, 42_000_000L, 42_000_000L), ev.query("d", "CREATE TABLE t (id INT)"));
        assertThat(sink.committed.get(0).originalMicros).isEqualTo(42_000_000L);
    }

    @Test
    void ddlIsOneStatementAndNonTransactionalEnginesEndAtCommit() {
        feed(ev.gtid(UUID, 1, 1, 1), ev.query("d", "CREATE TABLE t (id INT)"));
        feed(ev.gtid(UUID, 2, 1, 1), ev.query("d", "BEGIN"), ev.rows(WRITE_ROWS, 10), ev.query("d", "COMMIT"));
        feed(ev.gtid(UUID, 3, 1, 1), ev.query("d", "XA START X'01'"), ev.rows(WRITE_ROWS, 10));
        feed(ev.query("d", "XA END X'01'"), ev.event(EventTypes.XA_PREPARE, new byte[20]));
        feed(ev.gtid(UUID, 4, 1, 1), ev.query("d", "XA COMMIT X'01'"));
        assertThat(sink.committed).extracting(t -> t.gtid.transactionId()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(sink.committed).extracting(t -> t.events.size()).containsExactly(2, 4, 5, 2);
    }

    @Test
    void anIncidentIsATransactionOfItsOwnAndTheNextOneFollows() {
        // MySQL 8.0 with gtid_mode=ON: GTID, INCIDENT (number 1 = LOST_EVENTS, 1-byte message length, message)
        byte[] message = "error writing to the binary log".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] body = new byte[3 + message.length];
        body[0] = 1;
        body[2] = (byte) message.length;
        System.arraycopy(message, 0, body, 3, message.length);
        byte[] incident = ev.event(EventTypes.INCIDENT, body);
        StreamStats stats = new StreamStats();
        assembler = new TransactionAssembler(sink, stats);
        assembler.checksumLength(4);
        feed(ev.gtid(UUID, 3, 1, 1), incident);
        assertThat(assembler.inTransaction()).isFalse();
        feed(ev.gtid(UUID, 4, 1, 1), ev.query("d", "CREATE TABLE t (id INT)"));

        assertThat(sink.committed).extracting(t -> t.gtid.transactionId()).containsExactly(3L, 4L);
        assertThat(sink.committed.get(0).events.get(1)).isEqualTo(incident);
        assertThat(stats.incidents()).isEqualTo(1);
    }

    @Test
    void aCompressedTransactionIsWholeInItsPayloadEvent() {
        feed(ev.gtid(UUID, 9, 1, 1), ev.event(EventTypes.TRANSACTION_PAYLOAD, new byte[500]));
        assertThat(sink.committed).singleElement().satisfies(t -> assertThat(t.events)
                .hasSize(2));
    }

    @Test
    void heartbeatsAreNotJournaledEvenInsideATransaction() {
        StreamStats stats = new StreamStats();
        assembler = new TransactionAssembler(sink, stats);
        assembler.checksumLength(4);
        feed(ev.heartbeat(), ev.gtid(UUID, 1, 1, 1), ev.query("d", "BEGIN"), ev.heartbeat(), ev.xid());
        assertThat(sink.committed.get(0).events).hasSize(3);
        assertThat(stats.heartbeats()).isEqualTo(2);
        assertThat(stats.events()).isEqualTo(3);
    }

    @Test
    void aTransactionAlreadyInTheJournalIsSkippedWhole() {
        sink.journaled.add(UUID, 1);
        feed(ev.gtid(UUID, 1, 1, 1), ev.query("d", "BEGIN"), ev.rows(WRITE_ROWS, 10), ev.xid());
        feed(ev.gtid(UUID, 2, 1, 1), ev.query("d", "BEGIN"), ev.xid());
        assertThat(sink.began).containsExactly(new Gtid(UUID, 2));
        assertThat(sink.committed).extracting(t -> t.gtid.transactionId()).containsExactly(2L);
    }

    @Test
    void aDisconnectInTheMiddleAbortsAndTheResentTransactionIsTakenWhole() {
        feed(ev.gtid(UUID, 1, 1, 1), ev.query("d", "BEGIN"), ev.rows(WRITE_ROWS, 10));
        assembler.connectionLost();
        assertThat(sink.aborts).isEqualTo(1);
        assertThat(assembler.inTransaction()).isFalse();
        feed(
                ev.rotate("binlog.000007"),
                ev.gtid(UUID, 1, 1, 1),
                ev.query("d", "BEGIN"),
                ev.rows(WRITE_ROWS, 10),
                ev.xid());
        assertThat(sink.committed).singleElement().satisfies(t -> assertThat(t.events)
                .hasSize(4));
    }

    @Test
    void aGtidInsideATransactionIsAProtocolViolation() {
        feed(ev.gtid(UUID, 1, 1, 1), ev.query("d", "BEGIN"));
        assertThatThrownBy(() -> feed(ev.gtid(UUID, 2, 1, 1)))
                .isInstanceOf(StreamProtocolException.class)
                .hasMessageContaining("before " + UUID + ":1 ended");
    }

    @Test
    void taggedGtidsAreRefusedLoudly() {
        assertThatThrownBy(() -> feed(ev.event(EventTypes.GTID_TAGGED, new byte[60])))
                .isInstanceOf(StreamProtocolException.class)
                .hasMessageContaining("tagged GTID");
    }

    @Test
    void rotateNamesTheFileOfLaterTransactions() {
        feed(ev.rotate("binlog.000008"), ev.gtid(UUID, 1, 1, 1), ev.query("d", "DROP TABLE t"));
        assertThat(sink.committed.get(0).file).isEqualTo("binlog.000008");
        assertThat(RawEvents.checksumValid(
                        sink.committed.get(0).events.get(0),
                        sink.committed.get(0).events.get(0).length))
                .isTrue();
    }

    private static final class Txn {
        Gtid gtid;
        long originalMicros;
        long immediateMicros;
        String file;
        long start;
        long end;
        final List<byte[]> events = new ArrayList<>();
    }

    private static final class RecordingSink implements TransactionSink {
        final GtidSet journaled = new GtidSet();
        final List<Gtid> began = new ArrayList<>();
        final List<Txn> committed = new ArrayList<>();
        int aborts;
        Txn open;

        @Override
        public boolean contains(Gtid gtid) {
            return journaled.contains(gtid);
        }

        @Override
        public void recordFormat(byte[] fde, String file) {}

        @Override
        public void beginTransaction(Gtid gtid, long original, long immediate, String file, long start) {
            assertThat(open).as("begin while a transaction is open").isNull();
            began.add(gtid);
            open = new Txn();
            open.gtid = gtid;
            open.originalMicros = original;
            open.immediateMicros = immediate;
            open.file = file;
            open.start = start;
        }

        @Override
        public void appendEvent(byte[] raw, int offset, int length) {
            assertThat(open).as("event outside a transaction").isNotNull();
            open.events.add(Arrays.copyOfRange(raw, offset, offset + length));
        }

        @Override
        public void commitTransaction(long endPosition) {
            open.end = endPosition;
            committed.add(open);
            journaled.add(open.gtid);
            open = null;
        }

        @Override
        public void abortTransaction() {
            aborts++;
            open = null;
        }
    }
}
