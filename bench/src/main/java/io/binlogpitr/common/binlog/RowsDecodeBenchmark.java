package io.binlogpitr.common.binlog;

import static io.binlogpitr.common.binlog.RowEvents.Col;
import static io.binlogpitr.common.binlog.RowEvents.bytes;
import static io.binlogpitr.common.binlog.RowEvents.concat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decode + render of a sysbench row (INT id, INT k, CHAR(120) c, CHAR(60) pad) on one thread: the row path of
 * {@code sql}, {@code find} and flashback. Score: rows per second, one rows event of 50 rows per operation.
 * In this package to use common's test builders of binlog events; run by {@code bin/pitr-bench-micro}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RowsDecodeBenchmark {
    static final int ROWS = 50;

    private TableDefinition def;
    private byte[] writeEvent;
    private byte[] updateEvent;
    private final StringBuilder sb = new StringBuilder(1024);

    @Setup
    public void events() {
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
        def = TableDefinition.parse(tm, RowEvents.FD);
        byte[] c = ("68487932199-96439406143-93774651418-41631865787-96406072701-20604855487-25459966574-"
                        + "28203206787-41238978918-19503783441")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] pad = "22195207048-70116052123-74140395089-76317954521-98694025897".getBytes(StandardCharsets.US_ASCII);
        byte[][] images = new byte[ROWS][];
        for (int i = 0; i < ROWS; i++) {
            images[i] = concat(
                    bytes(0),
                    concat(le(i + 1), le(4993 + i)),
                    concat(bytes(c.length, 0), c),
                    concat(bytes(pad.length), pad));
        }
        writeEvent = RowEvents.rows(EventTypes.WRITE_ROWS, 4, images);
        byte[][] updateImages = new byte[ROWS * 2][];
        for (int i = 0; i < ROWS; i++) {
            updateImages[2 * i] = images[i];
            updateImages[2 * i + 1] = images[(i + 1) % ROWS];
        }
        updateEvent = RowEvents.rows(EventTypes.UPDATE_ROWS, 4, updateImages);
        int[] decoded = {0};
        RowsDecoder.decode(writeEvent, RowEvents.FD, def, r -> decoded[0]++);
        if (decoded[0] != ROWS) {
            throw new IllegalStateException("the benchmark's event decodes to " + decoded[0] + " rows, not " + ROWS);
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int insertRows(Blackhole bh) {
        return RowsDecoder.decode(writeEvent, RowEvents.FD, def, render(bh));
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int updateRows(Blackhole bh) {
        return RowsDecoder.decode(updateEvent, RowEvents.FD, def, render(bh));
    }

    private Consumer<RowChange> render(Blackhole bh) {
        return r -> {
            sb.setLength(0);
            if (r.type() == RowChange.Type.INSERT) {
                RowSql.insert(sb, def, null, r.after());
            } else {
                RowSql.update(sb, def, null, r.before(), r.after());
            }
            bh.consume(sb.length());
        };
    }

    private static byte[] le(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }
}
