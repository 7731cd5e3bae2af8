package io.binlogpitr.restore.changes;

import io.binlogpitr.common.ddl.DdlObject;
import io.binlogpitr.common.ddl.DdlScope;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which table each trigger is on, as a walk through the source's history stands: a {@code DROP TRIGGER} names only
 * the trigger, so whoever keeps a selection of tables (a {@code --tables} restore, {@code sql} and {@code find
 * --tables}) looks its table up here. Known from a snapshot's triggers (each with its table), then every {@code
 * CREATE TRIGGER} after it puts a trigger on the table it names and every {@code DROP TRIGGER} removes it, in order
 * ({@link #after}). Immutable: each change gives a new value (trigger DDL is rare), so a reader can keep the value in
 * force before a transaction at no cost.
 */
public final class TriggerTables {
    /** No trigger known. */
    public static final TriggerTables NONE = new TriggerTables(Map.of());

    /** {@link #key} of a trigger to the table it is on. */
    private final Map<String, String> tables;

    private TriggerTables(Map<String, String> tables) {
        this.tables = tables;
    }

    /** The triggers of {@code snapshot} (none when null). */
    public static TriggerTables of(SnapshotManifest snapshot) {
        return snapshot == null ? NONE : NONE.withSnapshot(snapshot);
    }

    /**
     * The triggers as {@code snapshot} shows them for the databases it holds (they replace what was known of those);
     * what is known of the other databases is kept.
     */
    public TriggerTables withSnapshot(SnapshotManifest snapshot) {
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, String> e : tables.entrySet()) {
            String db = e.getKey().substring(0, e.getKey().indexOf('\0'));
            if (snapshot.databases().stream().noneMatch(d -> d.name().equals(db))) {
                out.put(e.getKey(), e.getValue());
            }
        }
        for (SnapshotManifest.Database db : snapshot.databases()) {
            for (SnapshotManifest.DdlObject trigger : db.triggers()) {
                String table = db.triggerTable(trigger);
                if (!table.isEmpty()) {
                    out.put(key(db.name(), trigger.name()), table);
                }
            }
        }
        return new TriggerTables(Map.copyOf(out));
    }

    private static String key(String database, String trigger) {
        return database + '\0' + trigger;
    }

    /**
     * The triggers after a statement of the history: a {@code CREATE TRIGGER} puts its trigger on the table it names,
     * a {@code DROP TRIGGER} removes it; any other statement leaves them as they are (this same value).
     */
    public TriggerTables after(DdlScope scope) {
        if (scope.kind() != DdlScope.Kind.OBJECTS) {
            return this;
        }
        List<DdlObject> subjects = scope.subjects();
        Optional<DdlObject> trigger = subjects.stream()
                .filter(o -> o.kind() == DdlObject.Kind.TRIGGER)
                .findFirst();
        if (trigger.isEmpty()) {
            return this;
        }
        String k = key(trigger.get().database(), trigger.get().name());
        Optional<DdlObject> table =
                subjects.stream().filter(o -> o.kind() == DdlObject.Kind.TABLE).findFirst();
        Map<String, String> out = new HashMap<>(tables);
        if (table.isPresent()) {
            out.put(k, table.get().name());
        } else {
            out.remove(k);
        }
        return new TriggerTables(Map.copyOf(out));
    }

    /** The table (of the trigger's database) {@code trigger} is on, or empty when it is not known. */
    public Optional<String> table(DdlObject trigger) {
        return Optional.ofNullable(tables.get(key(trigger.database(), trigger.name())));
    }

    /**
     * The trigger a statement changes when it names nothing else (a {@code DROP TRIGGER}): it goes with the trigger's
     * table, which only {@link #table} can tell. Empty for any other statement.
     */
    public static Optional<DdlObject> loneTrigger(DdlScope scope) {
        if (scope.kind() != DdlScope.Kind.OBJECTS || scope.objects().size() != 1) {
            return Optional.empty();
        }
        DdlObject only = scope.objects().get(0);
        return only.kind() == DdlObject.Kind.TRIGGER && only.role() == DdlObject.Role.SUBJECT
                ? Optional.of(only)
                : Optional.empty();
    }
}
