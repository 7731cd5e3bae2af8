package io.binlogpitr.agent.snapshot;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Turns whatever stopped a snapshot into the one error a DBA reads: a stable code, what failed and while doing what
 * (the worker and chunk, the MySQL error code), that the partial snapshot was removed, and what to do.
 */
final class SnapshotFailures {
    private static final int ER_TABLE_DEF_CHANGED = 1412;
    private static final int ER_NO_SUCH_TABLE = 1146;
    private static final int ER_QUERY_INTERRUPTED = 1317;

    private SnapshotFailures() {}

    /** The error for a snapshot into {@code snapshots} that failed with {@code failure}, or was cancelled. */
    static PitrException describe(Throwable failure, boolean cancelled, Path snapshots) {
        if (cancelled) {
            return new PitrException(
                    ErrorCode.SNAPSHOT_FAILED,
                    "snapshot stopped before it was complete (the agent is shutting down); the partial snapshot"
                            + " was removed",
                    "take it again with 'pitr-agent snapshot', or let the schedule take the next one",
                    failure);
        }
        if (failure instanceof PitrException p) {
            return p;
        }
        if (failure instanceof ExportWorkerPool.ExportFailure e) {
            return export(e);
        }
        if (failure instanceof IOException e) {
            return new PitrException(
                    ErrorCode.IO,
                    "cannot write the snapshot under " + snapshots + ": " + e + "; the partial snapshot was removed",
                    "free disk space or point 'repository:' at a larger disk, then take the snapshot again",
                    e);
        }
        if (failure instanceof SQLException e) {
            return sql(e, "while preparing the snapshot");
        }
        return new PitrException(
                ErrorCode.INTERNAL,
                "snapshot failed unexpectedly: " + failure + "; the partial snapshot was removed",
                "report this with the agent's log",
                failure);
    }

    private static PitrException export(ExportWorkerPool.ExportFailure failure) {
        ExportTask task = failure.task();
        String where = "while worker " + failure.worker() + " exported "
                + task.table().spec().schema() + "." + task.table().spec().table() + " (" + task.file() + ")";
        if (failure.getCause() instanceof SQLException e) {
            return sql(e, where);
        }
        if (failure.getCause() instanceof IOException e) {
            return new PitrException(
                    ErrorCode.IO,
                    "cannot write the snapshot " + where + ": " + e + "; the partial snapshot was removed",
                    "free disk space or point 'repository:' at a larger disk, then take the snapshot again",
                    e);
        }
        return new PitrException(
                ErrorCode.INTERNAL,
                "snapshot failed " + where + ": " + failure.getCause(),
                "report this with the agent's log",
                failure.getCause());
    }

    /** A statement of the snapshot failed {@code during} something ("while preparing the snapshot"). */
    static PitrException sql(SQLException e, String during) {
        String detail = PitrException.firstLine(e.getMessage()) + " (MySQL error " + e.getErrorCode() + ")";
        if (e.getErrorCode() == ER_TABLE_DEF_CHANGED || e.getErrorCode() == ER_NO_SUCH_TABLE) {
            return new PitrException(
                    ErrorCode.SNAPSHOT_FAILED,
                    "a table changed by DDL " + during + ": " + detail + "; the partial snapshot was removed",
                    "take the snapshot again; GRANT BACKUP_ADMIN to the agent's account so DDL waits for snapshots",
                    e);
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String what = state.startsWith("08") || e.getErrorCode() == 0 || e.getErrorCode() == ER_QUERY_INTERRUPTED
                ? "the connection to the source was lost or killed "
                : "the source refused a statement ";
        return new PitrException(
                ErrorCode.SNAPSHOT_FAILED,
                what + during + ": " + detail + "; the partial snapshot was removed",
                "check the source's error log and that no one killed the agent's connections, then take the"
                        + " snapshot again",
                e);
    }
}
