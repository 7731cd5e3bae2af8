package io.binlogpitr.restore.engine;

import io.binlogpitr.common.binlog.BinlogTransaction;
import io.binlogpitr.common.binlog.EventTypes;
import io.binlogpitr.common.binlog.TableDefinition;
import io.binlogpitr.common.ddl.DdlObject;
import io.binlogpitr.common.ddl.DdlObjects;
import io.binlogpitr.common.ddl.DdlScope;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.journal.JournalEntry;
import io.binlogpitr.common.journal.JournalReader;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import io.binlogpitr.restore.plan.RestorePlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The databases and tables a partial restore names that its snapshot does not hold, and where the journal creates
 * them. One the replay window creates ({@code CREATE DATABASE}, {@code CREATE TABLE}) before any other statement of
 * the window names it is restored by the replay alone: nothing is loaded for it, and the replay creates it (renamed)
 * and fills it. Any other name is refused: it would come out partial or not at all. The journal is only read when
 * such a name is given.
 */
final class WindowCreations {
    private WindowCreations() {}

    /**
     * The names of {@code options} the snapshot lacks (databases, and {@code db.table}), each checked to be created
     * in the window; empty when the snapshot holds them all.
     *
     * @throws PitrException USAGE naming each one that is not, with when the journal does create it if it does
     */
    static Set<String> check(RestoreOptions options, RestorePlan plan) {
        SnapshotManifest manifest = plan.snapshot().manifest();
        Set<String> databases = missingDatabases(options, manifest);
        Set<String> tables = missingTables(options, manifest);
        if (databases.isEmpty() && tables.isEmpty()) {
            return Set.of();
        }
        Map<String, Found> found = new LinkedHashMap<>(); // what the first statement naming each one did
        Map<String, Found> later = new LinkedHashMap<>(); // after the point: the first statement creating it
        Set<String> dropped = new LinkedHashSet<>();
        Set<String> droppedLater = new LinkedHashSet<>();
        boolean past = plan.replay().isEmpty();
        try (JournalReader reader = JournalReader.open(options.repository().journal())) {
            Optional<JournalEntry> next;
            while ((next = reader.next()).isPresent() && (!past || stillUnknown(databases, tables, found, later))) {
                JournalEntry e = next.get();
                Gtid gtid = e.header().gtid();
                boolean inWindow = !past && plan.replay().contains(gtid);
                if (inWindow || (past && !plan.startAfter().contains(gtid))) {
                    Map<String, Found> into = inWindow ? found : later;
                    BinlogTransaction tx = BinlogTransaction.of(e);
                    for (BinlogTransaction.Part part : tx.parts()) {
                        if (part instanceof BinlogTransaction.RowsGroup rows && inWindow) {
                            rowsOf(rows, tx, databases, tables, found, dropped, new Found(gtid, commitTime(e), false));
                        } else if (part instanceof BinlogTransaction.Statement st) {
                            note(
                                    st,
                                    databases,
                                    tables,
                                    manifest,
                                    into,
                                    inWindow ? dropped : droppedLater,
                                    !inWindow,
                                    new Found(gtid, commitTime(e), false));
                        }
                    }
                }
                if (gtid.equals(plan.lastIncluded())) {
                    past = true;
                }
            }
        }
        Set<String> refused = new TreeSet<>();
        databases.stream().filter(d -> !createdIn(found, d)).forEach(refused::add);
        tables.stream().filter(t -> !createdIn(found, t)).forEach(refused::add);
        if (!refused.isEmpty()) {
            throw refusal(refused, databases, manifest, plan, found, later);
        }
        Set<String> all = new LinkedHashSet<>(databases);
        all.addAll(tables);
        return all;
    }

    /**
     * The first statement that named a name: where, and whether it created it.
     */
    record Found(Gtid gtid, Instant committed, boolean creates, boolean ifNotExists) {
        Found(Gtid gtid, Instant committed, boolean creates) {
            this(gtid, committed, creates, false);
        }

        Found creating(boolean c) {
            return new Found(gtid, committed, c, false);
        }

        /** A CREATE ... IF NOT EXISTS of something that may have existed: it does not show a creation. */
        Found uncertain() {
            return new Found(gtid, committed, false, true);
        }
    }

    private static boolean createdIn(Map<String, Found> found, String name) {
        Found f = found.get(name);
        return f != null && f.creates();
    }

    /** Past the point: whether a name the window does not create has no later creation found yet. */
    private static boolean stillUnknown(
            Set<String> databases, Set<String> tables, Map<String, Found> found, Map<String, Found> later) {
        java.util.stream.Stream<String> names = java.util.stream.Stream.concat(databases.stream(), tables.stream());
        return names.anyMatch(n -> !createdIn(found, n) && !found.containsKey(n) && !later.containsKey(n));
    }

    /** The databases the options name (chosen, renamed, or of a chosen table) that the snapshot does not hold. */
    static Set<String> missingDatabases(RestoreOptions options, SnapshotManifest manifest) {
        Set<String> held = new LinkedHashSet<>();
        manifest.databases().forEach(db -> held.add(db.name()));
        Set<String> named = new LinkedHashSet<>(options.databases());
        named.addAll(options.renames().keySet());
        for (String t : options.tables()) {
            named.add(t.substring(0, t.indexOf('.')));
        }
        named.removeAll(held);
        return named;
    }

    /** The {@code db.table} names of {@code --tables} the snapshot does not hold. */
    static Set<String> missingTables(RestoreOptions options, SnapshotManifest manifest) {
        Set<String> held = new LinkedHashSet<>();
        for (SnapshotManifest.Database db : manifest.databases()) {
            db.tables().forEach(t -> held.add(db.name() + "." + t.name()));
        }
        Set<String> out = new LinkedHashSet<>(options.tables());
        out.removeAll(held);
        return out;
    }

    /**
     * Follows each name through one statement. A {@code DROP} (of it, or of a table's database) means it is absent
     * from there on, whether it existed or not; a {@code CREATE} of it creates it; any other statement naming it
     * before either shows it existed before the snapshot, which left it out: that is recorded and kept. Past the
     * point ({@code onlyCreation}) only the first creation is recorded, for the message.
     */
    private static void note(
            BinlogTransaction.Statement st,
            Set<String> databases,
            Set<String> tables,
            SnapshotManifest manifest,
            Map<String, Found> into,
            Set<String> dropped,
            boolean onlyCreation,
            Found here) {
        Set<String> held = held(manifest);
        String sql = st.query().sql();
        String db = st.query().database() == null ? "" : st.query().database();
        long mode =
                st.query().state().sqlMode() == null ? 0 : st.query().state().sqlMode();
        DdlScope scope = DdlObjects.resolve(sql, db, mode);
        if (scope.kind() != DdlScope.Kind.OBJECTS) {
            return;
        }
        DdlObjects.Verb verb = DdlObjects.verb(sql, mode);
        for (String name : databases) {
            boolean names = scope.objects().stream().anyMatch(o -> o.database().equals(name));
            boolean subject = scope.subjects().stream()
                    .anyMatch(o ->
                            o.kind() == DdlObject.Kind.DATABASE && o.database().equals(name));
            // IF NOT EXISTS creates a database only where it was absent: known after a DROP of it, or when the
            // snapshot took every database (so it did not exist at the snapshot's point)
            DdlObjects.Verb v = certain(
                    subject ? verb : DdlObjects.Verb.OTHER, dropped.contains(name) || absentAtSnapshot(manifest, name));
            follow(into, dropped, name, names, v, onlyCreation, here);
        }
        for (String name : tables) {
            String itsDb = name.substring(0, name.indexOf('.'));
            boolean names = scope.objects().stream()
                    .anyMatch(o -> o.kind() == DdlObject.Kind.TABLE
                            && o.qualifiedName().equals(name));
            boolean subject = scope.subjects().stream()
                    .anyMatch(o -> o.kind() == DdlObject.Kind.TABLE
                            && o.qualifiedName().equals(name));
            boolean dbDropped = verb == DdlObjects.Verb.DROP
                    && scope.subjects().stream()
                            .anyMatch(o -> o.kind() == DdlObject.Kind.DATABASE
                                    && o.database().equals(itsDb));
            // a table the snapshot's database lacks, or of a database the window created, was absent
            boolean absent = dropped.contains(name) || held.contains(itsDb) || createdIn(into, itsDb);
            DdlObjects.Verb v = certain(subject || dbDropped ? verb : DdlObjects.Verb.OTHER, absent);
            follow(into, dropped, name, names || dbDropped, v, onlyCreation, here);
        }
    }

    /**
     * Whether database {@code name}, which the snapshot does not hold, did not exist at its point: the manifest says
     * the snapshot took every database. A manifest that does not say (an older agent's) may have left it out.
     */
    private static boolean absentAtSnapshot(SnapshotManifest manifest, String name) {
        return manifest.filter() != null && manifest.filter().coversDatabase(name);
    }

    /** IF NOT EXISTS of what is known to be absent creates it. */
    private static DdlObjects.Verb certain(DdlObjects.Verb verb, boolean absent) {
        return verb == DdlObjects.Verb.CREATE_IF_NOT_EXISTS && absent ? DdlObjects.Verb.CREATE : verb;
    }

    private static Set<String> held(SnapshotManifest manifest) {
        Set<String> out = new LinkedHashSet<>();
        manifest.databases().forEach(db -> out.add(db.name()));
        return out;
    }

    /** Row changes of a name not created yet in the window show it existed before the snapshot (left out). */
    private static void rowsOf(
            BinlogTransaction.RowsGroup rows,
            BinlogTransaction tx,
            Set<String> databases,
            Set<String> tables,
            Map<String, Found> found,
            Set<String> dropped,
            Found here) {
        for (byte[] event : rows.events()) {
            if ((event[4] & 0xFF) != EventTypes.TABLE_MAP) {
                continue;
            }
            TableDefinition t = TableDefinition.parse(event, tx.formatDescription());
            if (databases.contains(t.database())) {
                follow(found, dropped, t.database(), true, DdlObjects.Verb.OTHER, false, here);
            }
            String name = t.database() + "." + t.table();
            if (tables.contains(name)) {
                follow(found, dropped, name, true, DdlObjects.Verb.OTHER, false, here);
            }
        }
    }

    private static void follow(
            Map<String, Found> into,
            Set<String> dropped,
            String name,
            boolean names,
            DdlObjects.Verb verb,
            boolean onlyCreation,
            Found here) {
        if (!names || into.containsKey(name)) {
            return; // the first creation, or what showed it was left out, stays
        }
        if (verb == DdlObjects.Verb.CREATE) {
            into.put(name, here.creating(true));
        } else if (verb == DdlObjects.Verb.CREATE_IF_NOT_EXISTS) {
            if (!onlyCreation) {
                into.put(name, here.uncertain());
            }
        } else if (verb == DdlObjects.Verb.DROP) {
            dropped.add(name);
        } else if (!onlyCreation && !dropped.contains(name)) {
            into.put(name, here.creating(false));
        }
    }

    private static Instant commitTime(JournalEntry e) {
        long micros = e.header().originalCommitMicros();
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    private static PitrException refusal(
            Set<String> refused,
            Set<String> databases,
            SnapshotManifest manifest,
            RestorePlan plan,
            Map<String, Found> found,
            Map<String, Found> later) {
        List<String> each = new ArrayList<>();
        String hint = null;
        for (String name : refused) {
            String what = (databases.contains(name) ? "database " : "table ") + name;
            Found f = found.get(name);
            Found l = later.get(name);
            if (f != null && f.ifNotExists()) {
                each.add(what + " (" + f.gtid() + " creates it IF NOT EXISTS, and nothing before it in the window"
                        + " shows it was absent: it may have existed before the snapshot, which left it out ("
                        + (manifest.filter() == null
                                ? "its manifest does not record whether it took every database: an older agent"
                                        + " wrote it"
                                : "its filter: " + manifest.filter().describe())
                        + "))");
                if (hint == null) {
                    hint = "restore from a snapshot that holds it, or the whole server onto a scratch server";
                }
            } else if (f != null) {
                // named before any CREATE or DROP of it: it existed before the snapshot, which left it out
                each.add(what + " (" + f.gtid() + " writes to it before the window creates it: it existed before"
                        + " the snapshot, which left it out, or was renamed into place)");
                if (hint == null) {
                    hint = "restore from a snapshot that holds it (the agent's 'snapshots: include' list)";
                }
            } else if (l != null) {
                each.add(what + " (created after the point, by " + l.gtid() + " committed " + l.committed() + ")");
                if (hint == null) {
                    hint = "restore to a point after it is created (--to-gtid " + l.gtid() + " or later)";
                }
            } else {
                each.add(what + " (the journal never creates it)");
            }
        }
        List<String> held = manifest.databases().stream()
                .map(SnapshotManifest.Database::name)
                .toList();
        return new PitrException(
                ErrorCode.USAGE,
                "snapshot " + manifest.id() + " has no " + String.join(", ", each)
                        + ", and the journal between the snapshot and the point (" + plan.pointTime()
                        + ") does not create " + (refused.size() == 1 ? "it" : "them") + "; nothing was changed",
                (hint != null ? hint + "; or " : "") + "name databases and tables as they were on the source at the"
                        + " point; the snapshot holds " + (held.isEmpty() ? "no database" : String.join(", ", held)));
    }
}
