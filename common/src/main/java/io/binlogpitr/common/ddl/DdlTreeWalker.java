package io.binlogpitr.common.ddl;

import io.debezium.ddl.parser.mysql.generated.MySqlLexer;
import io.debezium.ddl.parser.mysql.generated.MySqlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * Walks one statement's parse tree (MySQL's grammar as Debezium ships it) and collects every schema object it
 * names. Where unqualified names resolve follows MySQL: to the statement's default database, except inside a stored
 * routine, trigger or event body, where they resolve to the object's own database (the server runs the body with
 * that database as default). A view's query resolves against the statement's default database.
 */
final class DdlTreeWalker {
    /** Where the walk is: which database unqualified names resolve to, and what role names have. */
    private record Place(String unqualified, DdlObject.Role role) {
        Place reading() {
            return new Place(unqualified, DdlObject.Role.REFERENCE);
        }

        Place body(String database) {
            return new Place(database, DdlObject.Role.REFERENCE);
        }
    }

    private final IntUnaryOperator offset;
    private final List<DdlObject> objects = new ArrayList<>();
    private final List<DdlScope.Qualifier> qualifiers = new ArrayList<>();
    private String problem = "";

    /** @param offset turns a code point index of the statement into a {@link String} index */
    DdlTreeWalker(IntUnaryOperator offset) {
        this.offset = offset;
    }

    DdlScope scope(MySqlParser.SimpleStatementContext statement, String defaultDatabase) {
        walk(statement, new Place(defaultDatabase, DdlObject.Role.SUBJECT));
        if (!problem.isEmpty()) {
            return DdlScope.unparseable(problem);
        }
        return objects.isEmpty()
                ? DdlScope.of(DdlScope.Kind.NONE)
                : new DdlScope(DdlScope.Kind.OBJECTS, objects, qualifiers, "");
    }

    private void walk(ParseTree node, Place place) {
        if (place == null) {
            return;
        }
        if (node instanceof MySqlParser.TableNameContext t) {
            name(DdlObject.Kind.TABLE, t.qualifiedIdentifier(), t.dotIdentifier(), place);
        } else if (node instanceof MySqlParser.TableRefContext t) {
            name(DdlObject.Kind.TABLE, t.qualifiedIdentifier(), t.dotIdentifier(), place);
        } else if (node instanceof MySqlParser.ViewNameContext v) {
            name(DdlObject.Kind.VIEW, v.qualifiedIdentifier(), v.dotIdentifier(), place);
        } else if (node instanceof MySqlParser.ViewRefContext v) {
            name(DdlObject.Kind.VIEW, v.qualifiedIdentifier(), v.dotIdentifier(), place);
        } else if (node instanceof MySqlParser.TriggerRefContext t) {
            name(DdlObject.Kind.TRIGGER, t.qualifiedIdentifier(), null, place);
        } else if (node instanceof MySqlParser.ProcedureNameContext p) {
            name(DdlObject.Kind.PROCEDURE, p.qualifiedIdentifier(), null, place);
        } else if (node instanceof MySqlParser.ProcedureRefContext p) {
            name(DdlObject.Kind.PROCEDURE, p.qualifiedIdentifier(), null, place);
        } else if (node instanceof MySqlParser.FunctionNameContext f) {
            name(DdlObject.Kind.FUNCTION, f.qualifiedIdentifier(), null, place);
        } else if (node instanceof MySqlParser.FunctionRefContext f) {
            name(DdlObject.Kind.FUNCTION, f.qualifiedIdentifier(), null, place);
        } else if (node instanceof MySqlParser.EventNameContext e) {
            name(DdlObject.Kind.EVENT, e.qualifiedIdentifier(), null, place);
        } else if (node instanceof MySqlParser.EventRefContext e) {
            name(DdlObject.Kind.EVENT, e.qualifiedIdentifier(), null, place);
        } else if (node instanceof MySqlParser.SchemaNameContext s) {
            database(s.identifier(), place);
        } else if (node instanceof MySqlParser.SchemaRefContext s) {
            database(s.identifier(), place);
        } else if (node instanceof MySqlParser.CreateTriggerContext t) {
            createTrigger(t, place);
        } else {
            descend(node, place);
        }
    }

    private void descend(ParseTree node, Place place) {
        if (node instanceof MySqlParser.FieldIdentifierContext f) {
            columnOfQualifiedTable(f, place);
        } else if (node instanceof MySqlParser.TableWildContext w
                && w.identifier().size() == 2) {
            qualifiedTable(w.identifier(0), w.identifier(1), DdlObject.Kind.TABLE, place);
        } else if (node instanceof MySqlParser.TableRefWithWildcardContext w && w.dotIdentifier() != null) {
            qualifiedTable(w.identifier(), w.dotIdentifier().identifier(), DdlObject.Kind.TABLE, place);
        } else if (node instanceof MySqlParser.FunctionCallContext call
                && call.qualifiedIdentifier() != null
                && call.qualifiedIdentifier().dotIdentifier() != null) {
            MySqlParser.QualifiedIdentifierContext q = call.qualifiedIdentifier();
            qualifiedTable(q.identifier(), q.dotIdentifier().identifier(), DdlObject.Kind.FUNCTION, place.reading());
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            ParseTree child = node.getChild(i);
            walk(child, placeOf(node, child, place));
        }
    }

    /** The place of {@code child} of {@code parent}: bodies and queries only read what they name. */
    private Place placeOf(ParseTree parent, ParseTree child, Place place) {
        if (child instanceof MySqlParser.StoredRoutineBodyContext) {
            return place.body(routineDatabase(parent, place));
        }
        if (child instanceof MySqlParser.CompoundStatementContext
                && parent instanceof MySqlParser.CreateEventContext e) {
            return place.body(databaseOf(e.eventName().qualifiedIdentifier(), null, place));
        }
        if (child instanceof MySqlParser.CompoundStatementContext
                && parent instanceof MySqlParser.AlterEventContext e) {
            return place.body(databaseOf(e.eventRef().qualifiedIdentifier(), null, place));
        }
        if (child instanceof MySqlParser.QualifiedIdentifierContext q
                && parent instanceof MySqlParser.AlterEventContext) {
            // ALTER EVENT ... RENAME TO [db.]name
            name(DdlObject.Kind.EVENT, q, null, place);
            return null;
        }
        if ((child instanceof MySqlParser.TableRefContext && parent instanceof MySqlParser.CreateTableContext)
                || child instanceof MySqlParser.ViewTailContext
                || child instanceof MySqlParser.DuplicateAsQeContext
                || child instanceof MySqlParser.ReferencesContext
                || child instanceof MySqlParser.QueryExpressionContext
                || child instanceof MySqlParser.SubqueryContext
                || child instanceof MySqlParser.ExprContext) {
            return place.reading();
        }
        return place;
    }

    private String routineDatabase(ParseTree routine, Place place) {
        if (routine instanceof MySqlParser.CreateProcedureContext p) {
            return databaseOf(p.procedureName().qualifiedIdentifier(), null, place);
        }
        if (routine instanceof MySqlParser.CreateFunctionContext f) {
            return databaseOf(f.functionName().qualifiedIdentifier(), null, place);
        }
        return place.unqualified();
    }

    /** A trigger lives in its table's database; its body resolves names there. */
    private void createTrigger(MySqlParser.CreateTriggerContext t, Place place) {
        String tableDb =
                databaseOf(t.tableRef().qualifiedIdentifier(), t.tableRef().dotIdentifier(), place);
        MySqlParser.QualifiedIdentifierContext trigger = t.triggerName().qualifiedIdentifier();
        name(DdlObject.Kind.TRIGGER, trigger, null, new Place(tableDb, place.role()));
        for (int i = 0; i < t.getChildCount(); i++) {
            ParseTree child = t.getChild(i);
            if (child instanceof MySqlParser.TriggerNameContext) {
                continue;
            }
            walk(child, child instanceof MySqlParser.CompoundStatementContext ? place.body(tableDb) : place);
        }
    }

    private void name(
            DdlObject.Kind kind,
            MySqlParser.QualifiedIdentifierContext q,
            MySqlParser.DotIdentifierContext dot,
            Place place) {
        if (place == null) {
            return;
        }
        if (q != null && q.dotIdentifier() != null) {
            qualifiedTable(q.identifier(), q.dotIdentifier().identifier(), kind, place);
            return;
        }
        MySqlParser.IdentifierContext id = q != null ? q.identifier() : dot.identifier();
        unqualified(kind, text(id), place);
    }

    private void unqualified(DdlObject.Kind kind, String name, Place place) {
        if (place.unqualified().isEmpty()) {
            if (problem.isEmpty()) {
                problem = "it names " + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + name
                        + " without a database and the statement has no default database";
            }
            return;
        }
        objects.add(new DdlObject(kind, place.unqualified(), name, place.role(), false));
    }

    private void qualifiedTable(
            MySqlParser.IdentifierContext db, MySqlParser.IdentifierContext name, DdlObject.Kind kind, Place place) {
        String database = qualifier(db);
        objects.add(new DdlObject(kind, database, text(name), place.role(), true));
    }

    /** {@code db.t.c}: the column of a table named with its database. */
    private void columnOfQualifiedTable(MySqlParser.FieldIdentifierContext f, Place place) {
        MySqlParser.QualifiedIdentifierContext q = f.qualifiedIdentifier();
        if (q != null && q.dotIdentifier() != null && f.dotIdentifier() != null) {
            qualifiedTable(q.identifier(), q.dotIdentifier().identifier(), DdlObject.Kind.TABLE, place.reading());
        }
    }

    private void database(MySqlParser.IdentifierContext id, Place place) {
        String name = qualifier(id);
        objects.add(new DdlObject(DdlObject.Kind.DATABASE, name, name, place.role(), true));
    }

    /** Records where a database name is written, and returns it unquoted. */
    private String qualifier(MySqlParser.IdentifierContext id) {
        String name = text(id);
        Token token = id.getStart();
        qualifiers.add(new DdlScope.Qualifier(
                name, offset.applyAsInt(token.getStartIndex()), offset.applyAsInt(token.getStopIndex() + 1)));
        return name;
    }

    private static String databaseOf(
            MySqlParser.QualifiedIdentifierContext q, MySqlParser.DotIdentifierContext dot, Place place) {
        if (q != null && q.dotIdentifier() != null) {
            return text(q.identifier());
        }
        return place.unqualified();
    }

    /** An identifier as MySQL reads it: backquotes (or ANSI double quotes) removed, doubled quotes undoubled. */
    static String text(ParserRuleContext id) {
        Token token = id.getStart();
        String raw = token.getText();
        if (token.getType() == MySqlLexer.BACK_TICK_QUOTED_ID) {
            return raw.substring(1, raw.length() - 1).replace("``", "`");
        }
        if (token.getType() == MySqlLexer.DOUBLE_QUOTED_TEXT) {
            return raw.substring(1, raw.length() - 1).replace("\"\"", "\"");
        }
        return raw;
    }
}
