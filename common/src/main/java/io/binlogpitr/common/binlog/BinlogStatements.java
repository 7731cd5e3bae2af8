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
 * Table maps stay in force across statements until a rows event with STMT_END_F, so a group can be split between
 * any two events. A single event cannot be split: the target's {@code max_allowed_packet} must hold the statement
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
     * max_allowed_packet} minus a little: the packet also holds a command byte), splitting between events, in
     * order. Throws IllegalArgumentException naming the size needed when one event alone does not fit.
     */
    public static List<String> binlog(List<byte[]> events, long maxStatementBytes) {
        List<String> out = new ArrayList<>();
        int from = 0;
        long bytes = 0;
        for (int i = 0; i < events.size(); i++) {
            long size = events.get(i).length;
            if (statementLength(size) > maxStatementBytes) {
                throw new IllegalArgumentException("a " + EventTypes.name(EventHeader.type(events.get(i)))
                        + " event of " + size + " bytes needs a BINLOG statement of " + statementLength(size)
                        + " bytes, above the limit of " + maxStatementBytes
                        + "; raise max_allowed_packet on the target to at least " + (statementLength(size) + 1024));
            }
            if (i > from && statementLength(bytes + size) > maxStatementBytes) {
                out.add(binlog(events.subList(from, i)));
                from = i;
                bytes = 0;
            }
            bytes += size;
        }
        if (from < events.size()) {
            out.add(binlog(events.subList(from, events.size())));
        }
        return out;
    }

    /** Length of the statement (ASCII, so bytes = chars) for {@code eventBytes} bytes of events. */
    public static long statementLength(long eventBytes) {
        return PREFIX.length() + 4 * ((eventBytes + 2) / 3) + SUFFIX.length();
    }
}
