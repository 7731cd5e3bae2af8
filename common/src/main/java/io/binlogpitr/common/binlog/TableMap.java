package io.binlogpitr.common.binlog;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.nio.charset.StandardCharsets;

/**
 * The identity part of a TABLE_MAP event: post-header table id (6 bytes; 4 if the FDE declares a 6-byte
 * post-header) and flags u16, then database name (u8 length, bytes, NUL), table name (u8 length, bytes, NUL), and
 * the column description this class leaves alone (count, types, metadata, null bitmap, optional metadata).
 *
 * @param tableId the id rows events refer to
 * @param database database name (utf8)
 * @param table table name (utf8)
 */
public record TableMap(long tableId, String database, String table) {

    /** Parses the table id and names; the column description is not decoded. */
    public static TableMap parse(byte[] event, FormatDescription fd) {
        EventCursor c = EventCursor.body(event, fd, EventTypes.TABLE_MAP);
        long id = tableId(c, fd.postHeaderLength(EventTypes.TABLE_MAP));
        c.u16("flags");
        int dbLength = c.u8("database name length");
        String db = c.utf8Nul(dbLength, "database name");
        int tableLength = c.u8("table name length");
        String table = c.utf8Nul(tableLength, "table name");
        return new TableMap(id, db, table);
    }

    /**
     * A copy of the TABLE_MAP event with another database name, for restoring into a renamed database
     * ({@code --rename-db}). The length field is fixed and the CRC32 recomputed when the FDE says CRC32. The
     * header's {@code log_pos} is kept as it is: it describes the source's file, and the server applying a
     * {@code BINLOG} statement does not use it.
     */
    public static byte[] withDatabase(byte[] event, FormatDescription fd, String newDatabase) {
        EventCursor c = EventCursor.body(event, fd, EventTypes.TABLE_MAP);
        tableId(c, fd.postHeaderLength(EventTypes.TABLE_MAP));
        c.u16("flags");
        int lengthAt = c.position();
        int dbLength = c.u8("database name length");
        c.utf8Nul(dbLength, "database name");
        int restAt = c.position();
        byte[] name = newDatabase.getBytes(StandardCharsets.UTF_8);
        if (name.length == 0 || name.length > 255) {
            throw new PitrException(
                    ErrorCode.USAGE,
                    "database name '" + newDatabase + "' is " + name.length + " bytes in utf8, 1 to 255 expected",
                    "MySQL database names are at most 64 characters");
        }
        int newLength = event.length - dbLength + name.length;
        byte[] out = new byte[newLength];
        System.arraycopy(event, 0, out, 0, lengthAt);
        out[lengthAt] = (byte) name.length;
        System.arraycopy(name, 0, out, lengthAt + 1, name.length);
        out[lengthAt + 1 + name.length] = 0;
        System.arraycopy(event, restAt, out, lengthAt + 2 + name.length, event.length - restAt);
        Bytes.put32(out, 9, newLength);
        if (fd.crc32()) {
            EventChecksums.seal(out);
        }
        return out;
    }

    static long tableId(EventCursor c, int postHeaderLength) {
        return postHeaderLength == 6 ? c.u32("table id") : c.u48("table id");
    }
}
