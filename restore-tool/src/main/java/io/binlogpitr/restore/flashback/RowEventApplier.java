package io.binlogpitr.restore.flashback;

import io.binlogpitr.common.binlog.BinlogColumn;
import io.binlogpitr.common.binlog.BinlogStatements;
import io.binlogpitr.common.binlog.FormatDescription;
import io.binlogpitr.common.binlog.RowsInverter;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.restore.changes.ColumnNames;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * Applies the undo of a journaled row as binlog row events ({@code BINLOG '<base64>'}: the row's TABLE_MAP and its
 * inverse rows event, {@link RowsInverter}), for tables whose triggers a plain statement would fire: the server
 * applies row events as its replica applier does and fires no trigger, and what the triggers did is in the journal
 * and undone with the rest. In the flashback's transaction; the row was checked before, under its lock.
 *
 * <p>The session gets the journal's FORMAT_DESCRIPTION event before the transaction begins ({@link #prepare}):
 * MySQL sets gtid_next when it applies one, which it refuses inside a transaction. Events of a later part of the
 * journal with another layout are re-framed to it ({@link RowsInverter#undo(io.binlogpitr.common.binlog.RawRow,
 * FormatDescription)}).
 *
 * <p>Needs BINLOG_ADMIN (or SUPER), or REPLICATION_APPLIER with the table privileges. The session's {@code
 * rbr_exec_mode} (a session-only variable, STRICT unless the session sets it) stays STRICT: a row event whose row
 * is not there, or whose key is taken, is an error, as the statement's "1 row expected" is. Refuses a table whose
 * columns on the target are not those of the change (row events carry values by position).
 */
final class RowEventApplier {
    private static final int ER_SPECIFIC_ACCESS_DENIED_ERROR = 1227;

    private final Connection connection;
    private FormatDescription described;
    private PitrException unavailable;
    private long applied;

    RowEventApplier(Connection connection) {
        this.connection = connection;
    }

    /** Rows applied as row events so far. */
    long applied() {
        return applied;
    }

    /**
     * Refuses, before anything runs, an undo that cannot go as row events: a row not in the binlog (rebuilt for a
     * cascade), or a table whose columns changed since the change.
     */
    static void requireApplicable(InverseOp op, TargetSchema.Table now, List<String> firing) {
        String why = "the undo of " + op.qualifiedName() + " would fire its triggers " + String.join(", ", firing)
                + " again if run as statements (what they did is in the journal and is undone with the rest), so it"
                + " goes as row events, which fire none; ";
        if (op.raw() == null) {
            throw new PitrException(
                    ErrorCode.FLASHBACK_REFUSED,
                    why + "but these rows were rebuilt for a foreign key cascade and have no row events in the"
                            + " journal; nothing was changed",
                    "restore the rows with 'pitr-restore restore --before-gtid ... --rename-db' and copy them back,"
                            + " or review --sql-out and run it while the triggers are dropped");
        }
        String differs = difference(op, now);
        if (differs != null) {
            throw new PitrException(
                    ErrorCode.FLASHBACK_REFUSED,
                    why + "but row events carry values by position and the table changed since the change: " + differs
                            + "; nothing was changed",
                    "restore the rows with 'pitr-restore restore --before-gtid ... --rename-db' and copy them back,"
                            + " or review --sql-out (it maps columns by name) and run it while the triggers are"
                            + " dropped");
        }
    }

    /** How the target's columns differ from the change's, or null when they are the same. */
    static String difference(InverseOp op, TargetSchema.Table now) {
        List<BinlogColumn> was = op.table().columns();
        List<TargetSchema.Column> is = now.definition();
        for (int i = 0; i < Math.min(was.size(), is.size()); i++) {
            BinlogColumn b = was.get(i);
            TargetSchema.Column t = is.get(i);
            if (b.name() == null || !b.name().equalsIgnoreCase(t.name())) {
                return "column " + (i + 1) + " was `" + b.name() + "`, the target's is `" + t.name() + "`";
            }
            if (!ColumnNames.sameKind(t.dataType(), t.unsigned(), b)) {
                return "column `" + t.name() + "` was " + (b.unsigned() ? "unsigned " : "")
                        + b.kind().name().toLowerCase(Locale.ROOT) + ", the target's is " + t.dataType()
                        + (t.unsigned() ? " unsigned" : "");
            }
            if (b.charset() != null
                    && t.charset() != null
                    && !charset(b.charset()).equals(charset(t.charset()))) {
                return "column `" + t.name() + "` was in " + b.charset() + ", the target's is in " + t.charset();
            }
        }
        if (was.size() != is.size()) {
            return "it had " + was.size() + " columns, the target's has " + is.size();
        }
        return null;
    }

    private static String charset(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("utf8") ? "utf8mb3" : n;
    }

    /**
     * Prepares the session for row events, before the flashback's transaction begins (a FORMAT_DESCRIPTION event
     * sets gtid_next, which MySQL refuses inside a transaction): checks that gtid_next may be set back, sends
     * {@code fd} and sets gtid_next back to AUTOMATIC. When the account may not, nothing is sent and the reason is
     * kept: a flashback that needs no row events goes on, one that does is refused when it meets its first such
     * row.
     */
    void prepare(FormatDescription fd) throws SQLException {
        try (Statement st = connection.createStatement()) {
            try {
                // the privilege to set gtid_next first: after the FORMAT_DESCRIPTION it must be set back
                st.execute("SET SESSION gtid_next = 'AUTOMATIC'");
                st.execute(BinlogStatements.binlog(List.of(RowsInverter.formatDescription(fd))));
                st.execute("SET SESSION gtid_next = 'AUTOMATIC'");
                described = fd;
            } catch (SQLException e) {
                if (e.getErrorCode() != ER_SPECIFIC_ACCESS_DENIED_ERROR) {
                    unavailable = new PitrException(
                            ErrorCode.FLASHBACK_FAILED,
                            "the undo of {table} goes as row events (BINLOG statements, so that its triggers do not"
                                    + " fire again), and the target refused the session's FORMAT_DESCRIPTION event: "
                                    + PitrException.firstLine(e.getMessage()) + " (MySQL error " + e.getErrorCode()
                                    + "); rolled back, nothing was changed",
                            "fix the cause named above and run the same command again",
                            e);
                    return;
                }
                unavailable = new PitrException(
                        ErrorCode.TARGET_ACCESS_DENIED,
                        "the undo of {table} goes as row events (BINLOG statements, so that its triggers do not fire"
                                + " again), which needs the BINLOG_ADMIN or REPLICATION_APPLIER privilege: "
                                + PitrException.firstLine(e.getMessage()) + "; rolled back, nothing was changed",
                        "GRANT REPLICATION_APPLIER ON *.* TO the account (MySQL still checks its INSERT, UPDATE and"
                                + " DELETE on each table), then run the same command again",
                        e);
            }
        }
    }

    /** Applies the undo of {@code op}'s row as row events (after {@link #prepare}). */
    void apply(InverseOp op, Gtid gtid) throws SQLException {
        if (described == null) {
            PitrException why = unavailable != null
                    ? unavailable
                    : new PitrException(
                            ErrorCode.INTERNAL,
                            "the session was not prepared for row events; nothing was changed",
                            "this is a bug: report it with the command line");
            throw new PitrException(
                    why.code(), why.getMessage().replace("{table}", op.qualifiedName()), why.hint(), why.getCause());
        }
        List<byte[]> events;
        try {
            events = RowsInverter.undo(op.raw(), described);
        } catch (IllegalArgumentException e) {
            throw new PitrException(
                    ErrorCode.FLASHBACK_REFUSED,
                    "the undo of " + op.qualifiedName() + " (" + gtid + ") goes as row events, but " + e.getMessage()
                            + "; nothing was changed",
                    "undo the transactions logged by each server version in a run of their own (--gtid)");
        }
        try (Statement st = connection.createStatement()) {
            st.execute(BinlogStatements.binlog(events));
        }
        applied++;
    }
}
