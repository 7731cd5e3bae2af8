package io.binlogpitr.common.ddl;

import io.debezium.ddl.parser.mysql.generated.MySqlParser;
import java.util.function.IntUnaryOperator;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Makes a journaled {@code CREATE EVENT} or {@code ALTER EVENT} leave the event disabled on the restore target, as
 * MySQL's replica applier does ({@code SLAVESIDE_DISABLED}): an event that the source enabled would otherwise start
 * running on the target during or right after the replay and write rows the source never wrote at that point (a
 * one-time {@code AT CURRENT_TIMESTAMP} event replayed under the source's timestamp runs again at once). The
 * event's own rows from the source are in the journal and replayed as rows.
 *
 * <p>{@code ENABLE} becomes {@code DISABLE ON SLAVE}; a {@code CREATE EVENT} without a status clause (enabled by
 * default) gets one; {@code DISABLE} and {@code DISABLE ON SLAVE} are kept. Everything else is kept byte for byte.
 */
public final class ReplicaEvents {
    static final String DISABLED = "DISABLE ON SLAVE";
    private static final Pattern MAY_NAME_AN_EVENT = Pattern.compile("(?i)\\bEVENT\\b");

    private ReplicaEvents() {}

    /**
     * {@code sql} with the event it creates or alters disabled on the target; {@code sql} itself when it is no
     * CREATE/ALTER EVENT, does not parse, or already leaves the event disabled.
     *
     * @param sqlModeBits the source session's sql_mode bits (ANSI_QUOTES and the others change how it reads)
     */
    public static String disabledOnTarget(String sql, long sqlModeBits) {
        if (!MAY_NAME_AN_EVENT.matcher(sql).find()) {
            return sql;
        }
        MySqlParser.SimpleStatementContext statement = DdlObjects.statement(sql, sqlModeBits);
        if (statement == null) {
            return sql;
        }
        ParseTree inner = statement.getChild(0);
        IntUnaryOperator at = DdlObjects.offsets(sql);
        if (inner instanceof MySqlParser.CreateStatementContext c && c.createEvent() != null) {
            MySqlParser.CreateEventContext e = c.createEvent();
            if (e.ENABLE_SYMBOL() != null) {
                return replace(sql, at, e.ENABLE_SYMBOL());
            }
            if (e.DISABLE_SYMBOL() != null) {
                return sql;
            }
            TerminalNode next = e.COMMENT_SYMBOL() != null ? e.COMMENT_SYMBOL() : e.DO_SYMBOL();
            int start = at.applyAsInt(next.getSymbol().getStartIndex());
            return sql.substring(0, start) + DISABLED + " " + sql.substring(start);
        }
        if (inner instanceof MySqlParser.AlterStatementContext a
                && a.alterEvent() != null
                && a.alterEvent().ENABLE_SYMBOL() != null) {
            return replace(sql, at, a.alterEvent().ENABLE_SYMBOL());
        }
        return sql;
    }

    private static String replace(String sql, IntUnaryOperator at, TerminalNode keyword) {
        int start = at.applyAsInt(keyword.getSymbol().getStartIndex());
        int end = at.applyAsInt(keyword.getSymbol().getStopIndex() + 1);
        return sql.substring(0, start) + DISABLED + sql.substring(end);
    }
}
