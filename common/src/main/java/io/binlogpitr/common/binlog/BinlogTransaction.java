package io.binlogpitr.common.binlog;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.journal.JournalEntry;
import io.binlogpitr.common.journal.TransactionHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One journaled transaction, classified for replay: its GTID event, then its parts in order — {@link RowsGroup}s
 * (TABLE_MAP and rows events, to send back as {@code BINLOG} statements; compressed payloads already expanded) and
 * {@link Statement}s (DDL and any other Query event that is not BEGIN/COMMIT/ROLLBACK: run as SQL in the session
 * state it carries) — and how it ends. The BEGIN, COMMIT, ROLLBACK and XID events are not parts: {@link #end()}
 * says which one there was. ROWS_QUERY events (the original SQL, with {@code binlog_rows_query_log_events=ON}) are
 * kept aside in {@link #rowsQueries()}.
 *
 * <p>Shapes a ROW-format source writes: {@code GTID BEGIN rows... XID} (InnoDB), {@code GTID BEGIN rows... COMMIT}
 * (non-transactional engines), {@code ... ROLLBACK}, {@code GTID DDL} (implicit commit; an atomic DDL carries
 * Q_DDL_LOGGED_WITH_XID), {@code GTID CREATE-TABLE rows... XID} (CREATE TABLE ... SELECT, 8.0.21+), {@code GTID
 * XA-START rows... XA-END XA_PREPARE}, {@code GTID XA-COMMIT}. Anything else (statement-format INTVAR/RAND/USER_VAR
 * events, events after the end) throws JOURNAL_CORRUPT, as does a rows event whose table id no TABLE_MAP before it
 * in its group maps. The whole transaction is held in memory.
 *
 * @param header the journal's header of the transaction
 * @param formatDescription the FORMAT_DESCRIPTION event in force
 * @param gtidEvent the decoded GTID event; for an 8.4 tagged GTID event (not decoded) the GTID and commit times of
 *     the journal header, the other fields -1
 * @param parts the rows groups and statements, in order
 * @param end how the transaction ends
 * @param xid the XID of an {@link End#XID} end (or of an atomic DDL), else -1
 * @param rowsQueries the text of the ROWS_QUERY events, in order
 */
public record BinlogTransaction(
        TransactionHeader header,
        FormatDescription formatDescription,
        GtidEventInfo gtidEvent,
        List<Part> parts,
        End end,
        long xid,
        List<String> rowsQueries) {

    /** A part of a transaction. */
    public sealed interface Part permits RowsGroup, Statement {}

    /** Consecutive TABLE_MAP and rows events (with CRC32 if the FDE says so), to send as BINLOG statements. */
    public record RowsGroup(List<byte[]> events) implements Part {
        public RowsGroup {
            events = List.copyOf(events);
        }
    }

    /** A Query event to run as SQL after its session statements; {@code raw} is the event as received. */
    public record Statement(QueryEvent query, byte[] raw) implements Part {}

    /** How a transaction ends. */
    public enum End {
        /** An XID event: COMMIT of a transactional (InnoDB) transaction. */
        XID,
        /** A Query event {@code COMMIT} (non-transactional tables). */
        COMMIT,
        /** A Query event {@code ROLLBACK}. */
        ROLLBACK,
        /** An XA_PREPARE event: the transaction is prepared (XA START ... XA END before it are statements). */
        XA_PREPARE,
        /** No BEGIN: the statements commit themselves (DDL, XA COMMIT/ROLLBACK). */
        IMPLICIT
    }

    public BinlogTransaction {
        parts = List.copyOf(parts);
        rowsQueries = List.copyOf(rowsQueries);
    }

    /** Classifies a journal entry; reads (and CRC32-checks) all its events. */
    public static BinlogTransaction of(JournalEntry entry) {
        return of(entry, List.of());
    }

    /**
     * {@link #of(JournalEntry)}, with the inner events of its first TRANSACTION_PAYLOAD events already expanded
     * (by {@link TransactionPayload#events}, from this entry, in order: the schema history expanded them on its
     * way past): each is taken from {@code expanded} instead of decompressed again; payloads past the list are
     * decompressed here. The payload events' checksums are checked all the same.
     */
    public static BinlogTransaction of(JournalEntry entry, List<List<byte[]>> expanded) {
        TransactionHeader header = entry.header();
        try {
            byte[] fde = entry.formatDescription();
            if (fde == null) {
                throw new PitrException(
                        ErrorCode.JOURNAL_CORRUPT,
                        "no FORMAT_DESCRIPTION event is recorded before the transaction",
                        EventCursor.HINT);
            }
            FormatDescription fd = FormatDescription.parse(fde);
            return new Classifier(header, fd, expanded).classify(entry.events());
        } catch (PitrException e) {
            if (e.code() == ErrorCode.SOURCE_INCIDENT) {
                throw e; // names the transaction itself
            }
            throw new PitrException(
                    e.code(),
                    "transaction " + header.gtid() + " at " + header.binlogFile() + ":" + header.startPosition() + ": "
                            + e.getMessage(),
                    e.hint(),
                    e);
        }
    }

    /** Whether this transaction only changes rows (BEGIN, row groups, XID/COMMIT): BINLOG statements only. */
    public boolean rowsOnly() {
        return (end == End.XID || end == End.COMMIT) && parts.stream().allMatch(p -> p instanceof RowsGroup);
    }

    /** Walks the events of one transaction. */
    private static final class Classifier {
        private final TransactionHeader header;
        private final FormatDescription fd;
        private final List<Part> parts = new ArrayList<>();
        private final List<String> rowsQueries = new ArrayList<>();
        private List<byte[]> group;
        private List<Long> groupTables;
        private GtidEventInfo gtid;
        private boolean begun;
        private End end;
        private long xid = -1;
        private final List<List<byte[]>> expanded;
        private int payloads;

        Classifier(TransactionHeader header, FormatDescription fd, List<List<byte[]>> expanded) {
            this.header = header;
            this.fd = fd;
            this.expanded = expanded;
        }

        BinlogTransaction classify(Iterator<byte[]> events) {
            if (!events.hasNext()) {
                throw new PitrException(ErrorCode.JOURNAL_CORRUPT, "the transaction has no events", EventCursor.HINT);
            }
            gtidEvent(events.next());
            while (events.hasNext()) {
                byte[] e = events.next();
                fd.verify(e);
                if (EventHeader.type(e) == EventTypes.TRANSACTION_PAYLOAD) {
                    List<byte[]> inners =
                            payloads < expanded.size() ? expanded.get(payloads) : TransactionPayload.events(e, fd);
                    payloads++;
                    for (byte[] inner : inners) {
                        event(inner);
                    }
                } else {
                    event(e);
                }
            }
            closeGroup();
            if (end == null) {
                if (begun || parts.isEmpty() || parts.get(parts.size() - 1) instanceof RowsGroup) {
                    throw new PitrException(
                            ErrorCode.JOURNAL_CORRUPT,
                            "the transaction has no end (XID, COMMIT, ROLLBACK, XA_PREPARE or a DDL statement)",
                            EventCursor.HINT);
                }
                end = End.IMPLICIT;
            }
            return new BinlogTransaction(header, fd, gtid, parts, end, xid, rowsQueries);
        }

        private void gtidEvent(byte[] e) {
            fd.verify(e);
            int type = EventHeader.type(e);
            if (type == EventTypes.GTID || type == EventTypes.ANONYMOUS_GTID) {
                gtid = GtidEventInfo.parse(e, fd);
                if (gtid.gtid() != null && !gtid.gtid().equals(header.gtid())) {
                    throw EventCursor.corrupt(
                            e, "GTID event says " + gtid.gtid() + ", the journal header " + header.gtid());
                }
            } else if (type == EventTypes.GTID_TAGGED) {
                gtid = new GtidEventInfo(
                        header.gtid(),
                        -1,
                        -1,
                        header.originalCommitMicros(),
                        header.immediateCommitMicros(),
                        -1,
                        -1,
                        -1);
            } else {
                throw EventCursor.corrupt(e, "a transaction must start with a GTID event");
            }
        }

        private void event(byte[] e) {
            int type = EventHeader.type(e);
            if (end != null) {
                throw EventCursor.corrupt(e, "event after the end of the transaction (" + end + ")");
            }
            switch (type) {
                case EventTypes.TABLE_MAP -> {
                    openGroup();
                    groupTables.add(TableMap.parse(e, fd).tableId());
                    group.add(e);
                }
                case EventTypes.WRITE_ROWS,
                        EventTypes.UPDATE_ROWS,
                        EventTypes.DELETE_ROWS,
                        EventTypes.PARTIAL_UPDATE_ROWS,
                        EventTypes.WRITE_ROWS_V1,
                        EventTypes.UPDATE_ROWS_V1,
                        EventTypes.DELETE_ROWS_V1 -> {
                    long table = RowsEvents.tableId(e, fd);
                    if (group == null || !groupTables.contains(table)) {
                        throw EventCursor.corrupt(e, "rows event for table id " + table + " without its TABLE_MAP");
                    }
                    group.add(e);
                }
                case EventTypes.ROWS_QUERY -> rowsQueries.add(rowsQuery(e));
                case EventTypes.QUERY -> query(e);
                case EventTypes.XID -> {
                    closeGroup();
                    xid = EventCursor.body(e, fd, EventTypes.XID).u64("xid");
                    end = End.XID;
                }
                case EventTypes.XA_PREPARE -> {
                    closeGroup();
                    end = End.XA_PREPARE;
                }
                case EventTypes.INCIDENT -> throw SourceIncident.parse(e, fd)
                        .refusal(header, "the range this command reads");
                default -> {
                    if ((Bytes.u16(e, 17) & 0x80) != 0) {
                        return; // LOG_EVENT_IGNORABLE_F: a server may skip it, so may we
                    }
                    throw EventCursor.corrupt(e, "unsupported event in a ROW-format transaction");
                }
            }
        }

        private void query(byte[] e) {
            closeGroup();
            QueryEvent q = QueryEvent.parse(e, fd);
            if (q.isBegin()) {
                if (begun || !parts.isEmpty()) {
                    throw EventCursor.corrupt(e, "BEGIN in the middle of a transaction");
                }
                begun = true;
            } else if (q.isCommit()) {
                end = End.COMMIT;
            } else if (q.isRollback()) {
                end = End.ROLLBACK;
            } else {
                if (q.state().ddlXid() != null) {
                    xid = q.state().ddlXid();
                }
                parts.add(new Statement(q, e));
            }
        }

        private void openGroup() {
            if (group == null) {
                group = new ArrayList<>();
                groupTables = new ArrayList<>(2);
            }
        }

        private void closeGroup() {
            if (group != null) {
                parts.add(new RowsGroup(group));
                group = null;
                groupTables = null;
            }
        }

        private String rowsQuery(byte[] e) {
            EventCursor c = EventCursor.body(e, fd, EventTypes.ROWS_QUERY);
            c.seek(EventHeader.LENGTH + fd.postHeaderLength(EventTypes.ROWS_QUERY), "rows query");
            c.u8("rows query length (truncated to 255)");
            return new String(e, c.position(), c.remaining(), StandardCharsets.UTF_8);
        }
    }
}
