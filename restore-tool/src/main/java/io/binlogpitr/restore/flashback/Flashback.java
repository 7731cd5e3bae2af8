package io.binlogpitr.restore.flashback;

import io.binlogpitr.common.binlog.RowChange;
import io.binlogpitr.common.binlog.RowsInverter;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalEntry;
import io.binlogpitr.restore.changes.Change;
import io.binlogpitr.restore.changes.ChangeReader;
import io.binlogpitr.restore.changes.TransactionChanges;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Undoes a range of journaled changes, last first. The journal is read forwards once to find the transactions in
 * range (a handle of a few bytes each is kept, not their rows), then each is decoded again from the last to the
 * first and its undo handed to the sink: memory is bounded by the largest transaction plus about 200 bytes per
 * transaction in range. Statements (DDL) in the range are not undone; they are reported.
 */
public final class Flashback {
    /** Receives each transaction's undo, last transaction first, each list last change first. */
    public interface Sink {
        void undo(TransactionChanges transaction, List<InverseOp> ops);
    }

    /** What was undone. */
    public record Summary(
            long transactions, long rows, long cascaded, long scanned, List<String> statementsNotUndone) {}

    private Flashback() {}

    /** Chooses the cascades to put back once the transactions in range are known. */
    public interface CascadeSource {
        Cascades of(GtidSet transactions);
    }

    /**
     * Tables the undo writes, known before any of it reaches the sink.
     *
     * @param transactions the transactions in range
     * @param first the first of them in journal order
     * @param tables {@code db.table}: those of the selected changes, or (when {@code cascaded}) the child tables
     *     whose rows foreign key cascades are put back in, those not among the first
     */
    public record UndoTables(GtidSet transactions, Gtid first, Set<String> tables, boolean cascaded) {
        public UndoTables {
            tables = Collections.unmodifiableSortedSet(new TreeSet<>(tables));
        }
    }

    /**
     * Looks at the tables the undo writes before any of it runs (and may refuse it): once with those of the
     * selected changes, before the cascades are rebuilt, then once more with the cascades' other child tables, if
     * any.
     */
    public interface TablesCheck {
        void check(UndoTables tables);
    }

    /** Reads the range and hands every undo to {@code sink}; foreign key cascades are not put back. */
    public static Summary run(ChangeReader reader, Sink sink) {
        return run(reader, sink, g -> Cascades.none());
    }

    /**
     * Reads the range and hands every undo to {@code sink}, the undo of each parent change followed by the undo of
     * what it cascaded to.
     */
    public static Summary run(ChangeReader reader, Sink sink, CascadeSource cascadeSource) {
        return run(reader, sink, cascadeSource, null);
    }

    /**
     * {@link #run(ChangeReader, Sink, CascadeSource)}, with {@code check} (null: none) shown the tables the undo
     * writes before the first undo reaches the sink. It reads the TABLE_MAP and rows event headers of every
     * transaction in range once more, on the first pass.
     */
    public static Summary run(ChangeReader reader, Sink sink, CascadeSource cascadeSource, TablesCheck check) {
        List<JournalEntry> selected = new ArrayList<>();
        GtidSet found = new GtidSet();
        Set<String> tables = new TreeSet<>();
        Optional<JournalEntry> e;
        while ((e = reader.nextInRange()).isPresent()) {
            if (check != null) {
                tables.addAll(reader.tablesChanged(e.get()));
            }
            selected.add(reader.detach(e.get()));
            found.add(e.get().header().gtid());
        }
        GtidSet named = reader.filter().gtids();
        if (named != null && !found.containsAll(named)) {
            throw new PitrException(
                    ErrorCode.RESTORE_POINT_OUT_OF_RANGE,
                    "--gtid names transactions the journal does not hold: "
                            + named.subtract(found).abbreviated()
                            + " (before the journal's start, not journaled yet, or of another server); nothing was"
                            + " undone",
                    "'pitr-restore list --repo DIR' shows what the journal holds; name only those transactions");
        }
        Gtid first = selected.isEmpty() ? null : selected.get(0).header().gtid();
        if (check != null && !tables.isEmpty()) {
            check.check(new UndoTables(found, first, tables, false));
        }
        Cascades cascades = cascadeSource.of(found);
        if (check != null) {
            Set<String> children = new TreeSet<>(cascades.tables());
            children.removeAll(tables);
            if (!children.isEmpty()) {
                check.check(new UndoTables(found, first, children, true));
            }
        }
        long rows = 0;
        long cascaded = 0;
        long transactions = 0;
        List<String> notUndone = new ArrayList<>();
        for (int i = selected.size() - 1; i >= 0; i--) {
            TransactionChanges t = reader.decode(selected.get(i));
            for (TransactionChanges.Statement s : t.statements()) {
                notUndone.add(t.header().gtid() + " " + s.sql().replaceAll("\\s+", " "));
            }
            if (t.changes().isEmpty()) {
                continue;
            }
            transactions++;
            List<InverseOp> ops = undo(t, cascades);
            rows += t.changes().size();
            cascaded += ops.size() - t.changes().size();
            sink.undo(t, ops);
        }
        return new Summary(transactions, rows, cascaded, reader.transactionsRead(), List.copyOf(notUndone));
    }

    /** The undo of a transaction, last change first, each parent change followed by the undo of its cascades. */
    static List<InverseOp> undo(TransactionChanges t, Cascades cascades) {
        List<Change> changes = t.changes();
        List<List<InverseOp>> after = new ArrayList<>(changes.size());
        java.util.Map<String, Integer> occurrences = new java.util.HashMap<>();
        for (Change c : changes) {
            RowChange.Type type = c.row().type();
            if (type == RowChange.Type.INSERT) {
                after.add(List.of());
                continue;
            }
            int n = occurrences.merge(c.qualifiedName() + "\0" + type, 1, Integer::sum);
            after.add(cascades.after(t.header().gtid(), c.qualifiedName(), type, n));
        }
        List<InverseOp> out = new ArrayList<>(changes.size());
        for (int i = changes.size() - 1; i >= 0; i--) {
            out.add(InverseOp.of(changes.get(i)));
            out.addAll(after.get(i));
        }
        return out;
    }

    /** A sink writing the undo as SQL for review. */
    public static Sink script(io.binlogpitr.restore.changes.SqlScript script) {
        return script(script, (database, table) -> java.util.Set.of());
    }

    /** The generated columns of a table (lower case), which an undo statement must not name. */
    public interface GeneratedColumns {
        java.util.Set<String> of(String database, String table);
    }

    /**
     * A sink writing the undo as SQL for review, leaving out the columns {@code generated} names and those the schema
     * history marks generated at the change ({@link Change#generated()}).
     */
    public static Sink script(io.binlogpitr.restore.changes.SqlScript script, GeneratedColumns generated) {
        return script(script, generated, () -> java.util.Set.of(), () -> {});
    }

    /**
     * A sink writing the undo as SQL for review, as {@link #script(io.binlogpitr.restore.changes.SqlScript,
     * GeneratedColumns)}, except that the rows of the tables {@code rowEventTables} names ({@code db.table}, tables
     * with triggers a statement would fire) are written as {@code BINLOG} statements of their TABLE_MAP and inverse
     * rows event ({@link RowsInverter}), which fire no trigger, as {@code --apply} undoes them. {@code beforeFirst}
     * runs before the first undo is written, with {@link #formatDescriptionStatements} written already when needed.
     */
    public static Sink script(
            io.binlogpitr.restore.changes.SqlScript script,
            GeneratedColumns generated,
            java.util.function.Supplier<java.util.Set<String>> rowEventTables,
            Runnable beforeFirst) {
        StringBuilder sb = new StringBuilder(1024);
        boolean[] started = {false};
        io.binlogpitr.common.binlog.FormatDescription[] described = {null};
        return (t, all) -> {
            if (!started[0]) {
                started[0] = true;
                java.util.Set<String> tables = rowEventTables.get();
                if (!tables.isEmpty()) {
                    described[0] = all.stream()
                            .filter(op -> op.raw() != null)
                            .findFirst()
                            .map(op -> op.raw().fd())
                            .orElse(null);
                    if (described[0] != null) {
                        script.comment("the rows of " + String.join(", ", tables) + " (tables with triggers) are undone"
                                + " as BINLOG row events, which fire no trigger: running this needs REPLICATION_APPLIER"
                                + " or BINLOG_ADMIN (or SUPER); first the format of the events, outside the"
                                + " transaction (it sets gtid_next)");
                        for (String st : formatDescriptionStatements(described[0])) {
                            script.statement(st);
                        }
                    }
                }
                beforeFirst.run();
            }
            java.util.Set<String> tables = rowEventTables.get();
            // what the schema history says at the change (no snapshot needed), with what the snapshot says
            java.util.Map<String, java.util.Set<String>> history = new java.util.HashMap<>();
            for (Change c : t.changes()) {
                history.putIfAbsent(c.qualifiedName(), c.generated());
            }
            List<InverseOp> ops = new ArrayList<>(all.size());
            for (InverseOp op : all) {
                java.util.Set<String> g = new java.util.HashSet<>(
                        generated.of(op.table().database(), op.table().table()));
                g.addAll(history.getOrDefault(
                        op.table().database() + "." + op.table().table(), java.util.Set.of()));
                ops.add(g.isEmpty() ? op : op.keeping(c -> !g.contains(c.name().toLowerCase(java.util.Locale.ROOT))));
            }
            Gtid g = t.header().gtid();
            script.comment("undo " + g + " committed " + t.commitTime() + " (" + ops.size() + " rows)");
            for (String q : t.rowsQueries()) {
                script.comment("original: " + q);
            }
            for (InverseOp op : ops) {
                if (op.kind() == InverseOp.Kind.VERIFY) {
                    script.comment("(" + op.qualifiedName() + ": its ON UPDATE CASCADE key puts a child row back as"
                            + " the statement above runs)");
                    continue;
                }
                if (tables.contains(op.qualifiedName())) {
                    script.statement(rowEvents(op, g, described[0]));
                    continue;
                }
                sb.setLength(0);
                InverseSql.append(sb, op);
                script.statement(sb);
            }
        };
    }

    /** The session's FORMAT_DESCRIPTION event as a BINLOG statement, then gtid_next set back as it was. */
    public static List<String> formatDescriptionStatements(io.binlogpitr.common.binlog.FormatDescription fd) {
        return List.of(
                io.binlogpitr.common.binlog.BinlogStatements.binlog(List.of(RowsInverter.formatDescription(fd))),
                "SET SESSION gtid_next = 'AUTOMATIC'");
    }

    /** The undo of one row as a BINLOG statement, refused as {@code --apply} refuses it. */
    private static String rowEvents(InverseOp op, Gtid gtid, io.binlogpitr.common.binlog.FormatDescription fd) {
        if (op.raw() == null || fd == null) {
            throw new PitrException(
                    ErrorCode.FLASHBACK_REFUSED,
                    "the undo of " + op.qualifiedName() + " (" + gtid + ") must go as row events (the table has"
                            + " triggers), but these rows were rebuilt for a foreign key cascade and have no row events"
                            + " in the journal; no script was written",
                    "restore the rows with 'pitr-restore restore --before-gtid ... --rename-db' and copy them back");
        }
        try {
            return io.binlogpitr.common.binlog.BinlogStatements.binlog(RowsInverter.undo(op.raw(), fd));
        } catch (IllegalArgumentException e) {
            throw new PitrException(
                    ErrorCode.FLASHBACK_REFUSED,
                    "the undo of " + op.qualifiedName() + " (" + gtid + ") goes as row events, but " + e.getMessage()
                            + "; no script was written",
                    "undo the transactions logged by each server version in a run of their own (--gtid)");
        }
    }

    /** A sink applying the undo through {@code applier}. */
    public static Sink apply(FlashbackApplier applier) {
        return (t, ops) -> {
            for (InverseOp op : ops) {
                applier.apply(op, t.header().gtid());
            }
        };
    }
}
