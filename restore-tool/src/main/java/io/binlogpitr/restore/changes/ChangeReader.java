package io.binlogpitr.restore.changes;

import io.binlogpitr.common.binlog.BinlogTransaction;
import io.binlogpitr.common.binlog.EventTypes;
import io.binlogpitr.common.binlog.FormatDescription;
import io.binlogpitr.common.binlog.RowChange;
import io.binlogpitr.common.binlog.RowsDecoder;
import io.binlogpitr.common.binlog.RowsEvents;
import io.binlogpitr.common.binlog.TableDefinition;
import io.binlogpitr.common.journal.JournalEntry;
import io.binlogpitr.common.journal.JournalReader;
import io.binlogpitr.common.repository.RepositoryLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Walks the journal in order and hands out the selected changes of each transaction in range, one transaction at
 * a time: memory is bounded by the largest transaction, not by the range. Row values are decoded with the table
 * definition of the TABLE_MAP in force, so columns are named as they were when the change happened, through any
 * DDL. One thread.
 */
public final class ChangeReader implements AutoCloseable {
    private final JournalReader journal;
    private final ChangeFilter filter;
    private final ColumnNames names;
    private long transactionsRead;

    private ChangeReader(JournalReader journal, ChangeFilter filter, ColumnNames names) {
        this.journal = journal;
        this.filter = filter;
        this.names = names;
    }

    public static ChangeReader open(RepositoryLayout repo, ChangeFilter filter) {
        return new ChangeReader(JournalReader.open(repo.journal()), filter, SnapshotColumnNames.of(repo));
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
            if (filter.admits(e.get().header())) {
                return e;
            }
        }
        return Optional.empty();
    }

    /** A handle to {@code entry} holding its position only, to decode it again while this reader is open. */
    public JournalEntry detach(JournalEntry entry) {
        return journal.detach(entry);
    }

    /** Transactions the journal says happened without being journaled (before it started, or a gap), so far. */
    public io.binlogpitr.common.gtid.GtidSet journalBase() {
        return journal.baseGtidSet();
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
        BinlogTransaction tx = BinlogTransaction.of(entry);
        FormatDescription fd = tx.formatDescription();
        List<Change> changes = new ArrayList<>();
        List<TransactionChanges.Statement> statements = new ArrayList<>();
        for (BinlogTransaction.Part part : tx.parts()) {
            if (part instanceof BinlogTransaction.RowsGroup group) {
                decodeRows(group, fd, entry, changes);
            } else if (part instanceof BinlogTransaction.Statement st) {
                String db = st.query().database();
                String sql = st.query().sql();
                if (filter.admitsStatement(db == null ? "" : db, sql)) {
                    statements.add(new TransactionChanges.Statement(
                            db == null ? "" : db, sql, st.query().isCreateDatabase()));
                }
            }
        }
        return new TransactionChanges(entry.header(), changes, statements, tx.rowsQueries());
    }

    private void decodeRows(
            BinlogTransaction.RowsGroup group, FormatDescription fd, JournalEntry entry, List<Change> out) {
        Map<Long, TableDefinition> tables = new HashMap<>();
        for (byte[] event : group.events()) {
            int type = event[4] & 0xFF;
            if (type == EventTypes.TABLE_MAP) {
                TableDefinition t = TableDefinition.parse(event, fd);
                tables.put(t.tableId(), t);
                continue;
            }
            TableDefinition t = tables.get(RowsEvents.tableId(event, fd));
            if (t == null || !filter.admitsTable(t.database(), t.table())) {
                continue;
            }
            RowChange.Type kind = RowsDecoder.typeOf(event);
            if (!filter.admitsType(kind)) {
                continue;
            }
            if (!t.hasNames()) {
                t = names.named(t, entry.header());
                tables.put(t.tableId(), t);
            }
            TableDefinition table = t;
            RowsDecoder.decode(event, fd, table, row -> out.add(new Change(table, row)));
        }
    }

    @Override
    public void close() {
        journal.close();
    }
}
