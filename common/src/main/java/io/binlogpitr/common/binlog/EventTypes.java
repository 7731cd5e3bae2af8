package io.binlogpitr.common.binlog;

/**
 * Binlog event type codes (byte 4 of the common header), as numbered by MySQL's {@code Log_event_type}
 * (libbinlogevents {@code binlog_event.h}), 8.0 and 8.4.
 */
public final class EventTypes {
    public static final int UNKNOWN = 0;
    public static final int START_V3 = 1;
    public static final int QUERY = 2;
    public static final int STOP = 3;
    public static final int ROTATE = 4;
    public static final int INTVAR = 5;
    public static final int SLAVE = 7;
    public static final int APPEND_BLOCK = 9;
    public static final int DELETE_FILE = 11;
    public static final int RAND = 13;
    public static final int USER_VAR = 14;
    public static final int FORMAT_DESCRIPTION = 15;
    public static final int XID = 16;
    public static final int BEGIN_LOAD_QUERY = 17;
    public static final int EXECUTE_LOAD_QUERY = 18;
    public static final int TABLE_MAP = 19;
    public static final int WRITE_ROWS_V1 = 23;
    public static final int UPDATE_ROWS_V1 = 24;
    public static final int DELETE_ROWS_V1 = 25;
    public static final int INCIDENT = 26;
    public static final int HEARTBEAT = 27;
    public static final int IGNORABLE = 28;
    public static final int ROWS_QUERY = 29;
    public static final int WRITE_ROWS = 30;
    public static final int UPDATE_ROWS = 31;
    public static final int DELETE_ROWS = 32;
    public static final int GTID = 33;
    public static final int ANONYMOUS_GTID = 34;
    public static final int PREVIOUS_GTIDS = 35;
    public static final int TRANSACTION_CONTEXT = 36;
    public static final int VIEW_CHANGE = 37;
    public static final int XA_PREPARE = 38;
    public static final int PARTIAL_UPDATE_ROWS = 39;
    public static final int TRANSACTION_PAYLOAD = 40;
    public static final int HEARTBEAT_V2 = 41;
    public static final int GTID_TAGGED = 42;

    private static final String[] NAMES = new String[43];

    static {
        String[][] names = {
            {"0", "UNKNOWN"},
            {"1", "START_V3"},
            {"2", "QUERY"},
            {"3", "STOP"},
            {"4", "ROTATE"},
            {"5", "INTVAR"},
            {"7", "SLAVE"},
            {"9", "APPEND_BLOCK"},
            {"11", "DELETE_FILE"},
            {"13", "RAND"},
            {"14", "USER_VAR"},
            {"15", "FORMAT_DESCRIPTION"},
            {"16", "XID"},
            {"17", "BEGIN_LOAD_QUERY"},
            {"18", "EXECUTE_LOAD_QUERY"},
            {"19", "TABLE_MAP"},
            {"23", "WRITE_ROWS_V1"},
            {"24", "UPDATE_ROWS_V1"},
            {"25", "DELETE_ROWS_V1"},
            {"26", "INCIDENT"},
            {"27", "HEARTBEAT"},
            {"28", "IGNORABLE"},
            {"29", "ROWS_QUERY"},
            {"30", "WRITE_ROWS"},
            {"31", "UPDATE_ROWS"},
            {"32", "DELETE_ROWS"},
            {"33", "GTID"},
            {"34", "ANONYMOUS_GTID"},
            {"35", "PREVIOUS_GTIDS"},
            {"36", "TRANSACTION_CONTEXT"},
            {"37", "VIEW_CHANGE"},
            {"38", "XA_PREPARE"},
            {"39", "PARTIAL_UPDATE_ROWS"},
            {"40", "TRANSACTION_PAYLOAD"},
            {"41", "HEARTBEAT_V2"},
            {"42", "GTID_TAGGED"}
        };
        for (String[] n : names) {
            NAMES[Integer.parseInt(n[0])] = n[1];
        }
    }

    private EventTypes() {}

    /** The MySQL name without the {@code _EVENT} suffix, e.g. {@code TABLE_MAP}; {@code TYPE_<n>} if unknown. */
    public static String name(int type) {
        String n = type >= 0 && type < NAMES.length ? NAMES[type] : null;
        return n == null ? "TYPE_" + type : n;
    }

    /** WRITE/UPDATE/DELETE rows events, v1 and v2, and PARTIAL_UPDATE_ROWS. */
    public static boolean isRows(int type) {
        return (type >= WRITE_ROWS_V1 && type <= DELETE_ROWS_V1)
                || (type >= WRITE_ROWS && type <= DELETE_ROWS)
                || type == PARTIAL_UPDATE_ROWS;
    }
}
