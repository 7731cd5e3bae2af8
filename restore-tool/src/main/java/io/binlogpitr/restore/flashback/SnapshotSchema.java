package io.binlogpitr.restore.flashback;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schema a snapshot recorded (its {@code SHOW CREATE TABLE} and {@code SHOW CREATE TRIGGER} texts): foreign
 * keys, generated columns and triggers, as they were when it was taken.
 */
final class SnapshotSchema {
    private static final Pattern FOREIGN_KEY = Pattern.compile(
            "^\\s*CONSTRAINT `((?:[^`]|``)+)` FOREIGN KEY \\((.+?)\\) REFERENCES ((?:`(?:[^`]|``)+`\\.)?`(?:[^`]|``)+`)"
                    + " \\((.+?)\\)(.*?),?$");
    private static final Pattern ACTION =
            Pattern.compile("ON (DELETE|UPDATE) (RESTRICT|CASCADE|SET NULL|NO ACTION|SET DEFAULT)");
    private static final Pattern IDENTIFIER = Pattern.compile("`((?:[^`]|``)+)`");
    private static final Pattern TRIGGER = Pattern.compile(
            "TRIGGER\\s+`(?:[^`]|``)+`\\s+(?:BEFORE|AFTER)\\s+(?:INSERT|UPDATE|DELETE)\\s+ON\\s+`((?:[^`]|``)+)`",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern COLUMN = Pattern.compile("  `((?:[^`]|``)+)` ");

    private final SnapshotManifest manifest;
    private final Path dir;
    private final GtidSet gtids;
    private final List<ForeignKey> foreignKeys = new ArrayList<>();

    private SnapshotSchema(SnapshotManifest manifest, Path dir) {
        this.manifest = manifest;
        this.dir = dir;
        this.gtids = GtidSet.parse(manifest.gtidSet());
        for (SnapshotManifest.Database d : manifest.databases()) {
            for (SnapshotManifest.Table t : d.tables()) {
                foreignKeys.addAll(foreignKeys(d.name(), t.name(), t.create()));
            }
        }
    }

    /** The newest readable snapshot holding none of {@code changes} (taken before all of them), if any. */
    static Optional<SnapshotSchema> before(RepositoryLayout repo, GtidSet changes) {
        List<SnapshotCatalog.Entry> entries;
        try {
            entries = SnapshotCatalog.list(repo);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (int i = entries.size() - 1; i >= 0; i--) {
            SnapshotCatalog.Entry e = entries.get(i);
            if (e.readable()
                    && GtidSet.parse(e.manifest().gtidSet()).intersect(changes).isEmpty()) {
                return Optional.of(new SnapshotSchema(e.manifest(), e.dir()));
            }
        }
        return Optional.empty();
    }

    static List<SnapshotManifest.Database> databases(SnapshotSchema s) {
        return s.manifest.databases();
    }

    String id() {
        return manifest.id();
    }

    Path dir() {
        return dir;
    }

    /** Exactly the transactions whose effects are in the snapshot's data. */
    GtidSet gtids() {
        return gtids;
    }

    /** Every foreign key whose parent is {@code database.table}. */
    List<ForeignKey> referencing(String database, String table) {
        List<ForeignKey> out = new ArrayList<>();
        for (ForeignKey k : foreignKeys) {
            if (k.parentDatabase().equals(database) && k.parentTable().equals(table)) {
                out.add(k);
            }
        }
        return out;
    }

    /** The snapshot's table, or null when it did not hold it. */
    SnapshotManifest.Table table(String database, String table) {
        for (SnapshotManifest.Database d : manifest.databases()) {
            if (d.name().equals(database)) {
                for (SnapshotManifest.Table t : d.tables()) {
                    if (t.name().equals(table)) {
                        return t;
                    }
                }
            }
        }
        return null;
    }

    /** The lower-case names of the generated columns of a table (empty when unknown). */
    Set<String> generated(String database, String table) {
        SnapshotManifest.Table t = table(database, table);
        return t == null ? Set.of() : generatedColumns(t.create());
    }

    /** Tables ({@code db.table}) with at least one trigger. */
    Set<String> tablesWithTriggers() {
        Set<String> out = new TreeSet<>();
        for (SnapshotManifest.Database d : manifest.databases()) {
            for (SnapshotManifest.DdlObject o : d.triggers()) {
                Matcher m = TRIGGER.matcher(o.create());
                if (m.find()) {
                    out.add(d.name() + "." + m.group(1).replace("``", "`"));
                }
            }
        }
        return out;
    }

    /**
     * An ENUM or SET column's members, as its {@code SHOW CREATE TABLE} line declares them; {@code members} null
     * (and {@code unreadable} saying why) when that list cannot be read.
     */
    record Members(boolean set, List<String> members, String unreadable) {}

    /**
     * The ENUM and SET columns of a {@code SHOW CREATE TABLE} text, by lower-case name.
     */
    static java.util.Map<String, Members> enumSetMembers(String create) {
        java.util.Map<String, Members> out = new java.util.HashMap<>();
        for (String line : create.split("\n")) {
            Matcher m = COLUMN.matcher(line);
            if (!m.lookingAt()) {
                continue;
            }
            String type = line.substring(m.end());
            boolean set = type.startsWith("set(");
            if (!set && !type.startsWith("enum(")) {
                continue;
            }
            Members members;
            try {
                members = new Members(set, io.binlogpitr.common.binlog.EnumSetText.members(type), null);
            } catch (IllegalArgumentException e) {
                members = new Members(set, null, e.getMessage());
            }
            out.put(m.group(1).replace("``", "`").toLowerCase(Locale.ROOT), members);
        }
        return out;
    }

    static Set<String> generatedColumns(String create) {
        Set<String> out = new TreeSet<>();
        for (String line : create.split("\n")) {
            if (line.startsWith("  `") && line.contains(" GENERATED ALWAYS AS ")) {
                Matcher m = IDENTIFIER.matcher(line);
                if (m.find()) {
                    out.add(m.group(1).replace("``", "`").toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    /** The foreign keys of a {@code SHOW CREATE TABLE} text. */
    static List<ForeignKey> foreignKeys(String database, String table, String create) {
        List<ForeignKey> out = new ArrayList<>();
        for (String line : create.split("\n")) {
            Matcher m = FOREIGN_KEY.matcher(line);
            if (!m.matches()) {
                continue;
            }
            List<String> parent = identifiers(m.group(3));
            String parentDb = parent.size() == 2 ? parent.get(0) : database;
            String parentTable = parent.get(parent.size() - 1);
            ForeignKey.Action onDelete = ForeignKey.Action.RESTRICT;
            ForeignKey.Action onUpdate = ForeignKey.Action.RESTRICT;
            Matcher a = ACTION.matcher(m.group(5));
            while (a.find()) {
                if (a.group(1).equals("DELETE")) {
                    onDelete = ForeignKey.Action.of(a.group(2));
                } else {
                    onUpdate = ForeignKey.Action.of(a.group(2));
                }
            }
            out.add(new ForeignKey(
                    m.group(1).replace("``", "`"),
                    database,
                    table,
                    identifiers(m.group(2)),
                    parentDb,
                    parentTable,
                    identifiers(m.group(4)),
                    onDelete,
                    onUpdate));
        }
        return out;
    }

    private static List<String> identifiers(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = IDENTIFIER.matcher(text);
        while (m.find()) {
            out.add(m.group(1).replace("``", "`"));
        }
        return out;
    }
}
