package io.binlogpitr.common.binlog;

import static io.binlogpitr.common.binlog.BinlogEventsTest.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.journal.JournalEntry;
import io.binlogpitr.common.journal.ListEntry;
import io.binlogpitr.common.journal.TransactionHeader;
import io.binlogpitr.common.schema.SchemaTracker;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A compressed transaction (binlog_transaction_compression=ON) is decompressed once on its way through the schema
 * history and the row decoding: the classification takes the inner events the history expanded.
 */
class PayloadOnceTest {
    private static final byte[] FDE = BinlogEventsTest.fde(true);
    private static final FormatDescription FD = FormatDescription.parse(FDE);
    private static final String UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

    @Test
    void theRowsAreTheInnerEventsTheSchemaHistoryExpanded() {
        JournalEntry entry = compressed(payload());
        SchemaTracker history = new SchemaTracker(List.of());
        history.enter(entry);
        List<List<byte[]>> expanded = history.expandedPayloads();
        assertThat(expanded).hasSize(1);
        assertThat(expanded.get(0)).hasSize(4); // BEGIN, TABLE_MAP, WRITE_ROWS, XID

        BinlogTransaction tx = BinlogTransaction.of(entry, expanded);
        BinlogTransaction.RowsGroup rows =
                (BinlogTransaction.RowsGroup) tx.parts().get(0);
        // the very arrays the history decompressed: not decompressed again
        assertThat(rows.events().get(0)).isSameAs(expanded.get(0).get(1));
        assertThat(rows.events().get(1)).isSameAs(expanded.get(0).get(2));
        assertThat(tx.end()).isEqualTo(BinlogTransaction.End.XID);
        assertThat(tx.xid()).isEqualTo(77);

        BinlogTransaction alone = BinlogTransaction.of(entry);
        BinlogTransaction.RowsGroup again =
                (BinlogTransaction.RowsGroup) alone.parts().get(0);
        assertThat(again.events().get(1))
                .isNotSameAs(rows.events().get(1))
                .isEqualTo(rows.events().get(1));
        assertThat(alone.end()).isEqualTo(tx.end());
    }

    @Test
    void aDmlEntryWithoutPayloadExpandsNothing() {
        SchemaTracker history = new SchemaTracker(List.of());
        history.enter(compressed(payload()));
        JournalEntry plain = entry(List.of(
                BinlogEventsTest.gtid(UUID.replace("-", ""), 23),
                BinlogEventsTest.query("d", "BEGIN", new byte[0]),
                BinlogEventsTest.tableMap(9, "d", "t")));
        history.enter(plain);
        assertThat(history.expandedPayloads()).isEmpty();
    }

    @Test
    void thePayloadEventsChecksumIsCheckedAllTheSame() {
        byte[] payload = payload();
        SchemaTracker history = new SchemaTracker(List.of());
        history.enter(compressed(payload));
        List<List<byte[]>> expanded = history.expandedPayloads();
        byte[] damaged = payload.clone();
        damaged[damaged.length - 6] ^= 1; // in the compressed bytes, CRC32 not resealed
        assertThatThrownBy(() -> BinlogTransaction.of(compressed(damaged), expanded))
                .isInstanceOfSatisfying(
                        PitrException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.JOURNAL_CORRUPT));
    }

    /** BEGIN, TABLE_MAP, WRITE_ROWS, XID 77, without checksums, compressed into one TRANSACTION_PAYLOAD event. */
    private static byte[] payload() {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        plain.writeBytes(withoutCrc(BinlogEventsTest.query("d", "BEGIN", new byte[0])));
        plain.writeBytes(withoutCrc(BinlogEventsTest.tableMap(9, "d", "t")));
        plain.writeBytes(withoutCrc(BinlogEventsTest.rows(EventTypes.WRITE_ROWS, 9, RowsEvents.STMT_END_F)));
        byte[] xid = new byte[8];
        Bytes.put64(xid, 0, 77);
        plain.writeBytes(event(EventTypes.XID, xid, false));
        byte[] compressed = Zstd.compress(plain.toByteArray());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {1, 1, (byte) compressed.length, 2, 1, 0, 3, 1, (byte) plain.size(), 0});
        body.writeBytes(compressed);
        return event(EventTypes.TRANSACTION_PAYLOAD, body.toByteArray(), true);
    }

    private static byte[] withoutCrc(byte[] e) {
        return event(EventHeader.type(e), Arrays.copyOfRange(e, 19, e.length - 4), false);
    }

    private static JournalEntry compressed(byte[] payload) {
        return entry(List.of(BinlogEventsTest.gtid(UUID.replace("-", ""), 23), payload));
    }

    private static JournalEntry entry(List<byte[]> events) {
        TransactionHeader h = new TransactionHeader(new Gtid(UUID, 23), 0, 0, "binlog.000001", 4, 100, 2, 19);
        return new ListEntry(h, 23, FDE, events);
    }
}
