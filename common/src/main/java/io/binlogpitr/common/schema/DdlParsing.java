package io.binlogpitr.common.schema;

import io.debezium.antlr.mysql.SqlModes;
import io.debezium.ddl.parser.mysql.generated.MySqlLexer;
import io.debezium.ddl.parser.mysql.generated.MySqlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * One statement through MySQL's own grammar (Debezium's generated ANTLR parser, MySQL 8.0 rules), with the
 * statement's sql_mode (ANSI_QUOTES changes what a double quote means). Syntax errors are collected, never printed.
 */
final class DdlParsing {
    /** The grammar's version gates: MySQL 8.0.31, the fixture's and the oldest 8.0 we follow the rules of. */
    private static final int SERVER_VERSION = 80031;

    private DdlParsing() {}

    /** A parsed statement, or why it could not be parsed. */
    record Parsed(MySqlParser.SimpleStatementContext statement, String error) {
        Optional<MySqlParser.SimpleStatementContext> ok() {
            return Optional.ofNullable(error == null ? statement : null);
        }
    }

    static Parsed parse(String sql, String sqlModeNames) {
        List<String> errors = new ArrayList<>();
        BaseErrorListener collect = new BaseErrorListener() {
            @Override
            public void syntaxError(
                    Recognizer<?, ?> recognizer,
                    Object symbol,
                    int line,
                    int column,
                    String msg,
                    RecognitionException e) {
                errors.add("line " + line + ":" + column + " " + msg);
            }
        };
        MySqlLexer lexer = new MySqlLexer(CharStreams.fromString(sql));
        lexer.serverVersion = SERVER_VERSION;
        lexer.sqlModes = SqlModes.sqlModeFromString(sqlModeNames == null ? "" : sqlModeNames);
        lexer.removeErrorListeners();
        lexer.addErrorListener(collect);
        MySqlParser parser = new MySqlParser(new CommonTokenStream(lexer));
        parser.serverVersion = SERVER_VERSION;
        parser.sqlModes = lexer.sqlModes;
        parser.removeErrorListeners();
        parser.addErrorListener(collect);
        MySqlParser.QueriesContext queries = parser.queries();
        if (!errors.isEmpty()) {
            return new Parsed(null, errors.get(0));
        }
        List<MySqlParser.QueryContext> list = queries.query();
        if (list.size() != 1 || list.get(0).simpleStatement() == null) {
            return new Parsed(null, list.size() + " statements where one was expected");
        }
        return new Parsed(list.get(0).simpleStatement(), null);
    }

    /** An identifier without its quotes: {@code `a``b`} is {@code a`b}, {@code "a"} (ANSI_QUOTES) is {@code a}. */
    static String unquote(String text) {
        if (text.length() >= 2) {
            char q = text.charAt(0);
            if ((q == '`' || q == '"') && text.charAt(text.length() - 1) == q) {
                String inner = text.substring(1, text.length() - 1);
                return inner.replace(String.valueOf(q) + q, String.valueOf(q));
            }
        }
        return text;
    }

    static String name(ParseTree identifier) {
        return unquote(identifier.getText());
    }
}
