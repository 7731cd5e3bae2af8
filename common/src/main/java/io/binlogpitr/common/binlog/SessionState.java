package io.binlogpitr.common.binlog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The session state a Query event carries: its header timestamp and thread id, and its decoded status variables
 * (libbinlogevents {@code Q_*} codes 0–13 and 16–20). A component is null when the event does not carry the
 * variable.
 *
 * @param timestamp the event header's timestamp, seconds
 * @param microseconds Q_MICROSECONDS (13): the fraction of {@code timestamp}, or null
 * @param pseudoThreadId the originating connection id (post-header), for temporary tables and CONNECTION_ID()
 * @param flags2 Q_FLAGS2_CODE (0): the OPTION_* bits written to the binlog (see {@link #AUTO_IS_NULL} ...)
 * @param sqlMode Q_SQL_MODE_CODE (1): sql_mode bits, see {@link SqlModes}
 * @param catalog Q_CATALOG_CODE (2) / Q_CATALOG_NZ_CODE (6): "std" when present
 * @param autoIncrementIncrement Q_AUTO_INCREMENT (3), first half
 * @param autoIncrementOffset Q_AUTO_INCREMENT (3), second half
 * @param charsets Q_CHARSET_CODE (4): character_set_client, collation_connection, collation_server ids
 * @param timeZone Q_TIME_ZONE_CODE (5): written when the statement used the session time zone
 * @param lcTimeNames Q_LC_TIME_NAMES_CODE (7): locale number, written when not en_US (0)
 * @param charsetDatabase Q_CHARSET_DATABASE_CODE (8): collation_database id
 * @param tableMapForUpdate Q_TABLE_MAP_FOR_UPDATE_CODE (9): multi-table update bitmap (statement format)
 * @param masterDataWritten Q_MASTER_DATA_WRITTEN_CODE (10)
 * @param invoker Q_INVOKER (11): the user a CURRENT_USER definer resolved to
 * @param updatedDbNames Q_UPDATED_DB_NAMES (12): databases the statement changed (for the parallel applier); an
 *     empty list when there were more than 16 ({@code OVER_MAX_DBS_IN_EVENT_MTS})
 * @param explicitDefaultsForTimestamp Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP (16)
 * @param ddlXid Q_DDL_LOGGED_WITH_XID (17): the xid of an atomic DDL (committed with the DDL itself)
 * @param defaultCollationForUtf8mb4 Q_DEFAULT_COLLATION_FOR_UTF8MB4 (18)
 * @param sqlRequirePrimaryKey Q_SQL_REQUIRE_PRIMARY_KEY (19)
 * @param defaultTableEncryption Q_DEFAULT_TABLE_ENCRYPTION (20)
 */
public record SessionState(
        long timestamp,
        Integer microseconds,
        long pseudoThreadId,
        Long flags2,
        Long sqlMode,
        String catalog,
        Integer autoIncrementIncrement,
        Integer autoIncrementOffset,
        Charsets charsets,
        String timeZone,
        Integer lcTimeNames,
        Integer charsetDatabase,
        Long tableMapForUpdate,
        Long masterDataWritten,
        Invoker invoker,
        List<String> updatedDbNames,
        Boolean explicitDefaultsForTimestamp,
        Long ddlXid,
        Integer defaultCollationForUtf8mb4,
        Boolean sqlRequirePrimaryKey,
        Boolean defaultTableEncryption) {

    /** flags2 bit {@code OPTION_AUTO_IS_NULL}: sql_auto_is_null=1. */
    public static final long AUTO_IS_NULL = 1L << 14;
    /** flags2 bit {@code OPTION_NOT_AUTOCOMMIT}: autocommit=0. */
    public static final long NOT_AUTOCOMMIT = 1L << 19;
    /** flags2 bit {@code OPTION_NO_FOREIGN_KEY_CHECKS}: foreign_key_checks=0. */
    public static final long NO_FOREIGN_KEY_CHECKS = 1L << 26;
    /** flags2 bit {@code OPTION_RELAXED_UNIQUE_CHECKS}: unique_checks=0. */
    public static final long RELAXED_UNIQUE_CHECKS = 1L << 27;

    static final long FLAGS2_KNOWN = AUTO_IS_NULL | NOT_AUTOCOMMIT | NO_FOREIGN_KEY_CHECKS | RELAXED_UNIQUE_CHECKS;

    /** Collation ids of Q_CHARSET_CODE. */
    public record Charsets(int client, int connection, int server) {}

    /** Q_INVOKER: user and host. */
    public record Invoker(String user, String host) {}

    public SessionState {
        updatedDbNames = updatedDbNames == null ? null : List.copyOf(updatedDbNames);
    }

    /**
     * The SET statements that put a session into this state before running the query, in the order mysqlbinlog
     * prints them. Run them after {@code USE db} (collation_database=DEFAULT means the current database's), on a
     * connection whose character_set_client is utf8mb4: character_set_client itself is not set, because the
     * statement text is sent re-encoded ({@link QueryEvent#sql()}), while collation_connection and collation_server,
     * which give literals their meaning, are. Variables the event does not carry are not set, except the ones a
     * replica resets when absent: auto_increment_increment/offset (1), lc_time_names (en_US) and
     * collation_database (DEFAULT). Needs SESSION_VARIABLES_ADMIN (or SYSTEM_VARIABLES_ADMIN) for timestamp,
     * pseudo_thread_id, sql_require_primary_key, default_table_encryption, explicit_defaults_for_timestamp.
     *
     * @param collationName collation id → name (e.g. from the target's {@code information_schema.COLLATIONS});
     *     when it returns null the numeric id is used, which MySQL accepts too
     */
    public List<String> setStatements(IntFunction<String> collationName) {
        List<String> sql = new ArrayList<>(13);
        sql.add("SET @@session.timestamp=" + timestamp + (microseconds == null ? "" : "." + micros6(microseconds)));
        sql.add("SET @@session.pseudo_thread_id=" + pseudoThreadId);
        if (flags2 != null) {
            sql.add("SET @@session.foreign_key_checks=" + bit(flags2, NO_FOREIGN_KEY_CHECKS, false)
                    + ", @@session.sql_auto_is_null=" + bit(flags2, AUTO_IS_NULL, true)
                    + ", @@session.unique_checks=" + bit(flags2, RELAXED_UNIQUE_CHECKS, false)
                    + ", @@session.autocommit=" + bit(flags2, NOT_AUTOCOMMIT, false));
        }
        if (sqlMode != null) {
            // numeric, as mysqlbinlog does: by name, ANSI and TRADITIONAL would set their component modes too
            SqlModes.sqlModeNames(sqlMode); // refuses bits above 32
            sql.add("SET @@session.sql_mode=" + (sqlMode & ~SqlModes.IGNORED_BITS) + " /* '"
                    + SqlModes.sqlModeNames(sqlMode) + "' */");
        }
        sql.add("SET @@session.auto_increment_increment="
                + (autoIncrementIncrement == null ? 1 : autoIncrementIncrement) + ", @@session.auto_increment_offset="
                + (autoIncrementOffset == null ? 1 : autoIncrementOffset));
        if (charsets != null) {
            sql.add("SET @@session.collation_connection=" + collation(charsets.connection(), collationName)
                    + ", @@session.collation_server=" + collation(charsets.server(), collationName));
        }
        if (timeZone != null) {
            sql.add("SET @@session.time_zone='" + timeZone.replace("\\", "\\\\").replace("'", "''") + "'");
        }
        sql.add("SET @@session.lc_time_names=" + (lcTimeNames == null ? 0 : lcTimeNames));
        sql.add("SET @@session.collation_database="
                + (charsetDatabase == null ? "DEFAULT" : collation(charsetDatabase, collationName)));
        if (defaultCollationForUtf8mb4 != null) {
            sql.add("SET @@session.default_collation_for_utf8mb4="
                    + collation(defaultCollationForUtf8mb4, collationName));
        }
        if (explicitDefaultsForTimestamp != null) {
            sql.add("SET @@session.explicit_defaults_for_timestamp=" + (explicitDefaultsForTimestamp ? 1 : 0));
        }
        if (sqlRequirePrimaryKey != null) {
            sql.add("SET @@session.sql_require_primary_key=" + (sqlRequirePrimaryKey ? 1 : 0));
        }
        if (defaultTableEncryption != null) {
            sql.add("SET @@session.default_table_encryption=" + (defaultTableEncryption ? 1 : 0));
        }
        return sql;
    }

    private static String micros6(int micros) {
        String s = Integer.toString(micros);
        return "000000".substring(s.length()) + s;
    }

    private static int bit(long flags, long mask, boolean setMeansOn) {
        boolean set = (flags & mask) != 0;
        return set == setMeansOn ? 1 : 0;
    }

    private static String collation(int id, IntFunction<String> collationName) {
        String name = collationName == null ? null : collationName.apply(id);
        if (name == null) {
            return Integer.toString(id);
        }
        if (!name.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("collation name '" + name + "' for id " + id + " is not an identifier");
        }
        return "'" + name + "'";
    }
}
