package io.binlogpitr.common.schema;

import io.binlogpitr.common.binlog.EventHeader;
import io.binlogpitr.common.binlog.EventTypes;
import io.binlogpitr.common.binlog.FormatDescription;
import io.binlogpitr.common.binlog.QueryEvent;
import io.binlogpitr.common.binlog.SqlModes;
import io.binlogpitr.common.binlog.TransactionPayload;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * The schema history, replayed along the journal: it starts knowing nothing, takes each baseline at the first
 * transaction its GTID set does not hold (the baseline already reflects every transaction it holds), and evolves by
 * each DDL statement journaled after it. Walk every entry in journal order through {@link #enter}, including the
 * ones a command does not select: the view in force for an entry is what {@link #enter} returns; a DDL inside it
 * (CREATE TABLE ... SELECT) is applied with {@link #afterStatement} by whoever decodes its rows. One thread.
 */
public final class SchemaTracker {
    private final List<Loaded> baselines;
    private int next;
    private GtidSet applied = GtidSet.parse("");
    private SchemaView view = SchemaView.empty(SchemaView.NO_BASELINE);
    private byte[] lastFde;
    private FormatDescription fd;
    private List<List<byte[]>> expanded = List.of();
    private String lastComplete;
    private JournalEntry lastEntry;
    /** The statements of {@link #lastEntry}, null until parsed. */
    private List<QueryEvent> lastStatements;

    private record Loaded(SchemaBaseline baseline, GtidSet gtids) {}

    public SchemaTracker(List<SchemaBaseline> baselines) {
        List<Loaded> list = new ArrayList<>();
        for (SchemaBaseline b : baselines) {
            list.add(new Loaded(b, b.gtids()));
        }
        // each baseline's set is a prefix of the source's history: by size is by time
        list.sort(Comparator.comparingLong((Loaded l) -> l.gtids().size()));
        this.baselines = list;
    }

    /**
     * The view in force for {@code entry}'s rows (before any DDL of its own), after which the tracker applies the
     * entry's DDL statements, so the next call sees them.
     */
    public SchemaView enter(JournalEntry entry) {
        Gtid gtid = entry.header().gtid();
        while (next < baselines.size() && !baselines.get(next).gtids().contains(gtid)) {
            Loaded b = baselines.get(next++);
            view = BaselineViews.apply(view, b.baseline());
            applied = b.gtids();
            if (b.baseline().complete()) {
                lastComplete = b.baseline().id();
            }
        }
        SchemaView in = view;
        expanded = List.of();
        lastEntry = entry;
        lastStatements = null;
        if (!applied.contains(gtid)) {
            lastStatements = statements(entry);
            for (QueryEvent q : lastStatements) {
                view = afterStatement(view, q, gtid.toString());
            }
        }
        return in;
    }

    /**
     * The Query events of the entry {@link #enter} entered last that may change a table, in order (parsed now if
     * {@link #enter} did not need them: a baseline already held the entry): for whoever follows other objects than
     * tables along the same walk (triggers).
     */
    public List<QueryEvent> statementsOfLastEntry() {
        if (lastStatements == null) {
            lastStatements = lastEntry == null ? List.of() : statements(lastEntry);
        }
        return lastStatements;
    }

    /**
     * The inner events of the TRANSACTION_PAYLOAD events {@link #enter} expanded in the entry it entered last, in
     * order (empty when it expanded none): for {@link io.binlogpitr.common.binlog.BinlogTransaction#of(JournalEntry,
     * List)}, so that a payload is decompressed once.
     */
    public List<List<byte[]>> expandedPayloads() {
        return expanded;
    }

    /**
     * The view a reader has before the first transaction after {@code base}, once every entry up to it went
     * through {@link #enter}: the baselines whose set {@code base} holds are taken too.
     */
    public SchemaView asOf(GtidSet base) {
        while (next < baselines.size() && base.containsAll(baselines.get(next).gtids())) {
            Loaded b = baselines.get(next++);
            view = BaselineViews.apply(view, b.baseline());
            applied = b.gtids();
            if (b.baseline().complete()) {
                lastComplete = b.baseline().id();
            }
        }
        return view;
    }

    /** The id of the last complete baseline taken, or null. */
    public String lastCompleteBaseline() {
        return lastComplete;
    }

    /** The view after one journaled Query event (not BEGIN/COMMIT/ROLLBACK). */
    public static SchemaView afterStatement(SchemaView view, QueryEvent q, String at) {
        String sql;
        String modes;
        try {
            Long bits = q.state().sqlMode();
            modes = bits == null ? "" : SqlModes.sqlModeNames(bits);
            sql = q.sql();
        } catch (RuntimeException e) {
            SchemaView.Builder b = view.edit();
            b.forgetAll("the statement at " + at + " cannot be decoded (" + e.getMessage()
                    + "), so no table is known from there until the next baseline");
            return b.build();
        }
        return DdlSchemaEvolver.apply(view, q.database(), sql, modes, at);
    }

    /**
     * The Query events of an entry that may change a table: not BEGIN, COMMIT, ROLLBACK or XA. A DDL commits
     * implicitly, so it is a transaction of its own; the one DDL inside a BEGIN is CREATE TABLE ... SELECT, logged
     * right after the BEGIN. So a transaction whose BEGIN is followed by anything but a Query event holds no DDL,
     * and the rest of it is not streamed. Compressed payloads are looked into.
     */
    private List<QueryEvent> statements(JournalEntry entry) {
        List<QueryEvent> out = new ArrayList<>(1);
        FormatDescription format = null;
        Iterator<byte[]> events = entry.events();
        int n = 0;
        boolean begun = false;
        while (events.hasNext()) {
            byte[] e = events.next();
            int type = EventHeader.type(e);
            n++;
            if (begun && n == 3 && type != EventTypes.QUERY) {
                return out; // rows after BEGIN: DML only
            }
            if (type != EventTypes.QUERY && type != EventTypes.TRANSACTION_PAYLOAD) {
                continue;
            }
            if (format == null) {
                format = format(entry);
            }
            if (type == EventTypes.QUERY) {
                QueryEvent q = QueryEvent.parse(e, format);
                begun |= n == 2 && q.isBegin();
                add(q, out);
            } else {
                List<byte[]> inners = TransactionPayload.events(e, format);
                if (expanded.isEmpty()) {
                    expanded = new ArrayList<>(1);
                }
                expanded.add(inners);
                for (byte[] inner : inners) {
                    if (EventHeader.type(inner) == EventTypes.QUERY) {
                        add(QueryEvent.parse(inner, format), out);
                    }
                }
            }
        }
        return out;
    }

    private static void add(QueryEvent q, List<QueryEvent> out) {
        if (!q.isBegin() && !q.isCommit() && !q.isRollback() && !q.isXa()) {
            out.add(q);
        }
    }

    private FormatDescription format(JournalEntry entry) {
        byte[] raw = entry.formatDescription();
        if (raw == null) {
            throw new PitrException(
                    ErrorCode.JOURNAL_CORRUPT,
                    "no FORMAT_DESCRIPTION event is recorded before transaction "
                            + entry.header().gtid(),
                    "run 'pitr-restore verify --repo DIR' to see which journal files are damaged");
        }
        if (raw != lastFde) {
            fd = FormatDescription.parse(raw);
            lastFde = raw;
        }
        return fd;
    }
}
