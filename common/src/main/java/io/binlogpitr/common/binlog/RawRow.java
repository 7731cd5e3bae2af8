package io.binlogpitr.common.binlog;

/**
 * One row of a journaled rows event, as the raw bytes it came in: the TABLE_MAP in force, the rows event, and where
 * in it this row's images lie. Enough to build the event that undoes the row ({@link RowsInverter}) without encoding
 * a value again. The arrays are the journal's own (shared, never modified).
 *
 * @param fd the FORMAT_DESCRIPTION the events are laid out by (with CRC32 if it says so)
 * @param tableMap the TABLE_MAP event of the row's table
 * @param rowsEvent the WRITE/UPDATE/DELETE_ROWS event holding the row
 * @param imageStart offset of the row's first image (its null bitmap)
 * @param imageSplit offset after the first image: an UPDATE's after-image starts here; else {@code imageEnd}
 * @param imageEnd offset after the row's last image
 */
public record RawRow(
        FormatDescription fd, byte[] tableMap, byte[] rowsEvent, int imageStart, int imageSplit, int imageEnd) {

    public RawRow {
        if (imageStart < EventHeader.LENGTH
                || imageSplit < imageStart
                || imageEnd < imageSplit
                || imageEnd > rowsEvent.length - fd.checksumLength()) {
            throw new IllegalArgumentException("row image offsets " + imageStart + ".." + imageSplit + ".." + imageEnd
                    + " do not fit a rows event of " + rowsEvent.length + " bytes");
        }
    }

    /** The rows event's type ({@link EventTypes#WRITE_ROWS} ...). */
    public int type() {
        return EventHeader.type(rowsEvent);
    }
}
