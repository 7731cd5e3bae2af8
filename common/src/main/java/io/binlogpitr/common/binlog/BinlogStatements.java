package io.binlogpitr.common.binlog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code BINLOG '<base64>'} statements: the server decodes the events and applies them itself, exactly as its
 * replica applier would (what {@code mysqlbinlog | mysql} does). A session must first run the statement of a
 * FORMAT_DESCRIPTION event (it tells the server the layout and whether events end with a CRC32); after it, TABLE_MAP
 * and rows events only — the server refuses other types (ER_ONLY_FDE_AND_RBR_EVENTS_ALLOWED_IN_BINLOG_STATEMENT).
 * A group too large for one statement is split ({@link #binlog(List, FormatDescription, long)}). A single event
 * cannot be split: the target's {@code max_allowed_packet} must hold the statement
 * of the largest rows event ({@link #statementLength(long)}: 4/3 of it plus 9 bytes). The source's rows events
 * are at most {@code binlog_row_event_max_size} (8 KiB by default) unless one row is larger: a row with a 100 MB
 * BLOB needs max_allowed_packet ≥ ~134 MB on the target.
 */
public final class BinlogStatements {
    private static final String PREFIX = "BINLOG '";
    private static final String SUFFIX = "'";

    private BinlogStatements() {}

    /** One statement holding all the events. */
    public static String binlog(List<byte[]> events) {
        long total = 0;
        for (byte[] e : events) {
            total += e.length;
        }
        if (statementLength(total) > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(
                    "BINLOG statement of " + total + " event bytes is too large for one string; split it");
        }
        byte[] all = new byte[(int) total];
        int at = 0;
        for (byte[] e : events) {
            System.arraycopy(e, 0, all, at, e.length);
            at += e.length;
        }
        byte[] b64 = Base64.getEncoder().encode(all);
        return PREFIX + new String(b64, StandardCharsets.ISO_8859_1) + SUFFIX;
    }

    /**
     * As few statements as possible, each at most {@code maxStatementBytes} long (pass the target's {@code
     * max_allowed_packet} minus a little: the packet also holds a command byte), in order. A group is split only
     * after a rows event; when that event does not end its SQL statement, the split makes each piece a statement
     * of its own for the applier: the piece's last rows event gets STMT_END_F (its CRC32 resealed) and the next
     * piece starts with the statement's TABLE_MAP events again. (A BINLOG statement that starts with a rows event
     * whose TABLE_MAP came in an earlier BINLOG statement drops the connection of MySQL 8.0.31.) Within a
     * transaction the result is the same: the applier applies and checks rows one at a time either way. Throws
     * IllegalArgumentException naming the size needed when one rows event with its table maps does not fit.
     */
    public static List<String> binlog(List<byte[]> events, FormatDescription fd, long maxStatementBytes) {
        List<String> out = new ArrayList<>();
        List<byte[]> chunk = new ArrayList<>();
        long chunkBytes = 0;
        for (List<byte[]> statement : statements(events, fd)) {
            long bytes = 0;
            for (byte[] e : statement) {
                bytes += e.length;
            }
            if (!chunk.isEmpty() && statementLength(chunkBytes + bytes) > maxStatementBytes) {
                out.add(checked(chunk, chunkBytes, maxStatementBytes));
                chunk = new ArrayList<>();
                chunkBytes = 0;
            }
            if (statementLength(bytes) <= maxStatementBytes) {
                chunk.addAll(statement);
                chunkBytes += bytes;
                continue;
            }
            // one SQL statement too large for one BINLOG statement: cut it after rows events
            out.addAll(split(statement, fd, maxStatementBytes));
        }
        if (!chunk.isEmpty()) {
            out.add(checked(chunk, chunkBytes, maxStatementBytes));
        }
        return out;
    }

    /** The events cut into SQL statements: TABLE_MAP events, then rows events up to one with STMT_END_F. */
    private static List<List<byte[]>> statements(List<byte[]> events, FormatDescription fd) {
        List<List<byte[]>> statements = new ArrayList<>();
        List<byte[]> current = new ArrayList<>();
        for (byte[] e : events) {
            int type = EventHeader.type(e);
            boolean rows = EventTypes.isRows(type);
            if (!rows && type != EventTypes.TABLE_MAP) {
                throw new IllegalArgumentException(
                        "a BINLOG statement takes TABLE_MAP and rows events only, not " + EventTypes.name(type));
            }
            current.add(e);
            if (rows && (RowsEvents.flags(e, fd) & RowsEvents.STMT_END_F) != 0) {
                statements.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            statements.add(current);
        }
        return statements;
    }

    /**
     * One SQL statement's events in several BINLOG statements: each piece ends after a rows event, which gets
     * STMT_END_F, and the next piece starts with the statement's TABLE_MAP events again.
     */
    private static List<String> split(List<byte[]> statement, FormatDescription fd, long maxStatementBytes) {
        List<String> out = new ArrayList<>();
        List<byte[]> maps = new ArrayList<>();
        long mapBytes = 0;
        for (byte[] e : statement) {
            if (EventHeader.type(e) == EventTypes.TABLE_MAP) {
                maps.add(e);
                mapBytes += e.length;
            }
        }
        List<byte[]> chunk = new ArrayList<>(maps);
        long chunkBytes = mapBytes;
        boolean anyRows = false;
        for (byte[] e : statement) {
            if (EventHeader.type(e) == EventTypes.TABLE_MAP) {
                continue;
            }
            if (anyRows && statementLength(chunkBytes + e.length) > maxStatementBytes) {
                chunk.set(chunk.size() - 1, withStatementEnd(chunk.get(chunk.size() - 1), fd));
                out.add(checked(chunk, chunkBytes, maxStatementBytes));
                chunk = new ArrayList<>(maps);
                chunkBytes = mapBytes;
                anyRows = false;
            }
            chunk.add(e);
            chunkBytes += e.length;
            anyRows = true;
        }
        out.add(checked(chunk, chunkBytes, maxStatementBytes));
        return out;
    }

    private static String checked(List<byte[]> chunk, long bytes, long max) {
        if (statementLength(bytes) > max) {
            throw new IllegalArgumentException("a rows event with its table maps (" + chunk.size() + " events, " + bytes
                    + " bytes) needs a BINLOG statement of " + statementLength(bytes) + " bytes, above the limit of "
                    + max + "; raise max_allowed_packet on the target to at least " + (statementLength(bytes) + 1024));
        }
        return binlog(chunk);
    }

    /** A copy of a rows event with STMT_END_F set and, if the FDE says CRC32, its checksum resealed. */
    static byte[] withStatementEnd(byte[] rowsEvent, FormatDescription fd) {
        int type = EventHeader.type(rowsEvent);
        int flagsAt = EventHeader.LENGTH + (fd.postHeaderLength(type) == 6 ? 4 : 6);
        byte[] copy = rowsEvent.clone();
        Bytes.put16(copy, flagsAt, Bytes.u16(copy, flagsAt) | RowsEvents.STMT_END_F);
        if (fd.crc32()) {
            EventChecksums.seal(copy);
        }
        return copy;
    }

    /** Length of the statement (ASCII, so bytes = chars) for {@code eventBytes} bytes of events. */
    public static long statementLength(long eventBytes) {
        return PREFIX.length() + 4 * ((eventBytes + 2) / 3) + SUFFIX.length();
    }
}
