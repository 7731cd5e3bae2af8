package io.binlogpitr.agent.stream;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.FormatDescriptionEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ChecksumType;
import com.github.shyiko.mysql.binlog.event.deserialization.DeleteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer.CompatibilityMode;
import com.github.shyiko.mysql.binlog.event.deserialization.EventHeaderV4Deserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.FormatDescriptionEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.GtidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.NullEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.QueryEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.RowsQueryEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.TableMapEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.UpdateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.WriteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.XidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Decodes raw binlog events (header + body + checksum, as the server sent them) into {@link RowChange}s,
 * with mysql-binlog-connector-java's {@code EventDeserializer} in the modes that keep values exact:
 * {@code DATE_AND_TIME_AS_LONG_MICRO}, {@code CHAR_AND_BINARY_AS_BYTE_ARRAY}, {@code
 * INVALID_DATE_AND_TIME_AS_MIN_VALUE}. Every event's length and CRC32 are checked first.
 *
 * <p>Cell values: integers as Integer/Long (signed; unsigned columns need masking by width), DECIMAL as
 * BigDecimal, FLOAT/DOUBLE as Float/Double, BIT as BitSet (bit i = 2^i), ENUM as Integer index, SET as
 * Long bitmask, JSON as MySQL binary JSON bytes, strings/BLOB/GEOMETRY as bytes in the column's charset
 * (CHAR without its trailing pad, BINARY(n) without its trailing 0x00s), DATE/DATETIME as microseconds
 * since 1970-01-01 (as if UTC), TIMESTAMP as microseconds since the epoch, TIME as signed microseconds,
 * YEAR as Integer. {@link Fidelity#EXACT} (the default) repairs what the connector decodes wrongly,
 * {@link Fidelity#CONNECTOR} leaves the connector as it is, to show its errors.
 *
 * <p>Stateful (TABLE_MAP events are remembered); not thread-safe.
 */
public final class RawEventDecoder {

    /** Which decoding to use for the cells and compressed transactions the connector gets wrong. */
    public enum Fidelity {
        EXACT,
        CONNECTOR
    }

    private static final int HEADER_LENGTH = 19;
    private static final byte FORMAT_DESCRIPTION_EVENT = 15;

    private final Map<Long, TableMapEventData> tableMaps = new HashMap<>();
    private final EventDeserializer deserializer;
    private ChecksumType checksum = ChecksumType.NONE;

    public RawEventDecoder() {
        this(Fidelity.EXACT);
    }

    public RawEventDecoder(Fidelity fidelity) {
        if (fidelity == Fidelity.EXACT) {
            EventDeserializer inner = newDeserializer(tableMaps, null);
            this.deserializer = newDeserializer(tableMaps, new CompressedPayloadDeserializer(inner));
        } else {
            this.deserializer = new EventDeserializer();
            this.deserializer.setCompatibilityMode(
                    CompatibilityMode.DATE_AND_TIME_AS_LONG_MICRO,
                    CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY,
                    CompatibilityMode.INVALID_DATE_AND_TIME_AS_MIN_VALUE);
        }
    }

    /** Decodes one transaction: the FORMAT_DESCRIPTION event in force, then the transaction's events. */
    public List<RowChange> decodeTransaction(byte[] formatDescription, Iterator<byte[]> events) throws IOException {
        List<RowChange> changes = new ArrayList<>();
        if (formatDescription != null) {
            decodeInto(formatDescription, changes);
        }
        while (events.hasNext()) {
            decodeInto(events.next(), changes);
        }
        return changes;
    }

    /** Decodes a sequence of raw events; a FORMAT_DESCRIPTION event must come before the first rows event. */
    public List<RowChange> decode(List<byte[]> rawEvents) throws IOException {
        List<RowChange> changes = new ArrayList<>();
        for (byte[] raw : rawEvents) {
            decodeInto(raw, changes);
        }
        return changes;
    }

    /** Decodes one raw event into a connector {@link Event}, after checking its length and checksum. */
    public Event decodeEvent(byte[] raw) throws IOException {
        if (raw.length < HEADER_LENGTH) {
            throw new IOException("binlog event of " + raw.length + " bytes is shorter than its header");
        }
        long declared = le32(raw, 9);
        if (declared != raw.length) {
            throw new IOException("binlog event header says " + declared + " bytes, got " + raw.length);
        }
        if (raw[4] == FORMAT_DESCRIPTION_EVENT) {
            Event event = deserializer.nextEvent(new ByteArrayInputStream(raw));
            checksum = ((FormatDescriptionEventData) event.getData()).getChecksumType();
            verifyChecksum(raw);
            return event;
        }
        verifyChecksum(raw);
        Event event = deserializer.nextEvent(new ByteArrayInputStream(raw));
        return event;
    }

    private void decodeInto(byte[] raw, List<RowChange> out) throws IOException {
        dispatch(decodeEvent(raw), out);
    }

    private void dispatch(Event event, List<RowChange> out) {
        EventType type = event.getHeader().getEventType();
        Object data = event.getData();
        if (data instanceof TableMapEventData tm) {
            tableMaps.put(tm.getTableId(), tm);
        } else if (data instanceof TransactionPayloadEventData payload) {
            for (Event inner : payload.getUncompressedEvents()) {
                dispatch(inner, out);
            }
        } else if (data instanceof WriteRowsEventData w) {
            TableMapEventData tm = tableMap(w.getTableId(), type);
            requireFullImage(tm, w.getIncludedColumns());
            for (Serializable[] row : w.getRows()) {
                out.add(new RowChange(tm.getDatabase(), tm.getTable(), RowChange.Kind.INSERT, null, row, tm));
            }
        } else if (data instanceof UpdateRowsEventData u) {
            TableMapEventData tm = tableMap(u.getTableId(), type);
            requireFullImage(tm, u.getIncludedColumnsBeforeUpdate());
            requireFullImage(tm, u.getIncludedColumns());
            for (Map.Entry<Serializable[], Serializable[]> row : u.getRows()) {
                out.add(new RowChange(
                        tm.getDatabase(), tm.getTable(), RowChange.Kind.UPDATE, row.getKey(), row.getValue(), tm));
            }
        } else if (data instanceof DeleteRowsEventData d) {
            TableMapEventData tm = tableMap(d.getTableId(), type);
            requireFullImage(tm, d.getIncludedColumns());
            for (Serializable[] row : d.getRows()) {
                out.add(new RowChange(tm.getDatabase(), tm.getTable(), RowChange.Kind.DELETE, row, null, tm));
            }
        }
    }

    private TableMapEventData tableMap(long tableId, EventType type) {
        TableMapEventData tm = tableMaps.get(tableId);
        if (tm == null) {
            throw new IllegalStateException(
                    type + " event for table id " + tableId + " without a TABLE_MAP event before it");
        }
        return tm;
    }

    private static void requireFullImage(TableMapEventData tm, BitSet included) {
        int columns = tm.getColumnTypes().length;
        if (included.cardinality() != columns) {
            throw new IllegalStateException("rows event for " + tm.getDatabase() + "." + tm.getTable() + " carries "
                    + included.cardinality() + " of " + columns + " columns; binlog_row_image must be FULL");
        }
    }

    private void verifyChecksum(byte[] raw) throws IOException {
        if (checksum != ChecksumType.CRC32) {
            return;
        }
        CRC32 crc = new CRC32();
        crc.update(raw, 0, raw.length - 4);
        long expected = le32(raw, raw.length - 4);
        if (crc.getValue() != expected) {
            throw new IOException(String.format(
                    "binlog event at log position %d fails its CRC32: computed %08x, stored %08x",
                    le32(raw, 13), crc.getValue(), expected));
        }
    }

    private static long le32(byte[] b, int offset) {
        return (b[offset] & 0xFFL)
                | (b[offset + 1] & 0xFFL) << 8
                | (b[offset + 2] & 0xFFL) << 16
                | (b[offset + 3] & 0xFFL) << 24;
    }

    @SuppressWarnings("rawtypes") // the connector's constructor takes a raw EventDataDeserializer map
    private static EventDeserializer newDeserializer(
            Map<Long, TableMapEventData> tableMaps, EventDataDeserializer<?> payloadDeserializer) {
        Map<EventType, EventDataDeserializer> m = new IdentityHashMap<>();
        m.put(EventType.FORMAT_DESCRIPTION, new FormatDescriptionEventDataDeserializer());
        m.put(EventType.TABLE_MAP, new TableMapEventDataDeserializer());
        m.put(EventType.QUERY, new QueryEventDataDeserializer());
        m.put(EventType.XID, new XidEventDataDeserializer());
        m.put(EventType.GTID, new GtidEventDataDeserializer());
        m.put(EventType.ROWS_QUERY, new RowsQueryEventDataDeserializer());
        m.put(EventType.WRITE_ROWS, new ExactRowsDeserializers.Write(tableMaps));
        m.put(EventType.UPDATE_ROWS, new ExactRowsDeserializers.Update(tableMaps));
        m.put(EventType.DELETE_ROWS, new ExactRowsDeserializers.Delete(tableMaps));
        m.put(EventType.EXT_WRITE_ROWS, extra(new ExactRowsDeserializers.Write(tableMaps)));
        m.put(EventType.EXT_UPDATE_ROWS, extra(new ExactRowsDeserializers.Update(tableMaps)));
        m.put(EventType.EXT_DELETE_ROWS, extra(new ExactRowsDeserializers.Delete(tableMaps)));
        if (payloadDeserializer != null) {
            m.put(EventType.TRANSACTION_PAYLOAD, payloadDeserializer);
        }
        EventDeserializer d =
                new EventDeserializer(new EventHeaderV4Deserializer(), new NullEventDataDeserializer(), m, tableMaps);
        d.setCompatibilityMode(
                CompatibilityMode.DATE_AND_TIME_AS_LONG_MICRO,
                CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY,
                CompatibilityMode.INVALID_DATE_AND_TIME_AS_MIN_VALUE);
        return d;
    }

    private static EventDataDeserializer<?> extra(Object rowsDeserializer) {
        if (rowsDeserializer instanceof WriteRowsEventDataDeserializer w) {
            return w.setMayContainExtraInformation(true);
        } else if (rowsDeserializer instanceof UpdateRowsEventDataDeserializer u) {
            return u.setMayContainExtraInformation(true);
        }
        return ((DeleteRowsEventDataDeserializer) rowsDeserializer).setMayContainExtraInformation(true);
    }
}
