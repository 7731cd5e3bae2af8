package io.binlogpitr.common.binlog;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.util.StringJoiner;

/** The {@code sql_mode} bitmask of a Query event as MySQL 8.0/8.4 names it ({@code sql_mode_names} order). */
public final class SqlModes {
    private static final String[] NAMES = new String[33];

    /**
     * Bits MySQL 8.0 ignores when a replica applies an event: NOT_USED (4), the modes removed in 8.0 (POSTGRESQL,
     * ORACLE, MSSQL, DB2, MAXDB, NO_KEY_OPTIONS, NO_TABLE_OPTIONS, NO_FIELD_OPTIONS, MYSQL323, MYSQL40: bits 8–17)
     * and NO_AUTO_CREATE_USER (28). A 5.7 source may have them set.
     */
    public static final long IGNORED_BITS = 1L << 4 | 0x3FFL << 8 | 1L << 28;

    static {
        String[] named = {
            "REAL_AS_FLOAT",
            "PIPES_AS_CONCAT",
            "ANSI_QUOTES",
            "IGNORE_SPACE",
            null,
            "ONLY_FULL_GROUP_BY",
            "NO_UNSIGNED_SUBTRACTION",
            "NO_DIR_IN_CREATE",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            "ANSI",
            "NO_AUTO_VALUE_ON_ZERO",
            "NO_BACKSLASH_ESCAPES",
            "STRICT_TRANS_TABLES",
            "STRICT_ALL_TABLES",
            "NO_ZERO_IN_DATE",
            "NO_ZERO_DATE",
            "ALLOW_INVALID_DATES",
            "ERROR_FOR_DIVISION_BY_ZERO",
            "TRADITIONAL",
            null,
            "HIGH_NOT_PRECEDENCE",
            "NO_ENGINE_SUBSTITUTION",
            "PAD_CHAR_TO_FULL_LENGTH",
            "TIME_TRUNCATE_FRACTIONAL"
        };
        System.arraycopy(named, 0, NAMES, 0, named.length);
    }

    private SqlModes() {}

    /**
     * The comma-separated mode names for {@code bits}, in MySQL's order, e.g. {@code
     * PIPES_AS_CONCAT,STRICT_TRANS_TABLES}; empty for 0. {@link #IGNORED_BITS} are left out; a bit above 32 (no
     * such mode in 8.0/8.4) throws JOURNAL_CORRUPT.
     */
    public static String sqlModeNames(long bits) {
        if ((bits >>> NAMES.length) != 0) {
            throw new PitrException(
                    ErrorCode.JOURNAL_CORRUPT,
                    "sql_mode 0x" + Long.toHexString(bits) + " has bits MySQL 8.0/8.4 does not define (above bit 32)",
                    EventCursor.HINT);
        }
        StringJoiner names = new StringJoiner(",");
        for (int i = 0; i < NAMES.length; i++) {
            if ((bits & (1L << i)) != 0 && NAMES[i] != null) {
                names.add(NAMES[i]);
            }
        }
        return names.toString();
    }
}
