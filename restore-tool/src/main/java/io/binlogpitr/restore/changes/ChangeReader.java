package io.binlogpitr.restore.changes;

import io.binlogpitr.common.binlog.BinlogTransaction;
import io.binlogpitr.common.binlog.EventTypes;
import io.binlogpitr.common.binlog.FormatDescription;
import io.binlogpitr.common.binlog.RowsDecoder;
import io.binlogpitr.common.binlog.RowsEvents;
import io.binlogpitr.common.binlog.TableDefinition;
import io.binlogpitr.common.journal.JournalEntry;
import io.binlogpitr.common.journal.JournalReader;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.schema.SchemaTracker;
import io.binlogpitr.common.schema.SchemaView;
import io.binlogpitr.common.schema.TableState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Walks the journal in order and hands out the selected changes of each transaction in range, one transaction at
 * a time: memory is bounded by the largest transaction, not by the range. Row values are decoded with the table
 * definition of the TABLE_MAP in force, so columns are named as they were when the change happened, through any
 * DDL. A source with MINIMAL metadata logs no names: they come from the schema history as it was at the change
 * ({@link SchemaTracker}, which sees every entry as the reader walks past it, selected or not). One thread.
 */
public final class ChangeReader implements AutoCloseable {
    private final JournalReader journal;
    private final ChangeFilter filter;
    private final SchemaTracker schema;
    private final boolean namesRequired;
    private final Map<Long, SchemaView> detachedViews = new HashMap<>();
    /** Which table each trigger is on, followed only when the filter selects tables (null otherwise). */
    private final TriggerHistory triggers;

    private final Map<Long, TriggerTables> detachedTriggers = new HashMap<>();
    private long lastIndex = Long.MIN_VALUE;
    private SchemaView lastView;
    private TriggerTables lastTriggers = TriggerTables.NONE;
    /** The payloads the schema history expanded in the last entry read: {@link #decode} does not again. */
    private List<List<byte[]>> lastPayloads = List.of();

    private long transactionsRead;

    private ChangeReader(
            JournalReader journal,
            ChangeFilter filter,
            SchemaTracker schema,
            TriggerHistory triggers,
            boolean namesRequired) {
        this.journal = journal;
        this.filter = filter;
        this.schema = schema;
        this.triggers = triggers;
        this.namesRequired = namesRequired;
    }

    private static ChangeReader open(RepositoryLayout repo, ChangeFilter filter, boolean namesRequired) {
        TriggerHistory triggers = filter.statements() && !filter.tables().isEmpty() ? TriggerHistory.of(repo) : null;
        return new ChangeReader(
                JournalReader.open(repo.journal()), filter, SchemaHistories.of(repo), triggers, namesRequired);
    }

    /** A reader whose changes carry column names; a change whose names cannot be known throws SCHEMA_UNKNOWN. */
    public static ChangeReader open(RepositoryLayout repo, ChangeFilter filter) {
        return open(repo, filter, true);
    }

    /**
     * A reader for counting (find): a change of a MINIMAL table whose names cannot be known is still decoded and
     * counted, its columns unnamed.
     */
    public static ChangeReader openForCounts(RepositoryLayout repo, ChangeFilter filter) {
        return open(repo, filter, false);
    }

    /** The next transaction in range with at least one selected change, or empty at the end of the journal. */
    public Optional<TransactionChanges> next() {
        Optional<JournalEntry> e;
        while ((e = nextInRange()).isPresent()) {
            TransactionChanges t = decode(e.get());
            if (!t.isEmpty()) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * The next journal entry whose header is in range, not yet decoded; {@link #detach} it to keep a handle and
     * {@link #decode} it later.
     */
    public Optional<JournalEntry> nextInRange() {
        Optional<JournalEntry> e;
        while ((e = journal.next()).isPresent()) {
            transactionsRead++;
            SchemaView view = schema.enter(e.get());
            TriggerTables before = triggers == null ? TriggerTables.NONE : triggers.enter(e.get(), schema);
            if (filter.admits(e.get().header())) {
                lastIndex = e.get().index();
                lastView = view;
                lastTriggers = before;
                lastPayloads = schema.expandedPayloads();
                return e;
            }
        }
        return Optional.empty();
    }

    /** A handle to {@code entry} holding its position only, to decode it again while this reader is open. */
    public JournalEntry detach(JournalEntry entry) {
        detachedViews.put(entry.index(), viewFor(entry));
        detachedTriggers.put(entry.index(), triggersFor(entry));
        return journal.detach(entry);
    }

    /** Transactions the journal says happened without being journaled (before it started, or a gap), so far. */
    public io.binlogpitr.common.gtid.GtidSet journalBase() {
        return journal.baseGtidSet();
    }

    private SchemaView viewFor(JournalEntry entry) {
        if (entry.index() == lastIndex) {
            return lastView;
        }
        SchemaView v = detachedViews.get(entry.index());
        if (v == null) {
            throw new IllegalStateException("transaction " + entry.header().gtid()
                    + " was neither the last one read nor detached: its schema is not kept");
        }
        return v;
    }

    private TriggerTables triggersFor(JournalEntry entry) {
        if (entry.index() == lastIndex) {
            return lastTriggers;
        }
        viewFor(entry); // throws for an entry neither read last nor detached
        return detachedTriggers.getOrDefault(entry.index(), TriggerTables.NONE);
    }

    public ChangeFilter filter() {
        return filter;
    }

    /** Transactions read from the journal so far, selected or not. */
    public long transactionsRead() {
        return transactionsRead;
    }

    /** The selected changes of one transaction. */
    public TransactionChanges decode(JournalEntry entry) {
        BinlogTransaction tx = BinlogTransaction.of(entry, entry.index() == lastIndex ? lastPayloads : List.of());
        FormatDescription fd = tx.formatDescription();
        List<Change> changes = new ArrayList<>();
        List<TransactionChanges.Statement> statements = new ArrayList<>();
        SchemaView view = viewFor(entry);
        TriggerTables triggersNow = triggersFor(entry);
        for (BinlogTransaction.Part part : tx.parts()) {
            if (part instanceof BinlogTransaction.RowsGroup group) {
                decodeRows(group, fd, entry, view, changes);
            } else if (part instanceof BinlogTransaction.Statement st) {
                // a DDL inside the transaction (CREATE TABLE ... SELECT) names the rows after it
                view = SchemaTracker.afterStatement(
                        view, st.query(), entry.header().gtid().toString());
                String db = st.query().database();
                String sql = st.query().sql();
                Long mode = st.query().state().sqlMode();
                ChangeFilter.Selection selection =
                        filter.selects(db == null ? "" : db, sql, mode == null ? 0 : mode, triggersNow);
                if (selection != ChangeFilter.Selection.LEFT_OUT) {
                    statements.add(new TransactionChanges.Statement(
                            db == null ? "" : db,
                            sql,
                            st.query().namesItsDatabase(),
                            mode,
                            selection == ChangeFilter.Selection.TRIGGER_TABLE_UNKNOWN));
                }
                if (triggers != null) {
                    triggersNow = TriggerHistory.after(triggersNow, st.query());
                }
            }
        }
        return new TransactionChanges(entry.header(), changes, statements, tx.rowsQueries());
    }

    /**
     * The tables ({@code db.table}) of the selected changes of one transaction, as {@link #decode} would give them,
     * read from the TABLE_MAP and rows event headers alone (no row is decoded).
     */
    public java.util.Set<String> tablesChanged(JournalEntry entry) {
        BinlogTransaction tx = BinlogTransaction.of(entry, entry.index() == lastIndex ? lastPayloads : List.of());
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (BinlogTransaction.Part part : tx.parts()) {
            if (part instanceof BinlogTransaction.RowsGroup group) {
                eachSelected(group, tx.formatDescription(), (t, map, event) -> out.add(t.database() + "." + t.table()));
            }
        }
        return out;
    }

    private void decodeRows(
            BinlogTransaction.RowsGroup group,
            FormatDescription fd,
            JournalEntry entry,
            SchemaView view,
            List<Change> out) {
        Map<TableDefinition, TableDefinition> named = new java.util.IdentityHashMap<>();
        eachSelected(group, fd, (mapped, map, event) -> {
            TableState state = view.table(mapped.database(), mapped.table());
            TableDefinition t = named.get(mapped);
            if (t == null) {
                t = mapped;
                if (!t.hasNames() && (namesRequired || state.schema() != null)) {
                    t = ColumnNames.named(t, state, entry.header());
                }
                named.put(mapped, t);
            }
            TableDefinition table = t;
            java.util.Set<String> generated = ColumnNames.generated(table, state);
            RowsDecoder.decode(event, fd, table, map, (row, raw) -> out.add(new Change(table, row, raw, generated)));
        });
    }

    /** A rows event the filter selects, with the table its TABLE_MAP event ({@code map}) describes. */
    private interface SelectedEvent {
        void accept(TableDefinition table, byte[] map, byte[] event);
    }

    /** Hands every rows event of {@code group} whose table and type the filter admits to {@code visitor}. */
    private void eachSelected(BinlogTransaction.RowsGroup group, FormatDescription fd, SelectedEvent visitor) {
        Map<Long, TableDefinition> tables = new HashMap<>();
        Map<Long, byte[]> maps = new HashMap<>();
        for (byte[] event : group.events()) {
            int type = event[4] & 0xFF;
            if (type == EventTypes.TABLE_MAP) {
                TableDefinition t = TableDefinition.parse(event, fd);
                tables.put(t.tableId(), t);
                maps.put(t.tableId(), event);
                continue;
            }
            TableDefinition t = tables.get(RowsEvents.tableId(event, fd));
            if (t == null || !filter.admitsTable(t.database(), t.table())) {
                continue;
            }
            if (!filter.admitsType(RowsDecoder.typeOf(event))) {
                continue;
            }
            visitor.accept(t, maps.get(t.tableId()), event);
        }
    }

    @Override
    public void close() {
        journal.close();
    }
}
