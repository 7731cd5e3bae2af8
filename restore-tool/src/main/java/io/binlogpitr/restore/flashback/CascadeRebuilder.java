package io.binlogpitr.restore.flashback;

import io.binlogpitr.common.binlog.BinlogColumn;
import io.binlogpitr.common.binlog.RowChange;
import io.binlogpitr.common.binlog.TableDefinition;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalEntry;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import io.binlogpitr.common.sql.SqlLiteral;
import io.binlogpitr.restore.changes.Change;
import io.binlogpitr.restore.changes.ChangeFilter;
import io.binlogpitr.restore.changes.ChangeReader;
import io.binlogpitr.restore.changes.TransactionChanges;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rebuilds the child rows InnoDB changed through foreign keys when the undone parent changes happened. The foreign
 * keys are those of the newest snapshot taken before every undone change; the child tables are loaded from it and
 * the journal's row changes to them are applied in memory, transaction by transaction, simulating the cascades of
 * every parent change on the way (they are not in the binlog either), up to each undone change: what a cascade
 * took then is what the undo puts back. Refuses, before anything is changed, when a DDL touched an involved table
 * between the snapshot and the change (the keys or the columns may differ) or a child table is not in the snapshot.
 * Memory: the rows of the child tables involved.
 */
public final class CascadeRebuilder {
    private final SnapshotSchema snapshot;
    private final ChangeFilter user;
    private final GtidSet selected;
    private final Map<String, ChildRows> children = new LinkedHashMap<>();
    private final Map<String, List<InverseOp>> ops = new HashMap<>();
    private final Set<String> involved;

    private CascadeRebuilder(SnapshotSchema snapshot, ChangeFilter user, GtidSet selected, Set<String> involved) {
        this.snapshot = snapshot;
        this.user = user;
        this.selected = selected;
        this.involved = involved;
    }

    /**
     * The cascades of the changes {@code user} selects among the transactions {@code selected}; none when no
     * snapshot precedes them (the applier then refuses a parent table the target says has cascading keys).
     */
    public static Cascades rebuild(RepositoryLayout repo, ChangeFilter user, GtidSet selected) {
        if (selected.isEmpty()) {
            return Cascades.none();
        }
        Optional<SnapshotSchema> s = SnapshotSchema.before(repo, selected);
        if (s.isEmpty()) {
            return Cascades.none();
        }
        SnapshotSchema snapshot = s.get();
        Set<String> parents = new LinkedHashSet<>();
        Set<String> involved = new LinkedHashSet<>();
        for (SnapshotManifest.Database d : SnapshotSchema.databases(snapshot)) {
            for (SnapshotManifest.Table t : d.tables()) {
                if (user.admitsTable(d.name(), t.name()) && cascades(snapshot, d.name(), t.name())) {
                    parents.add(d.name() + "." + t.name());
                }
            }
        }
        if (parents.isEmpty()) {
            return new Cascades(Map.of(), Set.of(), snapshot.id());
        }
        ArrayDeque<String> todo = new ArrayDeque<>(parents);
        while (!todo.isEmpty()) {
            String t = todo.poll();
            if (!involved.add(t)) {
                continue;
            }
            int dot = t.indexOf('.');
            for (ForeignKey k : snapshot.referencing(t.substring(0, dot), t.substring(dot + 1))) {
                if (k.onDelete().changesChildren() || k.onUpdate().changesChildren()) {
                    todo.add(k.child());
                }
            }
        }
        CascadeRebuilder r = new CascadeRebuilder(snapshot, user, selected, involved);
        r.run(repo);
        return new Cascades(r.ops, involved, snapshot.id());
    }

    private static boolean cascades(SnapshotSchema s, String db, String table) {
        for (ForeignKey k : s.referencing(db, table)) {
            if (k.onDelete().changesChildren() || k.onUpdate().changesChildren()) {
                return true;
            }
        }
        return false;
    }

    private void run(RepositoryLayout repo) {
        for (String t : involved) {
            int dot = t.indexOf('.');
            SnapshotManifest.Table table = snapshot.table(t.substring(0, dot), t.substring(dot + 1));
            if (table == null) {
                throw refused("snapshot " + snapshot.id() + " does not hold " + t);
            }
            ChildRows rows = ChildRows.load(t, snapshot.dir(), table);
            if (rows != null) {
                children.put(t, rows);
            }
        }
        ChangeFilter all =
                new ChangeFilter(null, null, null, Set.of(), involved, EnumSet.allOf(RowChange.Type.class), true);
        long remaining = selected.size();
        try (ChangeReader reader = ChangeReader.open(repo, all)) {
            Optional<JournalEntry> e;
            while (remaining > 0 && (e = reader.nextInRange()).isPresent()) {
                if (snapshot.gtids().contains(e.get().header().gtid())) {
                    continue; // its effects are in the snapshot's rows
                }
                TransactionChanges t = reader.decode(e.get());
                boolean undone = selected.contains(t.header().gtid());
                if (undone) {
                    remaining--;
                }
                for (TransactionChanges.Statement st : t.statements()) {
                    checkStatement(t, st);
                }
                replay(t, undone);
            }
            GtidSet unjournaled = reader.journalBase().subtract(snapshot.gtids());
            if (!unjournaled.isEmpty()) {
                throw refused("transactions " + unjournaled.abbreviated() + " are neither in snapshot " + snapshot.id()
                        + " nor in the journal");
            }
        }
    }

    private void checkStatement(TransactionChanges t, TransactionChanges.Statement st) {
        String sql = st.sql().toLowerCase(Locale.ROOT);
        for (String table : involved) {
            String name = table.substring(table.indexOf('.') + 1).toLowerCase(Locale.ROOT);
            if (Pattern.compile("(?<![a-z0-9_$])" + Pattern.quote(name) + "(?![a-z0-9_$])")
                    .matcher(sql)
                    .find()) {
                throw refused("a statement at " + t.header().gtid() + " after snapshot " + snapshot.id() + " touches "
                        + table + " (" + abbreviate(st.sql()) + "): its foreign keys or columns at the change"
                        + " are not known");
            }
        }
    }

    private void replay(TransactionChanges t, boolean undone) {
        Map<String, Integer> occurrences = new HashMap<>();
        for (Change c : t.changes()) {
            String name = c.qualifiedName();
            RowChange r = c.row();
            ChildRows own = rowsOf(name, c.table());
            if (own != null) {
                switch (r.type()) {
                    case INSERT -> own.add(own.fromJournal(c.table(), r.after()));
                    case DELETE -> own.remove(own.fromJournal(c.table(), r.before()));
                    case UPDATE -> {
                        own.remove(own.fromJournal(c.table(), r.before()));
                        own.add(own.fromJournal(c.table(), r.after()));
                    }
                }
            }
            if (r.type() == RowChange.Type.INSERT) {
                continue;
            }
            int n = occurrences.merge(name + "\0" + r.type(), 1, Integer::sum);
            boolean delete = r.type() == RowChange.Type.DELETE;
            Image before = new Image(c.table(), r.before());
            Image after = delete ? null : new Image(c.table(), r.after());
            List<InverseOp> undo = cascade(name, before, after);
            if (undone
                    && !undo.isEmpty()
                    && user.admitsTable(c.table().database(), c.table().table())
                    && user.admitsType(r.type())) {
                ops.put(Cascades.key(t.header().gtid(), name, r.type(), n), List.copyOf(undo));
            }
        }
    }

    /** A child table's rows, created empty at its first journaled change when the snapshot held none. */
    private ChildRows rowsOf(String name, TableDefinition journal) {
        if (!involved.contains(name) || !isChild(name)) {
            return null;
        }
        int dot = name.indexOf('.');
        return children.computeIfAbsent(
                name,
                k -> ChildRows.empty(k, journal, snapshot.generated(name.substring(0, dot), name.substring(dot + 1))));
    }

    private boolean isChild(String name) {
        for (String p : involved) {
            int dot = p.indexOf('.');
            for (ForeignKey k : snapshot.referencing(p.substring(0, dot), p.substring(dot + 1))) {
                if (k.child().equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Applies to the rebuilt children what InnoDB did when a row of {@code parent} was deleted ({@code after} null)
     * or updated, and returns the undo of it, each child before its own children.
     */
    private List<InverseOp> cascade(String parent, Image before, Image after) {
        boolean delete = after == null;
        List<InverseOp> undo = new ArrayList<>();
        int dot = parent.indexOf('.');
        for (ForeignKey k : snapshot.referencing(parent.substring(0, dot), parent.substring(dot + 1))) {
            if (!k.changesChildrenOn(delete)) {
                continue;
            }
            List<String> key = new ArrayList<>();
            boolean changed = delete;
            for (String c : k.parentColumns()) {
                String was = before.rendered(c);
                key.add(was);
                changed |= !delete && !was.equals(after.rendered(c));
            }
            ChildRows rows = children.get(k.child());
            if (!changed || key.contains("NULL") || rows == null) {
                continue;
            }
            int[] fk = k.columns().stream().mapToInt(rows::column).toArray();
            if (java.util.Arrays.stream(fk).anyMatch(i -> i < 0)) {
                throw refused("the snapshot's " + k.child() + " has no column " + k.columns() + " of key " + k.name());
            }
            requireComparable(k, before, rows, fk);
            for (Object[] row : rows.matching(fk, key)) {
                undo.addAll(apply(k, rows, row, fk, after));
            }
        }
        return undo;
    }

    /**
     * Refuses a key whose parent and child columns are not matched by value here: of another kind (an ENUM/SET the
     * journal gives as its number, under MINIMAL metadata, in the parent), or ENUM/SET columns with other members
     * (InnoDB matches those by member number, not text).
     */
    private void requireComparable(ForeignKey k, Image parent, ChildRows rows, int[] fk) {
        SnapshotManifest.Table p = snapshot.table(k.parentDatabase(), k.parentTable());
        SnapshotManifest.Table c = snapshot.table(k.childDatabase(), k.childTable());
        Map<String, SnapshotSchema.Members> pm = p == null ? Map.of() : SnapshotSchema.enumSetMembers(p.create());
        Map<String, SnapshotSchema.Members> cm = c == null ? Map.of() : SnapshotSchema.enumSetMembers(c.create());
        for (int j = 0; j < fk.length; j++) {
            String pc = k.parentColumns().get(j);
            BinlogColumn child = rows.layout().columns().get(fk[j]);
            BinlogColumn journal = parent.column(pc);
            SnapshotSchema.Members a = pm.get(pc.toLowerCase(Locale.ROOT));
            SnapshotSchema.Members b = cm.get(child.name().toLowerCase(Locale.ROOT));
            if ((a != null || b != null) && (journal.kind() != child.kind() || !java.util.Objects.equals(a, b))) {
                throw refused("key " + k.name() + " of " + k.child() + " is on ENUM/SET column " + child.name()
                        + ", which InnoDB matches with " + k.parent() + "." + pc + " by member number: the rebuild"
                        + " matches keys by value, and cannot here (other members, or numbers under"
                        + " binlog_row_metadata=MINIMAL)");
            }
            if (journal.kind() != child.kind()) {
                throw refused("key " + k.name() + " matches " + k.child() + "." + child.name() + " ("
                        + child.kind() + " in the snapshot) with " + k.parent() + "." + pc + " (" + journal.kind()
                        + " in the journal)");
            }
        }
    }

    private List<InverseOp> apply(ForeignKey k, ChildRows rows, Object[] row, int[] fk, Image after) {
        boolean delete = after == null;
        ForeignKey.Action action = delete ? k.onDelete() : k.onUpdate();
        List<InverseOp> undo = new ArrayList<>();
        rows.remove(row);
        if (delete && action == ForeignKey.Action.CASCADE) {
            undo.add(new InverseOp(InverseOp.Kind.INSERT, rows.layout(), null, row));
            undo.addAll(cascade(rows.name(), new Image(rows.layout(), row), null));
            return undo;
        }
        Object[] now = row.clone();
        for (int j = 0; j < fk.length; j++) {
            now[fk[j]] = action == ForeignKey.Action.SET_NULL
                    ? null
                    : after.value(k.parentColumns().get(j));
        }
        rows.add(now);
        // SET NULL: the undo sets the key back; ON UPDATE CASCADE: the parent's undo cascades back on the target
        // (foreign key checks on), so the child row is only checked after it
        undo.add(
                action == ForeignKey.Action.SET_NULL
                        ? new InverseOp(InverseOp.Kind.UPDATE, rows.layout(), now, row)
                        : new InverseOp(InverseOp.Kind.VERIFY, rows.layout(), row, null));
        undo.addAll(cascade(rows.name(), new Image(rows.layout(), row), new Image(rows.layout(), now)));
        return undo;
    }

    private PitrException refused(String why) {
        return new PitrException(
                ErrorCode.FLASHBACK_REFUSED,
                "cannot put back the rows foreign keys cascaded to (child tables " + String.join(", ", childNames())
                        + "): " + why + "; nothing was changed",
                "restore the tables as they were with 'pitr-restore restore --before-gtid ... --rename-db' and copy"
                        + " the rows back by hand, or take snapshots more often so one precedes the change");
    }

    private List<String> childNames() {
        List<String> out = new ArrayList<>();
        for (String t : involved) {
            if (isChild(t)) {
                out.add(t);
            }
        }
        return out;
    }

    private static String abbreviate(String sql) {
        String s = sql.replaceAll("\\s+", " ").trim();
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** A row with its definition, read by column name. */
    private record Image(TableDefinition table, Object[] row) {
        private int at(String column) {
            for (BinlogColumn c : table.columns()) {
                if (c.name().equalsIgnoreCase(column)) {
                    return c.index();
                }
            }
            throw new IllegalStateException("no column " + column + " in " + table.database() + "." + table.table());
        }

        BinlogColumn column(String column) {
            return table.columns().get(at(column));
        }

        String rendered(String column) {
            int i = at(column);
            return SqlLiteral.render(table.columns().get(i).sqlColumn(), row[i]);
        }

        Object value(String column) {
            return row[at(column)];
        }
    }
}
