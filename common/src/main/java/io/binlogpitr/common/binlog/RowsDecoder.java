package io.binlogpitr.common.binlog;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Decodes the row images of WRITE/UPDATE/DELETE_ROWS events (v1 and v2) into values.
 *
 * <p>Body after the post-header (table id, flags, and in v2 an extra-data block whose u16 length counts itself):
 * the column count (packed), a columns-present bitmap (UPDATE: two, before and after), then the rows, each a null
 * bitmap over the present columns and the values of the present non-null columns (UPDATE: the before image, then the
 * after image). Only full images are accepted: a bitmap with a column missing means {@code binlog_row_image} was not
 * FULL, and the row could not be located or rebuilt.
 */
public final class RowsDecoder {
    private static final ThreadLocal<RowImageReader> READERS = ThreadLocal.withInitial(RowImageReader::new);

    private RowsDecoder() {}

    /** The change type of a rows event (PARTIAL_UPDATE_ROWS is an UPDATE, which {@link #decode} refuses). */
    public static RowChange.Type typeOf(byte[] rowsEvent) {
        EventCursor.checkFrame(rowsEvent, -1);
        int type = rowsEvent[4] & 0xFF;
        return switch (type) {
            case EventTypes.WRITE_ROWS, EventTypes.WRITE_ROWS_V1 -> RowChange.Type.INSERT;
            case EventTypes.UPDATE_ROWS, EventTypes.UPDATE_ROWS_V1, EventTypes.PARTIAL_UPDATE_ROWS -> RowChange.Type
                    .UPDATE;
            case EventTypes.DELETE_ROWS, EventTypes.DELETE_ROWS_V1 -> RowChange.Type.DELETE;
            default -> throw EventCursor.corrupt(rowsEvent, "a rows event was expected");
        };
    }

    /**
     * Decodes every row of {@code rowsEvent} with its table's definition, in event order, handing each to
     * {@code sink}; returns the number of rows.
     *
     * @throws io.binlogpitr.common.error.PitrException JOURNAL_CORRUPT on an image that does not fit the table;
     *     SOURCE_PREREQUISITES for images the source wrote without {@code binlog_row_image=FULL} or with
     *     {@code binlog_row_value_options=PARTIAL_JSON}
     */
    public static int decode(byte[] rowsEvent, FormatDescription fd, TableDefinition table, Consumer<RowChange> sink) {
        return decode(rowsEvent, fd, table, null, (row, raw) -> sink.accept(row));
    }

    /**
     * As {@link #decode(byte[], FormatDescription, TableDefinition, Consumer)}, handing each row with its raw
     * bytes ({@link RawRow}: {@code tableMap}, the event, where its images lie) to build its undo from.
     */
    public static int decode(
            byte[] rowsEvent,
            FormatDescription fd,
            TableDefinition table,
            byte[] tableMap,
            BiConsumer<RowChange, RawRow> sink) {
        RowChange.Type change = typeOf(rowsEvent);
        int type = rowsEvent[4] & 0xFF;
        if (type == EventTypes.PARTIAL_UPDATE_ROWS) {
            throw new PitrException(
                    ErrorCode.SOURCE_PREREQUISITES,
                    "table " + table.database() + "." + table.table() + ": a PARTIAL_UPDATE_ROWS event (partial JSON"
                            + " updates) cannot be decoded into whole rows",
                    "set binlog_row_value_options='' (the default) on the source; changes logged before that cannot be"
                            + " turned into SQL, but a restore replays them unchanged");
        }
        EventCursor c = EventCursor.body(rowsEvent, fd, -1);
        long id = TableMap.tableId(c, fd.postHeaderLength(type));
        if (id != table.tableId()) {
            throw new IllegalArgumentException("the rows event is for table id " + id + ", the definition given is of"
                    + " table id " + table.tableId() + " (" + table.database() + "." + table.table() + ")");
        }
        c.u16("rows flags");
        if (type >= EventTypes.WRITE_ROWS) {
            int extra = c.u16("extra data length");
            if (extra < 2) {
                throw EventCursor.corrupt(rowsEvent, "extra data length " + extra + ", at least 2 expected");
            }
            c.skip(extra - 2, "extra data");
        }
        int n = c.packedInt("column count", 4096);
        if (n != table.columns().size()) {
            throw EventCursor.corrupt(
                    rowsEvent,
                    "the rows have " + n + " columns, the table map of " + table.database() + "." + table.table()
                            + " has " + table.columns().size());
        }
        requireFull(c, n, table, "columns-present bitmap");
        if (change == RowChange.Type.UPDATE) {
            requireFull(c, n, table, "columns-present bitmap of the after image");
        }
        RowImageReader reader = READERS.get();
        int rows = 0;
        while (c.remaining() > 0) {
            int start = c.position();
            Object[] first = reader.row(c, table);
            int split = c.position();
            RowChange row =
                    switch (change) {
                        case INSERT -> new RowChange(change, null, first);
                        case DELETE -> new RowChange(change, first, null);
                        case UPDATE -> new RowChange(change, first, reader.row(c, table));
                    };
            sink.accept(row, tableMap == null ? null : new RawRow(fd, tableMap, rowsEvent, start, split, c.position()));
            rows++;
        }
        return rows;
    }

    private static void requireFull(EventCursor c, int n, TableDefinition table, String field) {
        int at = c.position();
        c.skip((n + 7) / 8, field);
        byte[] e = c.event();
        for (int i = 0; i < n; i++) {
            if ((e[at + (i >> 3)] & (1 << (i & 7))) == 0) {
                throw new PitrException(
                        ErrorCode.SOURCE_PREREQUISITES,
                        "table " + table.database() + "." + table.table() + ": a rows event lacks column " + (i + 1)
                                + " of " + n + " in its " + field + "; the source did not log binlog_row_image=FULL",
                        "set binlog_row_image=FULL on the source (SET PERSIST binlog_row_image='FULL'); rows logged"
                                + " before cannot be turned into SQL, but a restore replays them unchanged");
            }
        }
    }
}
