package io.binlogpitr.common.snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a table's {@code SHOW CREATE TABLE} text into statements that make a table showing that same text again,
 * character sets and collations included.
 *
 * <p>Run as it is, the text does not always do that. MySQL 8.0 keeps, per column, whether its DDL named a character
 * set or collation (the data dictionary's {@code is_explicit_collation}), and {@code SHOW CREATE TABLE} prints a
 * column's {@code CHARACTER SET cs} when its collation is not the table's or it was named, and {@code COLLATE c} when
 * {@code c} is not the primary collation of {@code cs}, or it was named, or it is {@code utf8mb4_0900_ai_ci} in a table
 * whose default is another. Every column the text names a charset or collation for is created "named", so it then
 * shows both clauses. Two shapes of the text differ from that:
 *
 * <ul>
 *   <li>{@code COLLATE c} alone: the column has the table's own collation, not named (a WordPress {@code tinytext} in a
 *       {@code utf8mb4_unicode_520_ci} table). The clause is left out, so the column takes the table's default as the
 *       source's did. Left as it is when {@code c} is not the table's {@code COLLATE=}, which MySQL does not print.
 *   <li>{@code CHARACTER SET cs} alone: the primary collation of {@code cs}, not the table's, not named (a latin1
 *       table given another default by {@code ALTER TABLE ... DEFAULT CHARACTER SET} without {@code CONVERT}). No
 *       {@code CREATE TABLE} makes such a column; the table is created as shown and then, per such character set, given
 *       it as its default while those columns are modified without the clause (they take the default, not named), and
 *       at last given back its own default, which leaves the columns as they are.
 * </ul>
 *
 * Only column lines are read (they start with a backquoted name, one a line, as the server prints them), and of each
 * only the clauses right after its type, so a {@code DEFAULT}, {@code COMMENT}, ENUM member or expression holding the
 * words is never touched.
 */
final class ColumnCollations {
    /**
     * A column line's start: name, type with its arguments, then the clauses this class reads. Possessive runs, so
     * that an ENUM of thousands of members does not recurse once per character (a StackOverflowError on
     * mtr.enum_set's 300 members).
     */
    private static final Pattern COLUMN_HEAD = Pattern.compile(
            "  (`(?:[^`]++|``)++`) [a-z]+(?:\\((?:'(?:[^'\\\\]++|''|\\\\.)*+'|[^)']++)*+\\))?"
                    + "(?<cs> CHARACTER SET (?<csName>\\w+))?(?<coll> COLLATE (?<collName>\\w+))?",
            Pattern.DOTALL);

    private static final Pattern TABLE_NAME = Pattern.compile("^CREATE TABLE (`(?:[^`]|``)+`) \\(");
    private static final Pattern TABLE_DEFAULT = Pattern.compile(" DEFAULT CHARSET=(\\w+)(?: COLLATE=(\\w+))?");

    /** The statement creating the table, and the ones to run right after it (none for most tables). */
    record Statements(String create, List<String> alters) {}

    private record Column(int start, int end, Matcher head) {}

    private ColumnCollations() {}

    static Statements of(String showCreate) {
        Matcher name = TABLE_NAME.matcher(showCreate);
        if (!name.find()) {
            return new Statements(showCreate, List.of());
        }
        List<Column> columns = new ArrayList<>();
        int optionsAt = scan(showCreate, name.end(), columns);
        Matcher options = TABLE_DEFAULT.matcher(showCreate);
        if (optionsAt < 0 || !options.find(optionsAt)) {
            return new Statements(showCreate, List.of());
        }
        String tableCollation = options.group(2);
        StringBuilder create = new StringBuilder(showCreate.length());
        Map<String, List<String>> unnamedByCharset = new LinkedHashMap<>();
        int last = 0;
        for (Column c : columns) {
            Matcher h = c.head();
            if (h.group("cs") == null
                    && h.group("coll") != null
                    && h.group("collName").equals(tableCollation)) {
                create.append(showCreate, last, h.start("coll"));
                last = h.end("coll");
            } else if (h.group("cs") != null && h.group("coll") == null) {
                String definition =
                        showCreate.substring(c.start() + 2, h.start("cs")) + showCreate.substring(h.end("cs"), c.end());
                unnamedByCharset
                        .computeIfAbsent(h.group("csName"), k -> new ArrayList<>())
                        .add("MODIFY COLUMN " + definition);
            }
        }
        create.append(showCreate, last, showCreate.length());
        List<String> alters = new ArrayList<>();
        if (!unnamedByCharset.isEmpty()) {
            String alter = "ALTER TABLE " + name.group(1) + " ";
            unnamedByCharset.forEach((charset, modifies) ->
                    alters.add(alter + "DEFAULT CHARACTER SET " + charset + ", " + String.join(", ", modifies)));
            alters.add(alter + "DEFAULT CHARACTER SET " + options.group(1)
                    + (tableCollation == null ? "" : " COLLATE " + tableCollation));
        }
        return new Statements(create.toString(), List.copyOf(alters));
    }

    /**
     * Walks the text from inside the column list, outside quotes, collecting each column line; returns where the
     * table options start (after the list's closing parenthesis), or -1 if the text does not have that shape.
     */
    private static int scan(String sql, int from, List<Column> columns) {
        int depth = 1;
        int lineStart = -1;
        Matcher open = null;
        int i = from;
        while (i < sql.length()) {
            char ch = sql.charAt(i);
            if (ch == '\n' && depth == 1) {
                if (open != null) {
                    int end = sql.charAt(i - 1) == ',' ? i - 1 : i;
                    columns.add(new Column(lineStart, end, open));
                    open = null;
                }
                Matcher head = COLUMN_HEAD.matcher(sql).region(i + 1, sql.length());
                if (head.lookingAt()) {
                    lineStart = i + 1;
                    open = head;
                    i = head.end();
                    continue;
                }
                i++;
            } else if (ch == '`' || ch == '\'' || ch == '"') {
                i = closingQuote(sql, i);
                if (i < 0) {
                    return -1;
                }
                i++;
            } else {
                if (ch == '(') {
                    depth++;
                } else if (ch == ')' && --depth == 0) {
                    return open == null ? i + 1 : -1;
                }
                i++;
            }
        }
        return -1;
    }

    /** The index of the quote closing the one at {@code at} (doubled quotes and, in strings, backslashes escape). */
    private static int closingQuote(String sql, int at) {
        char q = sql.charAt(at);
        for (int i = at + 1; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (ch == '\\' && q != '`') {
                i++;
            } else if (ch == q) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == q) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }
}
