package io.binlogpitr.common.binlog;

import java.util.function.Consumer;

/** Decodes the row images of WRITE/UPDATE/DELETE_ROWS events (v1 and v2) into values. */
public final class RowsDecoder {
    private RowsDecoder() {}

    /** The change type of a rows event. */
    public static RowChange.Type typeOf(byte[] rowsEvent) {
        throw new UnsupportedOperationException("stub");
    }

    /**
     * Decodes every row of {@code rowsEvent} with its table's definition, in event order, handing each to
     * {@code sink}; returns the number of rows.
     *
     * @throws io.binlogpitr.common.error.PitrException JOURNAL_CORRUPT on an image that does not fit the table
     */
    public static int decode(byte[] rowsEvent, FormatDescription fd, TableDefinition table, Consumer<RowChange> sink) {
        throw new UnsupportedOperationException("stub");
    }
}
