package io.binlogpitr.common.error;

/**
 * Stable error codes. Scripts and the troubleshooting guide depend on the names; add, never rename.
 * Each code carries the process exit code it maps to: 2 for bad usage or input, 1 for operational failures.
 */
public enum ErrorCode {
    /** A command-line option is missing, malformed or contradicts another. */
    USAGE(2),
    /** The config file cannot be read or parsed. */
    CONFIG_UNREADABLE(2),
    /** A config key is missing. */
    CONFIG_MISSING_KEY(2),
    /** A config key has a wrong type or an out-of-range value, or is unknown. */
    CONFIG_INVALID(2),
    /** A password file is missing, unreadable or empty. */
    PASSWORD_FILE(2),
    /** The source cannot be reached (refused, timed out, unknown host). */
    SOURCE_UNREACHABLE(1),
    /** The source refused the credentials. */
    SOURCE_ACCESS_DENIED(2),
    /** A source setting or privilege the agent needs is missing; every failure is listed at once. */
    SOURCE_PREREQUISITES(2),
    /** The source no longer has binlogs holding GTIDs the journal needs. */
    SOURCE_PURGED_GAP(1),
    /** The replication stream failed and could not be resumed. */
    REPLICATION_FAILED(1),
    /** The repository is used by another agent process. */
    REPOSITORY_LOCKED(1),
    /** The repository path is not a repository, or has an unsupported format version. */
    REPOSITORY_INVALID(2),
    /** The journal holds a damaged entry (checksum mismatch, unreadable record). */
    JOURNAL_CORRUPT(1),
    /** The journal belongs to another source, or a received transaction contradicts it. */
    JOURNAL_CONFLICT(1),
    /** Reading or writing files failed (disk full, permissions). */
    IO(1),
    /** The embedded MySQL (quick start, tests) cannot be unpacked, initialized or started. */
    EMBEDDED_MYSQL(1),
    /** An unexpected failure; a bug. */
    INTERNAL(1),
    /** A snapshot file is damaged (checksum mismatch, truncated, undecodable); nothing of it was loaded. */
    SNAPSHOT_CORRUPT(1),
    /** Another snapshot of the same repository is being taken. */
    SNAPSHOT_RUNNING(1),
    /** A snapshot failed (connection lost or killed, DDL during the snapshot, stopped); nothing of it was kept. */
    SNAPSHOT_FAILED(1),
    /** A restore target database already holds tables, views, routines or events; nothing was loaded. */
    RESTORE_TARGET_NOT_EMPTY(1),
    /** Loading a snapshot into the target failed (a statement refused, connection lost, stopped). */
    SNAPSHOT_LOAD_FAILED(1),
    /** The restore target cannot be reached (refused, timed out, unknown host). */
    TARGET_UNREACHABLE(1),
    /** The restore target refused the credentials or lacks a privilege the restore needs. */
    TARGET_ACCESS_DENIED(2),
    /** Replaying the journal into the target failed (a statement refused, the connection lost, stopped). */
    REPLAY_FAILED(1),
    /**
     * A side-database or partial restore ({@code --rename-db}, {@code --databases}, {@code --tables}) met a journaled
     * statement it cannot keep inside the restored databases: it names restored and other databases at once, or the
     * DDL grammar cannot parse it. Nothing of it ran; nothing outside the restored databases was changed.
     */
    DDL_NOT_CONFINED(1),
    /**
     * A restore point the repository cannot restore to: before the oldest usable snapshot, after the last journaled
     * commit, a GTID not journaled, or no usable snapshot at all. The message states the restorable window.
     */
    RESTORE_POINT_OUT_OF_RANGE(2),
    /**
     * A source logging {@code binlog_row_metadata=MINIMAL}: the schema history cannot name a change's columns for
     * certain (no baseline before it, a table created or altered in a way it cannot follow, or its columns differ
     * from the event's).
     */
    SCHEMA_UNKNOWN(1),
    /**
     * {@code flashback --apply} found rows that no longer hold the image the journal says they should: nothing was
     * changed; each conflict is listed.
     */
    FLASHBACK_CONFLICT(1),
    /** Applying a flashback failed (a statement refused, the connection lost); it was rolled back. */
    FLASHBACK_FAILED(1),
    /**
     * The range a restore, {@code sql} or {@code flashback} would read holds an INCIDENT the source logged (it may
     * have lost changes): refused, as a replica stops there. The message names it; the hint gives the ways on.
     */
    SOURCE_INCIDENT(1),
    /**
     * Flashback cannot undo the changes exactly and refused before changing anything: a table with triggers cannot
     * be undone as row events (its columns changed since, rows rebuilt for a cascade, an overwrite that would fire
     * them), or rows a foreign key cascaded to cannot be rebuilt (no snapshot before the change, a DDL on the tables
     * since it). The message names the tables.
     */
    FLASHBACK_REFUSED(1),
    /**
     * The agent's status/metrics endpoint cannot listen on {@code http.bind}: the port is taken or the address is
     * not one of this host's (yet). Nothing was started.
     */
    HTTP_BIND_FAILED(1);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
