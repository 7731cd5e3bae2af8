package io.binlogpitr.common.binlog;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.journal.JournalEntry;
import io.binlogpitr.common.journal.TransactionHeader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;

/**
 * An INCIDENT event (type 26) the source wrote: it may have lost changes that never reached its binlog (e.g.
 * {@code LOST_EVENTS} when a statement on a non-transactional table outgrew {@code max_binlog_stmt_cache_size}).
 * With {@code gtid_mode=ON} MySQL 8.0 writes it as a transaction of its own, a GTID event and the INCIDENT, and
 * the agent journals it so, raw bytes kept (the journal format is unchanged). A replica stops there with error
 * 1590; restores, {@code sql} and {@code flashback} refuse to cross it ({@link #refusal}).
 *
 * <p>Layout (MySQL's {@code Incident_event}): common header, post-header of the FDE's length for type 26 (2 bytes:
 * the incident number, 1 = LOST_EVENTS), then a 1-byte message length and the message, then the CRC32.
 *
 * @param number the incident number
 * @param message the server's message, possibly empty
 */
public record SourceIncident(int number, String message) {
    static final int LOST_EVENTS = 1;
    /** A GTID event (at most ~100 bytes) and an INCIDENT with a message of at most 255 bytes. */
    private static final int MAX_BYTES = 1024;

    /** The incident's name as {@code mysqlbinlog} prints it. */
    public String name() {
        return number == LOST_EVENTS ? "LOST_EVENTS" : "incident #" + number;
    }

    /** Decodes an INCIDENT event; throws JOURNAL_CORRUPT on a malformed one. */
    public static SourceIncident parse(byte[] event, FormatDescription fd) {
        EventCursor c = EventCursor.body(event, fd, EventTypes.INCIDENT);
        int postHeader = fd.postHeaderLength(EventTypes.INCIDENT);
        int number = c.u16("incident number");
        c.skip(Math.max(0, postHeader - 2), "incident post-header");
        String message = "";
        if (c.remaining() > 0) {
            int length = c.u8("incident message length");
            message = new String(c.bytes(length, "incident message"), StandardCharsets.UTF_8);
        }
        return new SourceIncident(number, message);
    }

    /**
     * The incident a journaled transaction is, if it is one: a GTID event followed by an INCIDENT. Reads the
     * events only of a small transaction of exactly two events (a short DDL too; never a compressed payload of
     * size), so a pass over the journal's headers stays about that.
     */
    public static Optional<SourceIncident> of(JournalEntry entry) {
        if (entry.header().eventCount() != 2 || entry.header().payloadBytes() > MAX_BYTES) {
            return Optional.empty();
        }
        Iterator<byte[]> events = entry.events();
        events.next();
        byte[] second = events.next();
        if (EventHeader.type(second) != EventTypes.INCIDENT) {
            return Optional.empty();
        }
        byte[] fde = entry.formatDescription();
        if (fde == null) {
            throw new PitrException(
                    ErrorCode.JOURNAL_CORRUPT,
                    "no FORMAT_DESCRIPTION event is recorded before the incident "
                            + entry.header().gtid(),
                    EventCursor.HINT);
        }
        return Optional.of(parse(second, FormatDescription.parse(fde)));
    }

    /** One line for people: "LOST_EVENTS (message) at GTID (binlog F:P, T)". */
    public String describe(TransactionHeader at) {
        return name() + (message.isEmpty() ? "" : " (" + message + ")") + " at " + at.gtid() + " (binlog "
                + at.binlogFile() + ":" + at.startPosition() + ", " + commitTime(at) + ")";
    }

    /**
     * The refusal of a command that would read across the incident: it names the incident and the two ways on
     * (stop before it, or start from a snapshot taken after it).
     *
     * @param what what would cross it, e.g. "the restore to u:1-100"
     */
    public PitrException refusal(TransactionHeader at, String what) {
        return new PitrException(
                ErrorCode.SOURCE_INCIDENT,
                what + " crosses an incident the source logged: " + describe(at)
                        + "; the source may have lost changes there that no binlog holds, so the result could not"
                        + " be exact (a replica stops there too)",
                "restore to before it (--before-gtid " + at.gtid() + ", or --to-time earlier than "
                        + commitTime(at) + "), or take a new snapshot after it ('pitr-agent snapshot') and restore"
                        + " from that snapshot on; 'pitr-restore list' shows every incident");
    }

    private static Instant commitTime(TransactionHeader at) {
        long micros = at.originalCommitMicros();
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
}
