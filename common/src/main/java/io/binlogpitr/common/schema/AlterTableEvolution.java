package io.binlogpitr.common.schema;

import io.debezium.ddl.parser.mysql.generated.MySqlParser;
import io.debezium.ddl.parser.mysql.generated.MySqlParser.AlterListItemContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The columns and primary key of a table after one ALTER TABLE, as MySQL computes them: every DROP, CHANGE,
 * MODIFY and RENAME COLUMN names a column of the table as it was before the statement (so {@code RENAME COLUMN a
 * TO b, RENAME COLUMN b TO a} swaps), changed columns keep their place unless FIRST/AFTER moves them, added ones go
 * last or where FIRST/AFTER says, and AFTER names a column of the new table. Anything that does not fit the
 * table as the history knows it (a column that is not there, two columns of one name) means the history and the
 * source disagree: the table becomes unknown rather than guessed.
 */
final class AlterTableEvolution {
    private final TableSchema before;
    private final Set<String> dropped = new HashSet<>();
    private final Map<String, Change> changed = new HashMap<>();
    private final List<Change> placed = new ArrayList<>();
    private List<String> primaryKey;
    private String unknown;

    /** A column a statement adds, changes or renames; {@code from} is null for an added one. */
    private record Change(String from, ColumnSchema column, MySqlParser.PlaceContext place) {}

    /** The outcome: the new definition, or why it cannot be known. */
    record Result(TableSchema table, String unknownReason) {}

    private AlterTableEvolution(TableSchema before) {
        this.before = before;
        this.primaryKey = new ArrayList<>(before.primaryKey());
    }

    static Result apply(TableSchema before, List<AlterListItemContext> items) {
        return new AlterTableEvolution(before).run(items);
    }

    private Result run(List<AlterListItemContext> items) {
        for (AlterListItemContext item : items) {
            item(item);
            if (unknown != null) {
                return new Result(null, unknown);
            }
        }
        List<ColumnSchema> columns = new ArrayList<>();
        Map<String, String> renames = new HashMap<>();
        for (ColumnSchema c : before.columns()) {
            String key = lower(c.name());
            Change ch = changed.get(key);
            if (dropped.contains(key)) {
                continue;
            }
            if (ch != null) {
                renames.put(key, ch.column().name());
                if (ch.place() == null) {
                    columns.add(ch.column());
                }
            } else {
                columns.add(c);
            }
        }
        for (Change p : placed) {
            if (!place(columns, p)) {
                return new Result(null, unknown);
            }
        }
        Set<String> names = new HashSet<>();
        for (ColumnSchema c : columns) {
            if (!names.add(lower(c.name()))) {
                return new Result(null, "after the ALTER TABLE the history has two columns named `" + c.name() + "`");
            }
        }
        List<String> key = new ArrayList<>();
        for (String k : primaryKey) {
            String renamed = renames.getOrDefault(lower(k), k);
            if (!dropped.contains(lower(k))) {
                key.add(renamed);
            }
        }
        return new Result(new TableSchema(before.database(), before.table(), columns, key), null);
    }

    private boolean place(List<ColumnSchema> columns, Change p) {
        if (p.place() == null) {
            columns.add(p.column());
            return true;
        }
        if (p.place().FIRST_SYMBOL() != null) {
            columns.add(0, p.column());
            return true;
        }
        String after = DdlParsing.name(p.place().identifier());
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).named(after)) {
                columns.add(i + 1, p.column());
                return true;
            }
        }
        unknown = "the ALTER TABLE places a column AFTER `" + after + "`, which the history does not hold";
        return false;
    }

    private void item(AlterListItemContext item) {
        if (item.ADD_SYMBOL() != null) {
            add(item);
        } else if (item.CHANGE_SYMBOL() != null) {
            String newName = DdlParsing.name(item.identifier());
            change(item.columnInternalRef(), newName, item.fieldDefinition(), item.place());
        } else if (item.MODIFY_SYMBOL() != null) {
            String name = DdlParsing.name(item.columnInternalRef().identifier());
            change(item.columnInternalRef(), name, item.fieldDefinition(), item.place());
        } else if (item.DROP_SYMBOL() != null) {
            drop(item);
        } else if (item.RENAME_SYMBOL() != null && item.COLUMN_SYMBOL() != null) {
            String from = existing(item.columnInternalRef());
            if (from != null) {
                ColumnSchema old = before.columns().get(before.indexOf(from).orElseThrow());
                record(new Change(from, old.renamed(DdlParsing.name(item.identifier())), null));
            }
        }
        // ALTER COLUMN, RENAME INDEX/KEY, RENAME TO (the caller's), CONVERT TO, options: columns unchanged
    }

    private void add(AlterListItemContext item) {
        if (item.tableConstraintDef() != null) {
            ColumnDefinitions.primaryKey(item.tableConstraintDef()).ifPresent(k -> primaryKey = new ArrayList<>(k));
        } else if (item.tableElementList() != null) {
            ColumnDefinitions.Elements e = ColumnDefinitions.elements(item.tableElementList());
            for (ColumnSchema c : e.columns()) {
                placed.add(new Change(null, c, null));
            }
            if (!e.primaryKey().isEmpty()) {
                primaryKey = new ArrayList<>(e.primaryKey());
            }
        } else if (item.identifier() != null && item.fieldDefinition() != null) {
            String name = DdlParsing.name(item.identifier());
            placed.add(new Change(null, ColumnDefinitions.column(name, item.fieldDefinition()), item.place()));
            if (ColumnDefinitions.isPrimaryKey(item.fieldDefinition())) {
                primaryKey = new ArrayList<>(List.of(name));
            }
        }
    }

    private void change(
            MySqlParser.ColumnInternalRefContext ref,
            String newName,
            MySqlParser.FieldDefinitionContext field,
            MySqlParser.PlaceContext place) {
        String from = existing(ref);
        if (from == null) {
            return;
        }
        record(new Change(from, ColumnDefinitions.column(newName, field), place));
        if (ColumnDefinitions.isPrimaryKey(field)) {
            primaryKey = new ArrayList<>(List.of(newName));
        }
    }

    private void record(Change c) {
        if (changed.put(lower(c.from()), c) != null || dropped.contains(lower(c.from()))) {
            unknown = "the ALTER TABLE changes column `" + c.from() + "` twice";
            return;
        }
        if (c.place() != null) {
            placed.add(c);
        }
    }

    private void drop(AlterListItemContext item) {
        if (item.PRIMARY_SYMBOL() != null) {
            primaryKey = new ArrayList<>();
        } else if (item.indexRef() != null) {
            if (DdlParsing.name(item.indexRef()).equalsIgnoreCase("PRIMARY")) {
                primaryKey = new ArrayList<>();
            }
        } else if (item.columnInternalRef() != null
                && item.FOREIGN_SYMBOL() == null
                && item.CHECK_SYMBOL() == null
                && item.CONSTRAINT_SYMBOL() == null) {
            String from = existing(item.columnInternalRef());
            if (from != null && (!dropped.add(lower(from)) || changed.containsKey(lower(from)))) {
                unknown = "the ALTER TABLE drops column `" + from + "` twice or changes it too";
            }
        }
    }

    /** The column a reference names, or null (and the table unknown) when the history has no such column. */
    private String existing(MySqlParser.ColumnInternalRefContext ref) {
        String name = DdlParsing.name(ref.identifier());
        Optional<Integer> i = before.indexOf(name);
        if (i.isEmpty()) {
            unknown = "the ALTER TABLE names column `" + name + "`, which the history does not hold for "
                    + before.qualifiedName();
            return null;
        }
        return before.columns().get(i.get()).name();
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
