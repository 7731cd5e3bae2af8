package io.binlogpitr.common.snapshot;

import io.binlogpitr.common.sql.SqlLiteral;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The few rewrites the loader makes to the snapshot's DDL text, kept pure so they can be tested with tables of
 * cases. What is rewritten, and what is not:
 *
 * <ul>
 *   <li>{@code CREATE DATABASE}: the name, to the target name.
 *   <li>Tables, routines, triggers and events: nothing. {@code SHOW CREATE TABLE/PROCEDURE/FUNCTION/TRIGGER/EVENT}
 *       names the object without its schema, so running the text with the target database as the default
 *       database creates it there. References inside their bodies ({@code old.t} in a procedure, an event or a
 *       trigger, a foreign key to another schema) keep the snapshot's names. A table's column character set and
 *       collation clauses are made to create what the source showed, not what the text says ({@link
 *       ColumnCollations}).
 *   <li>Views: every schema qualifier {@code `old`.} of a renamed database becomes {@code `new`.}. The server
 *       prints a view's query in canonical form, every identifier quoted, so the qualifiers are recognisable; a
 *       string literal containing exactly {@code `old`.} would be rewritten too.
 *   <li>Events recorded as ENABLE are created {@code DISABLE ON SLAVE} unless asked otherwise.
 * </ul>
 */
final class SnapshotDdl {
    private static final Pattern CREATE_DATABASE = Pattern.compile(
            "^(\\s*CREATE\\s+(?:DATABASE|SCHEMA)\\s+(?:/\\*!32312\\s+IF\\s+NOT\\s+EXISTS\\s*\\*/\\s*|IF\\s+NOT\\s+EXISTS\\s+)?)"
                    + "(`(?:[^`]|``)+`|[0-9A-Za-z_$]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern EVENT_ENABLE =
            Pattern.compile("(\\bON\\s+COMPLETION\\s+(?:NOT\\s+)?PRESERVE\\s+)ENABLE\\b", Pattern.CASE_INSENSITIVE);

    private SnapshotDdl() {}

    /** The manifest's {@code CREATE DATABASE} with the name {@code target}; a plain one if none was recorded. */
    static String createDatabase(String create, String target) {
        if (create == null || create.isBlank()) {
            return "CREATE DATABASE " + SqlLiteral.identifier(target);
        }
        Matcher m = CREATE_DATABASE.matcher(create);
        if (!m.find()) {
            throw new IllegalArgumentException("not a CREATE DATABASE statement: " + abbreviate(create));
        }
        return m.group(1) + SqlLiteral.identifier(target) + create.substring(m.end());
    }

    /** {@code `old`.} to {@code `new`.} for every rename, in one pass (so a→b, b→c does not make a into c). */
    static String renameQualifiers(String sql, Map<String, String> renames) {
        Map<String, String> quoted = renames.entrySet().stream()
                .filter(e -> !e.getKey().equals(e.getValue()))
                .collect(Collectors.toMap(
                        e -> SqlLiteral.identifier(e.getKey()) + ".", e -> SqlLiteral.identifier(e.getValue()) + "."));
        if (quoted.isEmpty()) {
            return sql;
        }
        Pattern any =
                Pattern.compile(quoted.keySet().stream().map(Pattern::quote).collect(Collectors.joining("|")));
        Matcher m = any.matcher(sql);
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int last = 0;
        while (m.find()) {
            if (isContinuationOfIdentifier(sql, m.start())) {
                continue;
            }
            out.append(sql, last, m.start()).append(quoted.get(m.group()));
            last = m.end();
        }
        return out.append(sql, last, sql.length()).toString();
    }

    /** A backquote right before the match means it is the tail of a longer quoted name (`x``old`). */
    private static boolean isContinuationOfIdentifier(String sql, int start) {
        return start > 0 && sql.charAt(start - 1) == '`';
    }

    /** The event's {@code ENABLE} made {@code DISABLE ON SLAVE}; other statuses are left as recorded. */
    private static final Pattern TRIGGER_TABLE =
            Pattern.compile("(?is)\\bTRIGGER\\s+.+?\\s+(?:BEFORE|AFTER)\\s+(?:INSERT|UPDATE|DELETE)\\s+ON\\s+"
                    + "(?:(?:`(?:[^`]|``)+`|[\\w$]+)\\s*\\.\\s*)?(`(?:[^`]|``)+`|[\\w$]+)\\s+FOR\\s+EACH\\s+ROW");

    /** The table a {@code SHOW CREATE TRIGGER} statement is on, unquoted; "" if it cannot be found. */
    static String triggerTable(String create) {
        java.util.regex.Matcher m = TRIGGER_TABLE.matcher(create);
        if (!m.find()) {
            return "";
        }
        String t = m.group(1);
        return t.startsWith("`") ? t.substring(1, t.length() - 1).replace("``", "`") : t;
    }

    static String disableEvent(String create) {
        Matcher m = EVENT_ENABLE.matcher(create);
        return m.find() ? m.replaceFirst("$1DISABLE ON SLAVE") : create;
    }

    /**
     * A string literal for a session variable's value or a name, the same under every sql_mode of the target's
     * session (no backslash escapes: {@code NO_BACKSLASH_ESCAPES} reads them as two characters).
     */
    static String literal(String value) {
        return SqlLiteral.string(value);
    }

    static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }

    static String abbreviate(String s) {
        String line = s.replaceAll("\\s+", " ");
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
