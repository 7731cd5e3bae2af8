package io.binlogpitr.common.binlog;

import java.util.List;

/**
 * The binlog events that undo one journaled row, built from its raw bytes ({@link RawRow}), to send back in a
 * {@code BINLOG} statement: the row's TABLE_MAP as journaled, then a rows event holding that row alone, inverted —
 *
 * <ul>
 *   <li>WRITE_ROWS becomes DELETE_ROWS of the same image (and back: DELETE_ROWS becomes WRITE_ROWS);
 *   <li>UPDATE_ROWS stays UPDATE_ROWS with its before and after images (and their columns-present bitmaps)
 *       swapped.
 * </ul>
 *
 * The server applies such events as its replica applier does: it fires no trigger, so a trigger's own row changes
 * (journaled and undone with the rest) are not applied twice. The inverse event keeps the table id, column count
 * and bitmaps; its flags are STMT_END_F only (the source session's NO_FOREIGN_KEY_CHECKS / RELAXED_UNIQUE_CHECKS do
 * not carry over: the undo is checked as plain statements are), and a v2 event drops its extra row info (the
 * partition a row was in before is not the one it goes back to). The length is set and, when the FDE says CRC32,
 * the checksum computed. PARTIAL_UPDATE_ROWS (partial JSON images) cannot be inverted: never decoded into rows, it
 * never gets here.
 */
public final class RowsInverter {
    private RowsInverter() {}

    /** The TABLE_MAP and the inverse rows event of {@code row}, laid out as its own FDE says. */
    public static List<byte[]> undo(RawRow row) {
        return List.of(row.tableMap(), inverse(row, row.fd()));
    }

    /**
     * The TABLE_MAP and the inverse rows event of {@code row}, for a session that was sent {@code to} (the FDE of
     * another part of the journal): with or without a CRC32 as {@code to} says. IllegalArgumentException when
     * {@code to} declares other post-header lengths for these event types (no MySQL 5.6+ server does).
     */
    public static List<byte[]> undo(RawRow row, FormatDescription to) {
        FormatDescription from = row.fd();
        int type = row.type();
        for (int t : new int[] {EventTypes.TABLE_MAP, type, inverseType(type)}) {
            if (from.postHeaderLength(t) != to.postHeaderLength(t)) {
                throw new IllegalArgumentException("the " + EventTypes.name(t) + " events of server "
                        + from.serverVersion() + " have a post-header of " + from.postHeaderLength(t)
                        + " bytes, those of the format sent to the session (server " + to.serverVersion() + ") of "
                        + to.postHeaderLength(t));
            }
        }
        return List.of(reframe(row.tableMap(), from, to), inverse(row, to));
    }

    /** {@code event} (laid out by {@code from}) with or without a CRC32 as {@code to} says. */
    static byte[] reframe(byte[] event, FormatDescription from, FormatDescription to) {
        if (from.crc32() == to.crc32()) {
            return event;
        }
        int body = event.length - from.checksumLength();
        byte[] out = java.util.Arrays.copyOf(event, body + to.checksumLength());
        Bytes.put32(out, 9, out.length);
        if (to.crc32()) {
            EventChecksums.seal(out);
        }
        return out;
    }

    /** The rows event that undoes {@code row}, holding that row alone, laid out as its own FDE says. */
    public static byte[] inverse(RawRow row) {
        return inverse(row, row.fd());
    }

    /** The rows event that undoes {@code row}, with a CRC32 if {@code to} says so. */
    static byte[] inverse(RawRow row, FormatDescription to) {
        byte[] e = row.rowsEvent();
        FormatDescription fd = row.fd();
        int type = EventHeader.type(e);
        int inverseType = inverseType(type);
        boolean v2 = type >= EventTypes.WRITE_ROWS;
        boolean update = type == EventTypes.UPDATE_ROWS || type == EventTypes.UPDATE_ROWS_V1;
        int tableIdLength = fd.postHeaderLength(type) == 6 ? 4 : 6;
        int flagsAt = EventHeader.LENGTH + tableIdLength;
        int at = flagsAt + 2;
        if (v2) {
            at += Bytes.u16(e, at);
        }
        int columnsAt = at;
        int n = (int) packedAt(e, at);
        at += packedLength(e[at] & 0xFF);
        int bitmap = (n + 7) / 8;
        int firstBitmap = at;
        int rowsAt = at + bitmap * (update ? 2 : 1);
        if (rowsAt > row.imageStart()) {
            throw new IllegalArgumentException("the row image at " + row.imageStart() + " starts inside the header of"
                    + " its rows event (rows from " + rowsAt + ")");
        }
        int images = row.imageEnd() - row.imageStart();
        int length = flagsAt + 2 + (v2 ? 2 : 0) + (rowsAt - columnsAt) + images + to.checksumLength();
        byte[] out = new byte[length];
        System.arraycopy(e, 0, out, 0, flagsAt); // common header and table id
        out[4] = (byte) inverseType;
        Bytes.put32(out, 9, length);
        int w = flagsAt;
        Bytes.put16(out, w, RowsEvents.STMT_END_F);
        w += 2;
        if (v2) {
            Bytes.put16(out, w, 2); // extra data: none (its length counts itself)
            w += 2;
        }
        System.arraycopy(e, columnsAt, out, w, firstBitmap - columnsAt); // column count
        w += firstBitmap - columnsAt;
        if (update) {
            System.arraycopy(e, firstBitmap + bitmap, out, w, bitmap); // the after-image's columns come first now
            w += bitmap;
            System.arraycopy(e, firstBitmap, out, w, bitmap);
            w += bitmap;
            int after = row.imageEnd() - row.imageSplit();
            System.arraycopy(e, row.imageSplit(), out, w, after);
            w += after;
            System.arraycopy(e, row.imageStart(), out, w, row.imageSplit() - row.imageStart());
            w += row.imageSplit() - row.imageStart();
        } else {
            System.arraycopy(e, firstBitmap, out, w, bitmap);
            w += bitmap;
            System.arraycopy(e, row.imageStart(), out, w, images);
            w += images;
        }
        if (to.crc32()) {
            EventChecksums.seal(out);
        }
        return out;
    }

    /**
     * The FORMAT_DESCRIPTION event to open a session's {@code BINLOG} statements with: {@code fd} as journaled, with
     * its create timestamp 0 and LOG_EVENT_BINLOG_IN_USE_F clear (a non-zero one tells an applier that the server
     * started a new binlog, after which it rolls back an open transaction), resealed when it carries a CRC32.
     */
    public static byte[] formatDescription(FormatDescription fd) {
        byte[] out = fd.raw().clone();
        Bytes.put32(out, EventHeader.LENGTH + 2 + 50, 0);
        out[17] &= (byte) ~EventChecksums.BINLOG_IN_USE_F;
        if (fd.crc32()) {
            EventChecksums.seal(out);
        }
        return out;
    }

    static int inverseType(int type) {
        return switch (type) {
            case EventTypes.WRITE_ROWS -> EventTypes.DELETE_ROWS;
            case EventTypes.DELETE_ROWS -> EventTypes.WRITE_ROWS;
            case EventTypes.UPDATE_ROWS -> EventTypes.UPDATE_ROWS;
            case EventTypes.WRITE_ROWS_V1 -> EventTypes.DELETE_ROWS_V1;
            case EventTypes.DELETE_ROWS_V1 -> EventTypes.WRITE_ROWS_V1;
            case EventTypes.UPDATE_ROWS_V1 -> EventTypes.UPDATE_ROWS_V1;
            default -> throw new IllegalArgumentException(
                    "a " + EventTypes.name(type) + " event cannot be inverted as row events");
        };
    }

    private static int packedLength(int first) {
        return switch (first) {
            case 252 -> 3;
            case 253 -> 4;
            case 254 -> 9;
            default -> 1;
        };
    }

    private static long packedAt(byte[] e, int at) {
        int first = e[at] & 0xFF;
        return switch (first) {
            case 252 -> Bytes.u16(e, at + 1);
            case 253 -> Bytes.u24(e, at + 1);
            case 254 -> Bytes.u64(e, at + 1);
            default -> first;
        };
    }
}
