package io.binlogpitr.common.ddl;

import io.debezium.ddl.parser.mysql.generated.MySqlLexer;
import io.debezium.ddl.parser.mysql.generated.MySqlParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/**
 * The one place that decides whether a statement is a {@code CREATE TABLE ... SELECT} (CTAS), in the two forms a
 * journal can hold:
 *
 * <ul>
 *   <li><b>as MySQL 8.0.21+ logs it</b> (atomic DDL): a Query event {@code CREATE TABLE `t` (columns) START
 *       TRANSACTION [table options]} that leaves a transaction open, then the rows with no BEGIN, then the XID
 *       (COMMIT). The {@code START TRANSACTION} clause comes before the table options, not always last: {@code
 *       CREATE TABLE t ENGINE=InnoDB SELECT ...} is logged as {@code ... ) START TRANSACTION ENGINE=InnoDB}, a
 *       partitioned one as {@code ... ) START TRANSACTION /*!50100 PARTITION BY ... *}{@code /}. On the server
 *       only BINLOG, COMMIT and ROLLBACK may follow it (error 3977). {@link #opensTransaction} and {@link
 *       #withoutStartTransaction}.
 *   <li><b>as the user wrote it</b>, with its query ({@code SELECT}, {@code (SELECT ...)}, {@code WITH}, {@code
 *       TABLE}, {@code VALUES}, after optional columns, options, {@code IGNORE}/{@code REPLACE} and {@code AS}):
 *       {@link #holdsQuery}.
 * </ul>
 *
 * <p>The logged form is recognised on the tokens of MySQL's grammar (Debezium's generated lexer, so comments and
 * string literals never count): {@code CREATE [TEMPORARY] TABLE}, then {@code START TRANSACTION} outside every
 * parenthesis. The user's form is read from the statement's parse tree. Pure: no I/O, no state.
 */
public final class CreateTableSelect {
    /** The grammar's version gates: MySQL 8.0.31 (version comments up to it are read as code, as the server does). */
    private static final int SERVER_VERSION = 80031;

    private CreateTableSelect() {}

    /** {@link #opensTransaction(String, long)} under the default sql_mode. */
    public static boolean opensTransaction(String sql) {
        return opensTransaction(sql, 0);
    }

    /**
     * Whether {@code sql} is a {@code CREATE TABLE ... START TRANSACTION}: the CREATE of a CTAS as MySQL logs it,
     * which leaves a transaction open for the table's rows.
     *
     * @param sqlModeBits the session's sql_mode bits (NO_BACKSLASH_ESCAPES changes where a string literal ends)
     */
    public static boolean opensTransaction(String sql, long sqlModeBits) {
        return startTransaction(tokens(sql, sqlModeBits)) >= 0;
    }

    /** {@link #withoutStartTransaction(String, long)} under the default sql_mode. */
    public static String withoutStartTransaction(String sql) {
        return withoutStartTransaction(sql, 0);
    }

    /**
     * {@code sql} without its {@code START TRANSACTION} clause when it {@link #opensTransaction opens a transaction}
     * (the table options after the clause stay; when only blanks and a {@code ;} follow it, they go too), else
     * {@code sql} unchanged.
     */
    public static String withoutStartTransaction(String sql, long sqlModeBits) {
        List<Token> tokens = tokens(sql, sqlModeBits);
        int at = startTransaction(tokens);
        if (at < 0) {
            return sql;
        }
        int from = offset(sql, tokens.get(at).getStartIndex());
        while (from > 0 && Character.isWhitespace(sql.charAt(from - 1))) {
            from--;
        }
        int to = offset(sql, tokens.get(at + 1).getStopIndex() + 1);
        String rest = sql.substring(to);
        if (rest.strip().isEmpty() || rest.strip().equals(";")) {
            return sql.substring(0, from);
        }
        return sql.substring(0, from) + rest;
    }

    /**
     * Whether the CREATE TABLE holds its query (the user's form of a CTAS, whose columns depend on that query): not
     * {@code LIKE}, not the logged form (columns only).
     */
    public static boolean holdsQuery(MySqlParser.CreateTableContext c) {
        return c.createTableOptionsEtc() != null
                && c.createTableOptionsEtc().createPartitioningEtc() != null
                && c.createTableOptionsEtc().createPartitioningEtc().duplicateAsQe() != null;
    }

    /**
     * The index (in {@code tokens}) of the START of a {@code CREATE [TEMPORARY] TABLE ... START TRANSACTION}, at
     * parenthesis depth 0, or -1.
     */
    private static int startTransaction(List<Token> tokens) {
        int i = 0;
        if (tokens.size() < 4 || tokens.get(i++).getType() != MySqlLexer.CREATE_SYMBOL) {
            return -1;
        }
        if (tokens.get(i).getType() == MySqlLexer.TEMPORARY_SYMBOL) {
            i++;
        }
        if (tokens.get(i++).getType() != MySqlLexer.TABLE_SYMBOL) {
            return -1;
        }
        int depth = 0;
        for (; i < tokens.size(); i++) {
            int type = tokens.get(i).getType();
            if (type == MySqlLexer.OPEN_PAR_SYMBOL) {
                depth++;
            } else if (type == MySqlLexer.CLOSE_PAR_SYMBOL) {
                depth--;
            } else if (depth == 0 && (type == MySqlLexer.SELECT_SYMBOL || type == MySqlLexer.LIKE_SYMBOL)) {
                return -1; // the user's form, or LIKE: no START TRANSACTION clause follows
            } else if (depth == 0
                    && type == MySqlLexer.START_SYMBOL
                    && i + 1 < tokens.size()
                    && tokens.get(i + 1).getType() == MySqlLexer.TRANSACTION_SYMBOL) {
                return i;
            }
        }
        return -1;
    }

    /** The statement's tokens on the default channel (no comments, no blanks); empty when it cannot be read. */
    private static List<Token> tokens(String sql, long sqlModeBits) {
        MySqlLexer lexer = new MySqlLexer(CharStreams.fromString(sql));
        lexer.serverVersion = SERVER_VERSION;
        lexer.sqlModes = DdlObjects.modes(sqlModeBits);
        DdlObjects.Errors errors = new DdlObjects.Errors();
        lexer.removeErrorListeners();
        lexer.addErrorListener(errors);
        List<Token> tokens = new ArrayList<>();
        for (Token t : lexer.getAllTokens()) {
            if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                tokens.add(t);
            }
        }
        return errors.first != null ? List.of() : tokens;
    }

    /** Token positions count code points; a {@link String} counts UTF-16 units. */
    private static int offset(String sql, int codePoints) {
        return sql.offsetByCodePoints(0, codePoints);
    }
}
