package io.binlogpitr.restore.changes;

import io.binlogpitr.common.binlog.BinlogColumn;
import io.binlogpitr.common.binlog.TableDefinition;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.journal.TransactionHeader;
import io.binlogpitr.common.schema.ColumnSchema;
import io.binlogpitr.common.schema.TableSchema;
import io.binlogpitr.common.schema.TableState;
import io.binlogpitr.common.sql.ValueKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Column names for a table whose TABLE_MAP did not carry them ({@code binlog_row_metadata=MINIMAL}), from the
 * schema history as it was at the change (see docs/design/schema-history.md). The history's definition must
 * match the event: as many columns, each of a kind the event's type can carry, integers of the same signedness.
 * Anything else — the history does not know the table there, or disagrees with the event — refuses with
 * SCHEMA_UNKNOWN: a name is never guessed.
 */
public final class ColumnNames {
    private ColumnNames() {}

    /** {@code table} with the names {@code state} gives it, as of the transaction {@code header}. */
    public static TableDefinition named(TableDefinition table, TableState state, TransactionHeader header) {
        TableSchema schema = state.schema();
        if (schema == null) {
            throw unknown(table, header, state.unknownReason());
        }
        if (schema.columns().size() != table.columns().size()) {
            throw unknown(
                    table,
                    header,
                    "the change has " + table.columns().size() + " columns where the schema history has "
                            + schema.columns().size());
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < schema.columns().size(); i++) {
            ColumnSchema c = schema.columns().get(i);
            BinlogColumn bc = table.columns().get(i);
            if (!sameKind(c, bc)) {
                throw unknown(
                        table,
                        header,
                        "column " + (i + 1) + " is " + (bc.unsigned() ? "unsigned " : "") + bc.kind()
                                + " in the change but `" + c.name() + "` " + c.dataType()
                                + (c.unsigned() ? " unsigned" : "")
                                + " in the schema history");
            }
            names.add(c.name());
        }
        List<Integer> key = new ArrayList<>();
        for (String k : schema.primaryKey()) {
            key.add(schema.indexOf(k).orElse(-1));
        }
        return table.withNames(names, key.contains(-1) ? List.of() : key);
    }

    /**
     * The lower-case names of the generated columns of {@code table} as {@code state} (the schema history at the
     * change) has them; empty when the history does not know the table or describes it otherwise than the event
     * (another column count, or other names where the event carries names).
     */
    public static java.util.Set<String> generated(TableDefinition table, TableState state) {
        TableSchema schema = state.schema();
        if (schema == null || schema.columns().size() != table.columns().size()) {
            return java.util.Set.of();
        }
        java.util.Set<String> out = new java.util.HashSet<>();
        for (int i = 0; i < schema.columns().size(); i++) {
            ColumnSchema c = schema.columns().get(i);
            String name = table.columns().get(i).name();
            if (name != null && !c.named(name)) {
                return java.util.Set.of();
            }
            if (c.generated()) {
                out.add(c.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return out;
    }

    static PitrException unknown(TableDefinition table, TransactionHeader header, String why) {
        return new PitrException(
                ErrorCode.SCHEMA_UNKNOWN,
                "the column names of " + table.database() + "." + table.table() + " at " + header.gtid()
                        + " are unknown: the source logs binlog_row_metadata=MINIMAL and " + why,
                "names are known from the next schema baseline on (the agent records one at each start; a snapshot"
                        + " is one too: 'pitr-agent snapshot --config agent.yml'); set binlog_row_metadata=FULL on"
                        + " the source to have names in every event; 'find' still counts these changes; see"
                        + " docs/flashback.md#column-names");
    }

    private static boolean sameKind(ColumnSchema c, BinlogColumn column) {
        return sameKind(c.dataType(), c.unsigned(), column);
    }

    /**
     * Whether a column of SQL data type {@code type} ({@code int}, {@code varchar} ...; {@code unsigned} for an
     * integer) can be the one the event's {@code column} describes: of a kind its binlog type carries, integers of
     * the same signedness.
     */
    public static boolean sameKind(String type, boolean unsigned, BinlogColumn column) {
        if (type.equals("enum") || type.equals("set")) {
            return column.kind() == ValueKind.INTEGER || column.kind() == ValueKind.TEXT;
        }
        ValueKind kind;
        try {
            kind = ValueKind.ofDataType(type);
        } catch (IllegalArgumentException e) {
            return false; // a type the history does not know: refuse, never guess
        }
        if (kind != column.kind()) {
            return false;
        }
        return kind != ValueKind.INTEGER || unsigned == column.unsigned();
    }
}
