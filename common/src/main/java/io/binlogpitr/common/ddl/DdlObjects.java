package io.binlogpitr.common.ddl;

import io.debezium.antlr.mysql.SqlMode;
import io.debezium.ddl.parser.mysql.generated.MySqlLexer;
import io.debezium.ddl.parser.mysql.generated.MySqlParser;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * Resolves a statement of the journal (the text and default database of a Query event) to the schema objects it
 * names, with MySQL's own grammar (the ANTLR grammar Debezium maintains; no SQL is parsed by hand here). Names are
 * compared as written: database names are case-sensitive, as with {@code lower_case_table_names=0}.
 *
 * <p>Pure: no I/O, no state; safe to call from any thread.
 */
public final class DdlObjects {
    private static final long PIPES_AS_CONCAT = 1L << 1;
    private static final long ANSI_QUOTES = 1L << 2;
    private static final long IGNORE_SPACE = 1L << 3;
    private static final long NO_BACKSLASH_ESCAPES = 1L << 20;
    private static final long HIGH_NOT_PRECEDENCE = 1L << 29;

    private DdlObjects() {}

    /** {@link #resolve(String, String, long)} under the default sql_mode (no ANSI_QUOTES). */
    public static DdlScope resolve(String sql, String defaultDatabase) {
        return resolve(sql, defaultDatabase, 0);
    }

    /**
     * What {@code sql} names.
     *
     * @param defaultDatabase the session's default database when it ran, empty for none
     * @param sqlModeBits the session's sql_mode bits (ANSI_QUOTES, NO_BACKSLASH_ESCAPES and the others that change
     *     how MySQL reads a statement are honoured)
     */
    public static DdlScope resolve(String sql, String defaultDatabase, long sqlModeBits) {
        Errors errors = new Errors();
        MySqlParser.QueriesContext queries = parse(sql, sqlModeBits, errors);
        if (errors.first != null) {
            return DdlScope.unparseable(errors.first);
        }
        List<MySqlParser.QueryContext> statements = queries.query();
        if (statements.size() != 1) {
            return DdlScope.unparseable("it holds " + statements.size() + " statements, expected one");
        }
        MySqlParser.SimpleStatementContext statement = statements.get(0).simpleStatement();
        if (statement == null) {
            return DdlScope.of(DdlScope.Kind.NONE); // BEGIN [WORK]
        }
        DdlScope.Kind kind = kindOf(statement);
        if (kind != DdlScope.Kind.OBJECTS) {
            return DdlScope.of(kind);
        }
        return new DdlTreeWalker(offsets(sql)).scope(statement, defaultDatabase == null ? "" : defaultDatabase);
    }

    /** What a statement does to the databases or tables it names as subjects ({@link #verb}). */
    public enum Verb {
        /** {@code CREATE DATABASE|SCHEMA} or {@code CREATE TABLE} (plain, {@code LIKE}, {@code ... SELECT}). */
        CREATE,
        /** The same with {@code IF NOT EXISTS}: it creates only what was absent, which it does not show. */
        CREATE_IF_NOT_EXISTS,
        /** {@code DROP DATABASE|SCHEMA} or {@code DROP TABLE} (with or without {@code IF EXISTS}). */
        DROP,
        /** Anything else, and what does not parse. */
        OTHER
    }

    /** Whether {@code sql} creates or drops a database or table (not an index, view, routine ... on one). */
    public static Verb verb(String sql, long sqlModeBits) {
        MySqlParser.SimpleStatementContext statement = statement(sql, sqlModeBits);
        if (statement == null) {
            return Verb.OTHER;
        }
        ParseTree inner = statement.getChild(0);
        if (inner instanceof MySqlParser.CreateStatementContext c) {
            if (c.createDatabase() != null) {
                return c.createDatabase().ifNotExists() != null ? Verb.CREATE_IF_NOT_EXISTS : Verb.CREATE;
            }
            if (c.createTable() != null) {
                return c.createTable().ifNotExists() != null ? Verb.CREATE_IF_NOT_EXISTS : Verb.CREATE;
            }
        }
        if (inner instanceof MySqlParser.DropStatementContext d
                && (d.dropDatabase() != null || d.dropTable() != null)) {
            return Verb.DROP;
        }
        return Verb.OTHER;
    }

    /**
     * The one simple statement {@code sql} holds, or null when it does not parse, holds more than one statement or
     * none (BEGIN).
     */
    static MySqlParser.SimpleStatementContext statement(String sql, long sqlModeBits) {
        Errors errors = new Errors();
        MySqlParser.QueriesContext queries = parse(sql, sqlModeBits, errors);
        if (errors.first != null || queries.query().size() != 1) {
            return null;
        }
        return queries.query().get(0).simpleStatement();
    }

    private static MySqlParser.QueriesContext parse(String sql, long sqlModeBits, Errors errors) {
        Set<SqlMode> modes = modes(sqlModeBits);
        MySqlLexer lexer = new MySqlLexer(CharStreams.fromString(sql));
        lexer.sqlModes = modes;
        lexer.removeErrorListeners();
        lexer.addErrorListener(errors);
        MySqlParser parser = new MySqlParser(new CommonTokenStream(lexer));
        parser.sqlModes = modes;
        parser.removeErrorListeners();
        parser.addErrorListener(errors);
        return parser.queries();
    }

    /** Statements that reach outside every database, whatever they name. */
    private static DdlScope.Kind kindOf(MySqlParser.SimpleStatementContext s) {
        if (s.accountManagementStatement() != null) {
            return DdlScope.Kind.ACCOUNTS;
        }
        if (s.installStatement() != null
                || s.uninstallStatement() != null
                || s.resourceGroupManagement() != null
                || s.otherAdministrativeStatement() != null
                || s.replicationStatement() != null
                || s.cloneStatement() != null) {
            return DdlScope.Kind.SERVER;
        }
        ParseTree inner = s.getChild(0);
        if (inner instanceof MySqlParser.CreateStatementContext c) {
            if (c.createRole() != null) {
                return DdlScope.Kind.ACCOUNTS;
            }
            if (c.createUdf() != null
                    || c.createLogfileGroup() != null
                    || c.createServer() != null
                    || c.createTablespace() != null
                    || c.createSpatialReference() != null
                    || c.createUndoTablespace() != null) {
                return DdlScope.Kind.SERVER;
            }
        } else if (inner instanceof MySqlParser.AlterStatementContext a) {
            if (a.alterTablespace() != null
                    || a.alterUndoTablespace() != null
                    || a.alterLogfileGroup() != null
                    || a.alterServer() != null
                    || a.alterInstanceStatement() != null) {
                return DdlScope.Kind.SERVER;
            }
        } else if (inner instanceof MySqlParser.DropStatementContext d) {
            if (d.dropRole() != null) {
                return DdlScope.Kind.ACCOUNTS;
            }
            if (d.dropLogfileGroup() != null
                    || d.dropServer() != null
                    || d.dropTableSpace() != null
                    || d.dropSpatialReference() != null
                    || d.dropUndoTablespace() != null) {
                return DdlScope.Kind.SERVER;
            }
        }
        return DdlScope.Kind.OBJECTS;
    }

    static Set<SqlMode> modes(long bits) {
        Set<SqlMode> modes = EnumSet.noneOf(SqlMode.class);
        if ((bits & ANSI_QUOTES) != 0) {
            modes.add(SqlMode.AnsiQuotes);
        }
        if ((bits & PIPES_AS_CONCAT) != 0) {
            modes.add(SqlMode.PipesAsConcat);
        }
        if ((bits & IGNORE_SPACE) != 0) {
            modes.add(SqlMode.IgnoreSpace);
        }
        if ((bits & NO_BACKSLASH_ESCAPES) != 0) {
            modes.add(SqlMode.NoBackslashEscapes);
        }
        if ((bits & HIGH_NOT_PRECEDENCE) != 0) {
            modes.add(SqlMode.HighNotPrecedence);
        }
        return modes;
    }

    /** Token positions count code points; a {@link String} counts UTF-16 units. */
    static IntUnaryOperator offsets(String sql) {
        if (sql.codePointCount(0, sql.length()) == sql.length()) {
            return i -> i;
        }
        return i -> sql.offsetByCodePoints(0, i);
    }

    /** Keeps the first syntax error, with its position. */
    static final class Errors extends BaseErrorListener {
        String first;

        @Override
        public void syntaxError(
                Recognizer<?, ?> recognizer,
                Object offendingSymbol,
                int line,
                int charPositionInLine,
                String msg,
                RecognitionException e) {
            if (first == null) {
                first = "line " + line + ":" + charPositionInLine + " " + msg;
            }
        }
    }
}
