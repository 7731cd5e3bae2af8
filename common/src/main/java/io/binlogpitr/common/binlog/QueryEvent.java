package io.binlogpitr.common.binlog;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A QUERY event: post-header thread id u32, exec time u32, database name length u8, error code u16, status
 * variables length u16; then the status variables, the database name and a NUL, and the statement text up to the
 * checksum. The text is kept as bytes in the client's character set ({@link SessionState.Charsets#client()}).
 *
 * @param threadId the originating connection id
 * @param execTimeSeconds how long the statement ran on the source
 * @param errorCode the error the statement ended with on the source (0 for a normal DDL)
 * @param database the default database, empty if none
 * @param sqlBytes the statement as the client sent it
 * @param state the decoded status variables
 */
public record QueryEvent(
        long threadId, long execTimeSeconds, int errorCode, String database, byte[] sqlBytes, SessionState state) {

    private static final byte[] BEGIN = "BEGIN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ROLLBACK = "ROLLBACK".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] XA = "XA ".getBytes(StandardCharsets.US_ASCII);
    private static final int OVER_MAX_DBS_IN_EVENT_MTS = 254;
    private static final int MAX_DBS_IN_EVENT_MTS = 16;

    /** Parses a QUERY event; an unknown status variable code throws JOURNAL_CORRUPT (the block cannot be skipped). */
    public static QueryEvent parse(byte[] event, FormatDescription fd) {
        EventCursor c = EventCursor.body(event, fd, EventTypes.QUERY);
        int postHeader = fd.postHeaderLength(EventTypes.QUERY);
        long threadId = c.u32("thread id");
        long execTime = c.u32("exec time");
        int dbLength = c.u8("database name length");
        int errorCode = c.u16("error code");
        int statusLength = c.u16("status variables length");
        c.seek(EventHeader.LENGTH + postHeader, "end of the post-header");
        int statusEnd = c.position() + statusLength;
        if (statusEnd > c.limit()) {
            throw EventCursor.corrupt(event, "status variables of " + statusLength + " bytes overrun the event");
        }
        SessionState state = StatusVariables.parse(c, statusEnd, Bytes.u32(event, 0), threadId);
        String db = c.utf8Nul(dbLength, "database name");
        byte[] sql = Arrays.copyOfRange(event, c.position(), c.limit());
        return new QueryEvent(threadId, execTime, errorCode, db, sql, state);
    }

    /**
     * The statement text, decoded from the client character set: utf8mb3/utf8mb4, latin1 (cp1252) and ascii are
     * known without a lookup; any other throws (use {@link #sql(IntFunction)}).
     */
    public String sql() {
        return sql(id -> null);
    }

    /** The statement text, decoded with the charset of the client collation the lookup names. */
    public String sql(IntFunction<String> collationName) {
        Charset charset = state.charsets() == null
                ? StandardCharsets.UTF_8
                : MysqlCharsets.forClientCollation(state.charsets().client(), collationName);
        return new String(sqlBytes, charset);
    }

    /**
     * {@code USE `db`} (when the event has a database), then {@link SessionState#setStatements}: what to run
     * before {@link #sql()} on the restore connection. A CREATE DATABASE event names the database it creates as
     * its database (the server does so for replication filters; its applier sets it without checking it exists),
     * so no USE precedes it.
     */
    public List<String> sessionStatements(IntFunction<String> collationName) {
        List<String> all = new ArrayList<>();
        if (!database.isEmpty() && !namesItsDatabase()) {
            all.add("USE `" + database.replace("`", "``") + "`");
        }
        all.addAll(state.setStatements(collationName));
        return all;
    }

    /** {@code CREATE DATABASE|SCHEMA ...}, after any leading white space and comments. */
    public boolean isCreateDatabase() {
        return isDatabaseStatement("CREATE");
    }

    /**
     * {@code CREATE|DROP DATABASE|SCHEMA ...}: the server logs either with the database it creates or drops as the
     * event's database, which need not exist when it is replayed ({@code DROP DATABASE IF EXISTS} of a database that
     * is not there is logged too), so no {@code USE} may precede it.
     */
    public boolean namesItsDatabase() {
        return isCreateDatabase() || isDatabaseStatement("DROP");
    }

    private boolean isDatabaseStatement(String verb) {
        int i = skipSpaceAndComments(sqlBytes, 0);
        if (!keyword(sqlBytes, i, verb)) {
            return false;
        }
        i = skipSpaceAndComments(sqlBytes, i + verb.length());
        return keyword(sqlBytes, i, "DATABASE") || keyword(sqlBytes, i, "SCHEMA");
    }

    private static int skipSpaceAndComments(byte[] s, int i) {
        while (i < s.length) {
            byte b = s[i];
            if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
                i++;
            } else if (b == '/' && i + 1 < s.length && s[i + 1] == '*' && (i + 2 >= s.length || s[i + 2] != '!')) {
                int end = i + 2;
                while (end + 1 < s.length && !(s[end] == '*' && s[end + 1] == '/')) {
                    end++;
                }
                i = end + 2;
            } else {
                return i;
            }
        }
        return i;
    }

    private static boolean keyword(byte[] s, int i, String word) {
        if (i + word.length() > s.length) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (Character.toUpperCase((char) (s[i + k] & 0xFF)) != word.charAt(k)) {
                return false;
            }
        }
        int after = i + word.length();
        return after == s.length || !Character.isLetterOrDigit((char) (s[after] & 0xFF)) && s[after] != '_';
    }

    public boolean isBegin() {
        return Arrays.equals(sqlBytes, BEGIN);
    }

    public boolean isCommit() {
        return Arrays.equals(sqlBytes, COMMIT);
    }

    public boolean isRollback() {
        return Arrays.equals(sqlBytes, ROLLBACK);
    }

    /** XA START/END/COMMIT/ROLLBACK (the prepare is an XA_PREPARE event). */
    public boolean isXa() {
        return sqlBytes.length > XA.length && Arrays.equals(sqlBytes, 0, XA.length, XA, 0, XA.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueryEvent q
                && threadId == q.threadId
                && execTimeSeconds == q.execTimeSeconds
                && errorCode == q.errorCode
                && database.equals(q.database)
                && Arrays.equals(sqlBytes, q.sqlBytes)
                && state.equals(q.state);
    }

    @Override
    public int hashCode() {
        return database.hashCode() * 31 + Arrays.hashCode(sqlBytes);
    }

    @Override
    public String toString() {
        return "QueryEvent{db=" + database + ", sql=" + new String(sqlBytes, StandardCharsets.UTF_8) + ", error="
                + errorCode + "}";
    }

    /** The Q_* status variables block. */
    static final class StatusVariables {
        private StatusVariables() {}

        static SessionState parse(EventCursor c, int end, long timestamp, long threadId) {
            Long flags2 = null, sqlMode = null, tableMapForUpdate = null, masterData = null, ddlXid = null;
            Integer micros = null, incr = null, offset = null, lcTime = null, charsetDb = null, utf8mb4 = null;
            String catalog = null, timeZone = null;
            SessionState.Charsets charsets = null;
            SessionState.Invoker invoker = null;
            List<String> dbs = null;
            Boolean explicitDefaults = null, requirePk = null, encryption = null;
            while (c.position() < end) {
                int code = c.u8("status variable code");
                switch (code) {
                    case 0 -> {
                        flags2 = c.u32("Q_FLAGS2_CODE");
                        if ((flags2 & ~SessionState.FLAGS2_KNOWN) != 0) {
                            throw EventCursor.corrupt(
                                    c.event(), "Q_FLAGS2_CODE has unknown bits: 0x" + Long.toHexString(flags2));
                        }
                    }
                    case 1 -> sqlMode = c.u64("Q_SQL_MODE_CODE");
                    case 2 -> catalog = c.utf8Nul(c.u8("Q_CATALOG_CODE length"), "Q_CATALOG_CODE");
                    case 3 -> {
                        incr = c.u16("Q_AUTO_INCREMENT increment");
                        offset = c.u16("Q_AUTO_INCREMENT offset");
                    }
                    case 4 -> charsets = new SessionState.Charsets(
                            c.u16("Q_CHARSET_CODE client"),
                            c.u16("Q_CHARSET_CODE connection"),
                            c.u16("Q_CHARSET_CODE server"));
                    case 5 -> timeZone = c.utf8(c.u8("Q_TIME_ZONE_CODE length"), "Q_TIME_ZONE_CODE");
                    case 6 -> catalog = c.utf8(c.u8("Q_CATALOG_NZ_CODE length"), "Q_CATALOG_NZ_CODE");
                    case 7 -> lcTime = c.u16("Q_LC_TIME_NAMES_CODE");
                    case 8 -> charsetDb = c.u16("Q_CHARSET_DATABASE_CODE");
                    case 9 -> tableMapForUpdate = c.u64("Q_TABLE_MAP_FOR_UPDATE_CODE");
                    case 10 -> masterData = c.u32("Q_MASTER_DATA_WRITTEN_CODE");
                    case 11 -> invoker = new SessionState.Invoker(
                            c.utf8(c.u8("Q_INVOKER user length"), "Q_INVOKER user"),
                            c.utf8(c.u8("Q_INVOKER host length"), "Q_INVOKER host"));
                    case 12 -> dbs = updatedDbNames(c);
                    case 13 -> micros = c.u24("Q_MICROSECONDS");
                    case 16 -> explicitDefaults = c.u8("Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP") != 0;
                    case 17 -> ddlXid = c.u64("Q_DDL_LOGGED_WITH_XID");
                    case 18 -> utf8mb4 = c.u16("Q_DEFAULT_COLLATION_FOR_UTF8MB4");
                    case 19 -> requirePk = c.u8("Q_SQL_REQUIRE_PRIMARY_KEY") != 0;
                    case 20 -> encryption = c.u8("Q_DEFAULT_TABLE_ENCRYPTION") != 0;
                    default -> throw EventCursor.corrupt(
                            c.event(),
                            "unknown status variable code " + code + " at offset " + (c.position() - 1)
                                    + " (MySQL 8.0/8.4 write 0-13 and 16-20; 14/15 Q_COMMIT_TS are never written)");
                }
                if (c.position() > end) {
                    throw EventCursor.corrupt(c.event(), "status variable " + code + " overruns the status block");
                }
            }
            return new SessionState(
                    timestamp,
                    micros,
                    threadId,
                    flags2,
                    sqlMode,
                    catalog,
                    incr,
                    offset,
                    charsets,
                    timeZone,
                    lcTime,
                    charsetDb,
                    tableMapForUpdate,
                    masterData,
                    invoker,
                    dbs,
                    explicitDefaults,
                    ddlXid,
                    utf8mb4,
                    requirePk,
                    encryption);
        }

        private static List<String> updatedDbNames(EventCursor c) {
            int count = c.u8("Q_UPDATED_DB_NAMES count");
            if (count == OVER_MAX_DBS_IN_EVENT_MTS) {
                return List.of();
            }
            if (count > MAX_DBS_IN_EVENT_MTS) {
                throw EventCursor.corrupt(c.event(), "Q_UPDATED_DB_NAMES count " + count + ", at most 16 or 254");
            }
            List<String> names = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                names.add(c.utf8UntilNul("Q_UPDATED_DB_NAMES name"));
            }
            return names;
        }
    }
}
