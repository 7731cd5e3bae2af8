package io.binlogpitr.restore.flashback;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.restore.changes.ChangeFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The comments a {@code --sql-out} script carries about triggers and foreign keys it cannot check itself. */
public final class ScriptNotes {
    private ScriptNotes() {}

    /** The generated columns as the newest snapshot before {@code transactions} has them (none without one). */
    public static Flashback.GeneratedColumns generated(RepositoryLayout repo, GtidSet transactions) {
        Optional<SnapshotSchema> s = SnapshotSchema.before(repo, transactions);
        return s.isEmpty() ? (d, t) -> Set.of() : s.get()::generated;
    }

    /**
     * The selected tables ({@code db.table}) that have triggers in the newest snapshot before {@code transactions}
     * (none without one): their undo goes as row events.
     */
    public static Set<String> tablesWithTriggers(RepositoryLayout repo, ChangeFilter filter, GtidSet transactions) {
        Optional<SnapshotSchema> s = SnapshotSchema.before(repo, transactions);
        Set<String> triggers = new TreeSet<>();
        if (s.isEmpty()) {
            return triggers;
        }
        for (String t : s.get().tablesWithTriggers()) {
            int dot = t.indexOf('.');
            if (filter.admitsTable(t.substring(0, dot), t.substring(dot + 1))) {
                triggers.add(t);
            }
        }
        return triggers;
    }

    /** Engines that take part in a transaction; a snapshot naming any other makes the script warn. */
    private static final Set<String> TRANSACTIONAL = Set.of("innodb", "ndbcluster", "ndb", "rocksdb", "tokudb");

    private static final java.util.regex.Pattern ENGINE = java.util.regex.Pattern.compile("\\) ENGINE=(\\w+)");

    /**
     * The warning a script carries when the undo writes tables that the newest snapshot before the changes holds in
     * a non-transactional engine (MyISAM, MEMORY ...): the script is one transaction, which they cannot take part
     * in. Empty when there are none; the engines are unknown without a snapshot (a comment says so).
     */
    public static List<String> engines(RepositoryLayout repo, Flashback.UndoTables undo) {
        Optional<SnapshotSchema> s = SnapshotSchema.before(repo, undo.transactions());
        if (s.isEmpty()) {
            return undo.cascaded()
                    ? List.of()
                    : List.of("storage engines: unknown, no snapshot precedes these changes. A statement on a"
                            + " non-transactional (MyISAM, MEMORY ...) table inside the transaction below fails on a"
                            + " GTID server (MySQL error 1785); --apply reads the engines on the target and refuses"
                            + " such tables before changing anything");
        }
        List<String> named = new ArrayList<>();
        for (String t : undo.tables()) {
            int dot = t.indexOf('.');
            io.binlogpitr.common.snapshot.SnapshotManifest.Table table =
                    s.get().table(t.substring(0, dot), t.substring(dot + 1));
            java.util.regex.Matcher m = table == null ? null : ENGINE.matcher(table.create());
            if (m != null && m.find() && !TRANSACTIONAL.contains(m.group(1).toLowerCase(java.util.Locale.ROOT))) {
                named.add(t + " (" + m.group(1) + ")");
            }
        }
        if (named.isEmpty()) {
            return List.of();
        }
        return List.of("WARNING, NON-TRANSACTIONAL TABLES (snapshot " + s.get().id() + "): " + String.join(", ", named)
                + ". This script undoes everything in one transaction so that it is all or nothing, and such a table"
                + " cannot take part: on a server with enforce_gtid_consistency (GTID mode) its first statement fails"
                + " with MySQL error 1785 and the mysql client stops, the transaction rolled back (do not run it with"
                + " --force); without it, those statements take effect at once and stay even if the rest is rolled"
                + " back. --apply refuses such an undo before changing anything. To undo the other tables, write the"
                + " script again with --tables naming only them; to get these rows back, restore the tables beside"
                + " the live database with 'pitr-restore restore --before-gtid " + undo.first() + " --tables ..."
                + " --rename-db DB=DB_before' and copy them back by hand");
    }

    /** Comment lines for an undo of {@code transactions} with {@code cascades}. */
    public static List<String> of(RepositoryLayout repo, ChangeFilter filter, GtidSet transactions, Cascades cascades) {
        List<String> out = new ArrayList<>();
        Optional<SnapshotSchema> s = SnapshotSchema.before(repo, transactions);
        if (s.isEmpty()) {
            out.add("triggers and foreign keys: unknown, no snapshot precedes these changes. Running this script fires"
                    + " every trigger of these tables again (their own row changes are already undone below), and"
                    + " child rows that ON DELETE/UPDATE CASCADE or SET NULL keys changed are not in the binlog nor"
                    + " in this script; --apply checks both on the target (it undoes tables with triggers as binlog row"
                    + " events, which fire none) and refuses what it cannot rebuild");
            return out;
        }
        Set<String> triggers = tablesWithTriggers(repo, filter, transactions);
        if (!triggers.isEmpty()) {
            out.add("TRIGGERS (snapshot " + s.get().id() + "): " + String.join(", ", triggers) + " have triggers."
                    + " What they did is in the journal and is undone with the rest; their rows are undone below as"
                    + " BINLOG row events, which fire no trigger (as --apply does), so running this script needs"
                    + " REPLICATION_APPLIER or BINLOG_ADMIN (or SUPER), and the tables' columns on the server must be"
                    + " those of the changes (row events carry values by position; --apply checks it).");
        }
        if (cascades.rows() > 0) {
            out.add("foreign keys (snapshot " + s.get().id() + "): " + cascades.rows() + " child rows that ON"
                    + " DELETE/UPDATE CASCADE or SET NULL changed (not in the binlog) are put back right after their"
                    + " parent row");
        }
        return out;
    }
}
