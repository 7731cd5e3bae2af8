package io.binlogpitr.common.binlog;

/**
 * The post-header of WRITE/UPDATE/DELETE_ROWS (v1, v2) and PARTIAL_UPDATE_ROWS events: table id (6 bytes; 4 if
 * the FDE declares a 6-byte post-header), flags u16, and in v2 an extra-data length. Row images are not decoded
 * here: the server decodes them itself from a {@code BINLOG} statement.
 */
public final class RowsEvents {
    /** Rows event flag: the last rows event of a statement; the applier closes the statement's tables after it. */
    public static final int STMT_END_F = 0x0001;

    public static final int NO_FOREIGN_KEY_CHECKS_F = 0x0002;
    public static final int RELAXED_UNIQUE_CHECKS_F = 0x0004;
    public static final int COMPLETE_ROWS_F = 0x0008;

    private RowsEvents() {}

    /** The table id a rows event refers to (the id of a preceding TABLE_MAP in the same transaction). */
    public static long tableId(byte[] rowsEvent, FormatDescription fd) {
        EventCursor c = EventCursor.body(rowsEvent, fd, -1);
        int type = rowsEvent[4] & 0xFF;
        if (!EventTypes.isRows(type)) {
            throw EventCursor.corrupt(rowsEvent, "a rows event was expected");
        }
        return TableMap.tableId(c, fd.postHeaderLength(type));
    }

    /** The rows event's flags ({@code STMT_END_F} ...). */
    public static int flags(byte[] rowsEvent, FormatDescription fd) {
        EventCursor c = EventCursor.body(rowsEvent, fd, -1);
        int type = rowsEvent[4] & 0xFF;
        if (!EventTypes.isRows(type)) {
            throw EventCursor.corrupt(rowsEvent, "a rows event was expected");
        }
        TableMap.tableId(c, fd.postHeaderLength(type));
        return c.u16("rows flags");
    }

    /** Whether this rows event ends its statement. */
    public static boolean endsStatement(byte[] rowsEvent, FormatDescription fd) {
        return (flags(rowsEvent, fd) & STMT_END_F) != 0;
    }
}
