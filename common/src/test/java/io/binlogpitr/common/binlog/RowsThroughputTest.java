package io.binlogpitr.common.binlog;

import static io.binlogpitr.common.binlog.RowEvents.Col;
import static io.binlogpitr.common.binlog.RowEvents.bytes;
import static io.binlogpitr.common.binlog.RowEvents.concat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Decode + render speed on one thread for a sysbench row (INT id, INT k, CHAR(120) c, CHAR(60) pad): prints rows/s.
 * The figure is information only; the test checks the statements, never the time.
 */
class RowsThroughputTest {
    @Test
    void decodeAndRenderSysbenchRows() {
        // CHAR(120) utf8mb4 holds 480 bytes: 0x1E0 borrows two bits of the real type byte (0xFE ^ 0x10)
        List<Col> cols = List.of(
                Col.of(ColumnTypes.LONG, "id"),
                Col.of(ColumnTypes.LONG, "k"),
                Col.of(ColumnTypes.STRING, "c", 0xFE ^ 0x10, 0xE0),
                Col.of(ColumnTypes.STRING, "pad", 0xFE, 0xF0));
        byte[] tm = RowEvents.tableMap(
                cols,
                RowEvents.names(cols),
                RowEvents.tlv(TableMapDecoder.SIMPLE_PRIMARY_KEY, bytes(0)),
                RowEvents.tlv(TableMapDecoder.DEFAULT_CHARSET, bytes(45)));
        TableDefinition def = TableDefinition.parse(tm, RowEvents.FD);
        assertThat(def.columns().get(2).meta()).isEqualTo(480);
        byte[] c =
                "68487932199-96439406143-93774651418-41631865787-96406072701-20604855487-25459966574-28203206787-41238978918-19503783441"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] pad = "22195207048-70116052123-74140395089-76317954521-98694025897"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int perEvent = 50;
        byte[][] images = new byte[perEvent][];
        for (int i = 0; i < perEvent; i++) {
            images[i] = concat(
                    bytes(0),
                    RowEvents.concat(le(i + 1), le(4993 + i)),
                    concat(bytes(c.length, 0), c),
                    concat(bytes(pad.length), pad));
        }
        byte[] writeEvent = RowEvents.rows(EventTypes.WRITE_ROWS, 4, images);
        byte[][] updateImages = new byte[perEvent * 2][];
        for (int i = 0; i < perEvent; i++) {
            updateImages[2 * i] = images[i];
            updateImages[2 * i + 1] = images[(i + 1) % perEvent];
        }
        byte[] updateEvent = RowEvents.rows(EventTypes.UPDATE_ROWS, 4, updateImages);
        StringBuilder sb = new StringBuilder(1024);
        long[] bytes = {0};
        java.util.function.Consumer<RowChange> render = r -> {
            sb.setLength(0);
            if (r.type() == RowChange.Type.INSERT) {
                RowSql.insert(sb, def, null, r.after());
            } else {
                RowSql.update(sb, def, null, r.before(), r.after());
            }
            bytes[0] += sb.length();
        };
        List<RowChange> sample = new ArrayList<>();
        RowsDecoder.decode(writeEvent, RowEvents.FD, def, sample::add);
        sb.setLength(0);
        RowSql.insert(sb, def, null, sample.get(0).after());
        assertThat(sb.toString()).startsWith("INSERT INTO `db`.`t` (`id`,`k`,`c`,`pad`) VALUES (1,4993,_utf8mb4'6848");

        for (String phase : new String[] {"warm-up", "measured"}) {
            long rows = 0;
            long start = System.nanoTime();
            long until = start + (phase.equals("warm-up") ? 1_500_000_000L : 3_000_000_000L);
            while (System.nanoTime() < until) {
                for (int i = 0; i < 20; i++) {
                    rows += RowsDecoder.decode(writeEvent, RowEvents.FD, def, render);
                    rows += RowsDecoder.decode(updateEvent, RowEvents.FD, def, render);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (phase.equals("measured")) {
                System.out.printf(
                        "RowsThroughputTest: %,.0f rows/s decoded and rendered on one thread (sysbench row, half INSERT,"
                                + " half UPDATE; %,d rows in %.1f s)%n",
                        rows / seconds, rows, seconds);
            }
        }
        assertThat(bytes[0]).isPositive();
    }

    private static byte[] le(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }
}
