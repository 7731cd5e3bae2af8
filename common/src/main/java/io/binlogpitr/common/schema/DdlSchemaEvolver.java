package io.binlogpitr.common.schema;

import io.binlogpitr.common.ddl.CreateTableSelect;
import io.debezium.ddl.parser.mysql.generated.MySqlParser;
import io.debezium.ddl.parser.mysql.generated.MySqlParser.SimpleStatementContext;
import java.util.List;

/**
 * Evolves a {@link SchemaView} by one statement the source journaled, read with MySQL's grammar: CREATE TABLE
 * (columns, LIKE), ALTER TABLE, RENAME TABLE, DROP TABLE, DROP DATABASE, DROP INDEX `PRIMARY`. Only top-level
 * statements count (a DROP TABLE inside a procedure body changes nothing until called, and then it is logged on
 * its own). Where the outcome cannot be known for certain — CREATE TABLE ... SELECT whose text holds the query,
 * LIKE or ALTER of a table whose columns are unknown, CREATE TABLE IF NOT EXISTS of a table the history may not
 * hold — the table becomes unknown with the reason; a statement the grammar cannot parse makes every table unknown
 * until the next baseline. Pure: no I/O.
 */
public final class DdlSchemaEvolver {
    private DdlSchemaEvolver() {}

    /**
     * The view after {@code sql} ran with default database {@code database} (null or empty: none) and the given
     * sql_mode names; {@code at} names the position for reasons (a GTID).
     */
    public static SchemaView apply(SchemaView view, String database, String sql, String sqlModes, String at) {
        DdlParsing.Parsed parsed = DdlParsing.parse(sql, sqlModes);
        SchemaView.Builder b = view.edit();
        if (parsed.ok().isEmpty()) {
            b.forgetAll("the statement at " + at + " could not be read with MySQL's grammar (" + parsed.error()
                    + "), so no table is known from there until the next baseline");
            return b.build();
        }
        new Statement(b, database == null || database.isEmpty() ? null : database, at).apply(parsed.statement());
        return b.build();
    }

    /** A table name resolved against the default database; {@code database} null when it cannot be. */
    record Name(String database, String table) {}

    private static final class Statement {
        private final SchemaView.Builder b;
        private final String defaultDatabase;
        private final String at;

        Statement(SchemaView.Builder b, String defaultDatabase, String at) {
            this.b = b;
            this.defaultDatabase = defaultDatabase;
            this.at = at;
        }

        void apply(SimpleStatementContext s) {
            if (s.createStatement() != null && s.createStatement().createTable() != null) {
                createTable(s.createStatement().createTable());
            } else if (s.alterStatement() != null && s.alterStatement().alterTable() != null) {
                alterTable(s.alterStatement().alterTable());
            } else if (s.renameTableStatement() != null) {
                for (MySqlParser.RenamePairContext p : s.renameTableStatement().renamePair()) {
                    move(name(p.tableRef().qualifiedIdentifier(), p.tableRef().dotIdentifier()), name(p.tableName()));
                }
            } else if (s.dropStatement() != null) {
                drop(s.dropStatement());
            }
        }

        private void createTable(MySqlParser.CreateTableContext c) {
            if (c.TEMPORARY_SYMBOL() != null) {
                return; // temporary tables are not in row-format binlogs
            }
            Name name = name(c.tableName());
            if (name.database() == null) {
                return;
            }
            if (c.ifNotExists() != null && (b.holds(name.database(), name.table()) || b.fallback() != null)) {
                if (!b.holds(name.database(), name.table())) {
                    put(
                            name,
                            TableState.unknown("CREATE TABLE IF NOT EXISTS at " + at + " may have found it there"
                                    + " already, and the history did not hold it"));
                }
                return;
            }
            if (c.LIKE_SYMBOL() != null || (c.tableElementList() == null && c.tableRef() != null)) {
                Name from =
                        name(c.tableRef().qualifiedIdentifier(), c.tableRef().dotIdentifier());
                TableState src = from.database() == null ? unknownName() : b.get(from.database(), from.table());
                put(
                        name,
                        src.known()
                                .map(t -> TableState.known(t.movedTo(name.database(), name.table())))
                                .orElse(TableState.unknown("it was created at " + at + " LIKE " + from.database() + "."
                                        + from.table() + ", which is unknown there: " + src.unknownReason())));
                return;
            }
            if (CreateTableSelect.holdsQuery(c) || c.tableElementList() == null) {
                put(
                        name,
                        TableState.unknown("it was created at " + at + " by CREATE TABLE ... SELECT, whose columns"
                                + " depend on the query"));
                return;
            }
            ColumnDefinitions.Elements e = ColumnDefinitions.elements(c.tableElementList());
            put(name, TableState.known(new TableSchema(name.database(), name.table(), e.columns(), e.primaryKey())));
        }

        private void alterTable(MySqlParser.AlterTableContext a) {
            Name name = name(a.tableRef().qualifiedIdentifier(), a.tableRef().dotIdentifier());
            if (name.database() == null) {
                return;
            }
            List<MySqlParser.AlterListItemContext> items = a.alterTableActions() == null
                            || a.alterTableActions().alterCommandList() == null
                            || a.alterTableActions().alterCommandList().alterList() == null
                    ? List.of()
                    : a.alterTableActions().alterCommandList().alterList().alterListItem();
            TableState state = b.get(name.database(), name.table());
            if (state.schema() != null) {
                AlterTableEvolution.Result r = AlterTableEvolution.apply(state.schema(), items);
                state = r.table() != null
                        ? TableState.known(r.table())
                        : TableState.unknown(r.unknownReason() + " (at " + at + ")");
            }
            put(name, state);
            for (MySqlParser.AlterListItemContext item : items) {
                if (item.RENAME_SYMBOL() != null && item.tableName() != null) {
                    Name to = name(item.tableName());
                    move(name, to);
                    name = to;
                }
            }
        }

        private void drop(MySqlParser.DropStatementContext d) {
            if (d.dropTable() != null && d.dropTable().TEMPORARY_SYMBOL() == null) {
                for (MySqlParser.TableRefContext r :
                        d.dropTable().tableRefList().tableRef()) {
                    Name n = name(r.qualifiedIdentifier(), r.dotIdentifier());
                    if (n.database() != null) {
                        b.remove(n.database(), n.table());
                    }
                }
            } else if (d.dropDatabase() != null) {
                b.removeDatabase(DdlParsing.name(d.dropDatabase().schemaRef().identifier()));
            } else if (d.dropIndex() != null
                    && DdlParsing.name(d.dropIndex().indexRef()).equalsIgnoreCase("PRIMARY")) {
                MySqlParser.TableRefContext r = d.dropIndex().tableRef();
                Name n = name(r.qualifiedIdentifier(), r.dotIdentifier());
                TableState s = n.database() == null ? unknownName() : b.get(n.database(), n.table());
                s.known()
                        .ifPresent(t -> put(
                                n, TableState.known(new TableSchema(t.database(), t.table(), t.columns(), List.of()))));
            }
        }

        private void move(Name from, Name to) {
            if (from.database() == null || to.database() == null) {
                b.forgetAll("a RENAME TABLE at " + at + " names a table without a database and none is selected");
                return;
            }
            TableState s = b.holds(from.database(), from.table())
                    ? b.get(from.database(), from.table())
                    : TableState.unknown(
                            b.fallback() != null
                                    ? b.fallback()
                                    : "it was renamed at " + at + " from " + from.database() + "." + from.table()
                                            + ", which the history did not hold");
            b.remove(from.database(), from.table());
            put(
                    to,
                    s.known()
                            .map(t -> TableState.known(t.movedTo(to.database(), to.table())))
                            .orElse(s));
        }

        private void put(Name n, TableState s) {
            b.put(n.database(), n.table(), s);
        }

        private TableState unknownName() {
            return TableState.unknown("the statement at " + at + " names a table without a database");
        }

        private Name name(MySqlParser.TableNameContext t) {
            return name(t.qualifiedIdentifier(), t.dotIdentifier());
        }

        private Name name(MySqlParser.QualifiedIdentifierContext q, MySqlParser.DotIdentifierContext dot) {
            if (q == null) {
                return new Name(defaultDatabase, DdlParsing.name(dot.identifier()));
            }
            if (q.dotIdentifier() == null) {
                return new Name(defaultDatabase, DdlParsing.name(q.identifier()));
            }
            return new Name(
                    DdlParsing.name(q.identifier()),
                    DdlParsing.name(q.dotIdentifier().identifier()));
        }
    }
}
