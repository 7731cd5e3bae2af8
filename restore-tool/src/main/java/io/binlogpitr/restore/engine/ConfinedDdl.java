package io.binlogpitr.restore.engine;

import io.binlogpitr.common.ddl.DdlObject;
import io.binlogpitr.common.ddl.DdlObjects;
import io.binlogpitr.common.ddl.DdlRename;
import io.binlogpitr.common.ddl.DdlScope;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import io.binlogpitr.restore.changes.TriggerTables;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the source's DDL inside what a side-database or partial restore restores (only used when {@link
 * RestoreOptions#partial()}): every statement is resolved to the objects it names ({@link DdlObjects}), then
 *
 * <ul>
 *   <li><b>run</b>, with every database name it writes renamed, when everything it changes and everything it reads
 *       is restored;
 *   <li><b>skipped</b> when nothing it changes is restored (DDL of other databases; accounts and grants; server
 *       objects such as tablespaces, which are outside every database);
 *   <li><b>refused</b> ({@link ErrorCode#DDL_NOT_CONFINED}) when it changes restored and other objects at once,
 *       when what it creates in a restored database reads another one (a view's query, a routine, trigger or event
 *       body, a {@code LIKE} source, a CTAS query, a foreign key's parent), or when it cannot be parsed.
 * </ul>
 *
 * Views, routines and events are not restored with {@code --tables}; a trigger goes with its table. A
 * {@code DROP TRIGGER} names only the trigger, so its table is looked up: the snapshot's triggers (each with its
 * table), then every {@code CREATE TRIGGER} the window ran, in replay order ({@link #track}, {@link TriggerTables}). It runs when that table
 * is restored, is skipped when it is not, and is refused when the trigger's table is unknown.
 */
final class ConfinedDdl {
    private static final Logger LOG = LoggerFactory.getLogger(ConfinedDdl.class);

    /** What to do with one statement. */
    enum Action {
        RUN,
        SKIP,
        REFUSE,
        /** A {@code DROP TRIGGER} of a restored database whose table is unknown. */
        REFUSE_UNKNOWN_TRIGGER
    }

    /**
     * @param action what to do
     * @param scope what the statement names
     * @param restored the restored objects (or databases) it names, for messages
     * @param others the objects (or databases) it names that are not restored
     */
    record Decision(Action action, DdlScope scope, Set<String> restored, Set<String> others) {}

    private final RestoreOptions options;
    /** Which table each trigger is on, as the replay stands. */
    private TriggerTables triggers;

    /** With no trigger known: every {@code DROP TRIGGER} of a restored database with --tables is refused. */
    ConfinedDdl(RestoreOptions options) {
        this(options, null);
    }

    /** @param snapshot the snapshot the restore starts from, whose triggers (with their tables) are known */
    ConfinedDdl(RestoreOptions options, SnapshotManifest snapshot) {
        this.options = options;
        this.triggers = TriggerTables.of(snapshot);
    }

    /**
     * Follows which table each trigger is on through a statement of the window that was run or skipped (or that an
     * earlier run applied): a {@code CREATE TRIGGER} puts it on the table it names, a {@code DROP TRIGGER} removes it.
     */
    void track(DdlScope scope) {
        triggers = triggers.after(scope);
    }

    /** {@link #track} for a statement an earlier run of the restore applied. */
    void track(String sql, String defaultDatabase, long sqlMode) {
        if (options.partial()) {
            track(DdlObjects.resolve(sql, defaultDatabase, sqlMode));
        }
    }

    /**
     * The statement to run instead of {@code sql} (renamed), or empty to skip it.
     *
     * @throws PitrException DDL_NOT_CONFINED when it cannot be confined
     */
    Optional<String> confine(String sql, String defaultDatabase, long sqlMode, String gtid) {
        DdlScope scope = DdlObjects.resolve(sql, defaultDatabase, sqlMode);
        Decision d = decide(scope);
        if (d.action() == Action.RUN || d.action() == Action.SKIP) {
            track(scope);
        }
        switch (d.action()) {
            case RUN:
                return Optional.of(DdlRename.apply(sql, d.scope(), options.renames()));
            case SKIP:
                if (d.scope().kind() == DdlScope.Kind.ACCOUNTS || d.scope().kind() == DdlScope.Kind.SERVER) {
                    LOG.warn(
                            "transaction {}: skipped a statement that changes {} outside the restored databases: {}",
                            gtid,
                            d.scope().kind() == DdlScope.Kind.ACCOUNTS ? "accounts or privileges" : "the server",
                            firstLine(sql));
                } else {
                    LOG.debug("transaction {}: skipped a DDL of databases not restored: {}", gtid, firstLine(sql));
                }
                return Optional.empty();
            default:
                throw refusal(d, sql, gtid);
        }
    }

    /** The decision for one resolved statement; pure. */
    Decision decide(DdlScope scope) {
        switch (scope.kind()) {
            case UNPARSEABLE:
                return new Decision(Action.REFUSE, scope, Set.of(), Set.of());
            case ACCOUNTS:
            case SERVER:
                return new Decision(Action.SKIP, scope, Set.of(), Set.of());
            case NONE:
                return new Decision(Action.RUN, scope, Set.of(), Set.of());
            default:
                break;
        }
        Optional<Decision> dropTrigger = dropTrigger(scope);
        if (dropTrigger.isPresent()) {
            return dropTrigger.get();
        }
        List<DdlObject> subjects = subjects(scope);
        Set<String> restored = new TreeSet<>();
        Set<String> others = new TreeSet<>();
        scope.objects().forEach(o -> (restored(o) ? restored : others).add(label(o)));
        long changedRestored = subjects.stream().filter(this::restored).count();
        if (subjects.isEmpty() ? restored.isEmpty() : changedRestored == 0) {
            return new Decision(Action.SKIP, scope, restored, others);
        }
        if (!others.isEmpty()) {
            return new Decision(Action.REFUSE, scope, restored, others);
        }
        return new Decision(Action.RUN, scope, restored, others);
    }

    /**
     * With --tables, a statement that changes one trigger and names no table (a {@code DROP TRIGGER}) goes with the
     * trigger's table; empty for any other statement.
     */
    private Optional<Decision> dropTrigger(DdlScope scope) {
        Optional<DdlObject> lone = TriggerTables.loneTrigger(scope);
        if (options.includesViewsAndRoutines()
                || lone.isEmpty()
                || !options.includesDatabase(lone.get().database())) {
            return Optional.empty();
        }
        DdlObject trigger = lone.get();
        Optional<String> table = triggers.table(trigger);
        if (table.isEmpty()) {
            return Optional.of(new Decision(
                    Action.REFUSE_UNKNOWN_TRIGGER, scope, Set.of(trigger.qualifiedName()), Set.of(trigger.database())));
        }
        String on = trigger.database() + "." + table.get();
        return Optional.of(
                options.includesTable(trigger.database(), table.get())
                        ? new Decision(Action.RUN, scope, Set.of(on), Set.of())
                        : new Decision(Action.SKIP, scope, Set.of(), Set.of(on)));
    }

    /** With --tables a trigger goes with its table: when the statement names the table, the table decides. */
    private List<DdlObject> subjects(DdlScope scope) {
        List<DdlObject> subjects = scope.subjects();
        if (options.includesViewsAndRoutines() || subjects.stream().noneMatch(o -> o.kind() == DdlObject.Kind.TABLE)) {
            return subjects;
        }
        return subjects.stream().filter(o -> o.kind() != DdlObject.Kind.TRIGGER).toList();
    }

    private boolean restored(DdlObject o) {
        return switch (o.kind()) {
            case DATABASE, TRIGGER -> options.includesDatabase(o.database());
            case TABLE -> options.includesTable(o.database(), o.name());
            case VIEW, PROCEDURE, FUNCTION, EVENT -> options.includesViewsAndRoutines()
                    && options.includesDatabase(o.database());
        };
    }

    /** Databases when whole databases are restored; db.name with --tables. */
    private String label(DdlObject o) {
        if (options.tables().isEmpty() || o.kind() == DdlObject.Kind.DATABASE) {
            return o.database();
        }
        return o.qualifiedName();
    }

    private static PitrException refusal(Decision d, String sql, String gtid) {
        String hint = "restore to just before it (--before-gtid " + gtid + ")";
        if (d.action() == Action.REFUSE_UNKNOWN_TRIGGER) {
            String trigger = d.restored().iterator().next();
            return new PitrException(
                    ErrorCode.DDL_NOT_CONFINED,
                    "transaction " + gtid + " drops trigger " + trigger + " whose table is unknown: neither the"
                            + " snapshot nor a create trigger before it in the journal shows it, so a --tables"
                            + " restore cannot tell whether it goes with a restored table: " + firstLine(sql)
                            + "; nothing of it ran",
                    "restore the whole database (--databases "
                            + d.others().iterator().next() + " with a --rename-db), or " + hint);
        }
        if (d.scope().kind() == DdlScope.Kind.UNPARSEABLE) {
            return new PitrException(
                    ErrorCode.DDL_NOT_CONFINED,
                    "transaction " + gtid + " runs a statement the ddl grammar cannot resolve ("
                            + d.scope().problem()
                            + "): " + firstLine(sql) + "; a partial or side-database restore never runs a ddl it"
                            + " cannot confine, so nothing of it ran",
                    hint + ", or restore the whole server onto a scratch server (no --rename-db, --databases,"
                            + " --tables)");
        }
        return new PitrException(
                ErrorCode.DDL_NOT_CONFINED,
                "transaction " + gtid + " runs a ddl that reaches restored and other databases (restored: "
                        + String.join(", ", d.restored()) + "; not restored: " + String.join(", ", d.others()) + "): "
                        + firstLine(sql) + "; nothing of it ran",
                "restore the other databases too (--databases with a --rename-db for each), or " + hint);
    }

    static String firstLine(String sql) {
        String trimmed = sql.strip();
        int eol = trimmed.indexOf('\n');
        String line = eol < 0 ? trimmed : trimmed.substring(0, eol).strip() + " ...";
        return line.length() <= 160 ? line : line.substring(0, 157) + "...";
    }
}
