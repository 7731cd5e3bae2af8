package io.binlogpitr.common.schema;

import io.debezium.ddl.parser.mysql.generated.MySqlParser;
import io.debezium.ddl.parser.mysql.generated.MySqlParser.DataTypeContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Column and key definitions of CREATE TABLE and ALTER TABLE, read from the grammar's parse tree. */
final class ColumnDefinitions {
    private ColumnDefinitions() {}

    /** The columns and primary key a {@code CREATE TABLE (...)} element list declares. */
    record Elements(List<ColumnSchema> columns, List<String> primaryKey) {}

    static Elements elements(MySqlParser.TableElementListContext list) {
        List<ColumnSchema> columns = new ArrayList<>();
        List<String> key = new ArrayList<>();
        for (MySqlParser.TableElementContext e : list.tableElement()) {
            if (e.columnDefinition() != null) {
                MySqlParser.ColumnDefinitionContext c = e.columnDefinition();
                String name = DdlParsing.name(c.columnName().identifier());
                columns.add(column(name, c.fieldDefinition()));
                if (isPrimaryKey(c.fieldDefinition())) {
                    key.clear();
                    key.add(name);
                }
            } else {
                primaryKey(e.tableConstraintDef()).ifPresent(k -> {
                    key.clear();
                    key.addAll(k);
                });
            }
        }
        return new Elements(columns, key);
    }

    static ColumnSchema column(String name, MySqlParser.FieldDefinitionContext field) {
        DataTypeContext t = field.dataType();
        boolean unsigned = t.SERIAL_SYMBOL() != null
                || (t.fieldOptions() != null
                        && (!t.fieldOptions().UNSIGNED_SYMBOL().isEmpty()
                                || !t.fieldOptions().ZEROFILL_SYMBOL().isEmpty()));
        // [GENERATED ALWAYS] AS (expr) [VIRTUAL | STORED]: the grammar's AS is there for generated columns only
        return new ColumnSchema(name, dataType(t), unsigned, field.AS_SYMBOL() != null);
    }

    /** Whether a column definition says {@code PRIMARY KEY} (or {@code KEY}, which means the same there). */
    static boolean isPrimaryKey(MySqlParser.FieldDefinitionContext field) {
        for (MySqlParser.ColumnAttributeContext a : field.columnAttribute()) {
            if (a.KEY_SYMBOL() != null && a.UNIQUE_SYMBOL() == null) {
                return true;
            }
        }
        return false;
    }

    /** The column names of a {@code PRIMARY KEY (...)} constraint; empty for any other constraint. */
    static Optional<List<String>> primaryKey(MySqlParser.TableConstraintDefContext def) {
        if (def == null || def.PRIMARY_SYMBOL() == null || def.keyListWithExpression() == null) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        for (MySqlParser.KeyPartOrExpressionContext p :
                def.keyListWithExpression().keyPartOrExpression()) {
            if (p.keyPart() == null) {
                return Optional.of(List.of()); // a functional key part cannot be in a primary key
            }
            names.add(DdlParsing.name(p.keyPart().identifier()));
        }
        return Optional.of(names);
    }

    /**
     * The data type keyword MySQL stores for a declared type: synonyms resolved ({@code INTEGER} is {@code int},
     * {@code BOOL} {@code tinyint}, {@code REAL} and {@code FLOAT(p>24)} {@code double}, {@code NATIONAL VARCHAR}
     * {@code varchar}, {@code LONG} {@code mediumtext}, {@code SERIAL} {@code bigint}). A type this does not know
     * comes back as the declared word, which no binlog type matches, so the table is refused, not guessed.
     */
    static String dataType(DataTypeContext t) {
        if (t.INT_SYMBOL() != null) {
            return "int";
        } else if (t.TINYINT_SYMBOL() != null || t.BOOL_SYMBOL() != null || t.BOOLEAN_SYMBOL() != null) {
            return "tinyint";
        } else if (t.SMALLINT_SYMBOL() != null) {
            return "smallint";
        } else if (t.MEDIUMINT_SYMBOL() != null) {
            return "mediumint";
        } else if (t.BIGINT_SYMBOL() != null || t.SERIAL_SYMBOL() != null) {
            return "bigint";
        } else if (t.REAL_SYMBOL() != null || t.DOUBLE_SYMBOL() != null) {
            return "double";
        } else if (t.FLOAT_SYMBOL() != null) {
            return floatPrecision(t) > 24 ? "double" : "float";
        } else if (t.DECIMAL_SYMBOL() != null || t.NUMERIC_SYMBOL() != null || t.FIXED_SYMBOL() != null) {
            return "decimal";
        } else if (t.LONG_SYMBOL() != null) {
            return t.VARBINARY_SYMBOL() != null ? "mediumblob" : "mediumtext";
        } else if (t.VARCHAR_SYMBOL() != null || t.NVARCHAR_SYMBOL() != null || t.VARYING_SYMBOL() != null) {
            return "varchar";
        } else if (t.CHAR_SYMBOL() != null || t.NCHAR_SYMBOL() != null || t.NATIONAL_SYMBOL() != null) {
            return "char";
        }
        return t.getStart().getText().toLowerCase(java.util.Locale.ROOT);
    }

    private static int floatPrecision(DataTypeContext t) {
        if (t.floatOptions() == null || t.floatOptions().fieldLength() == null) {
            return 0; // FLOAT, or FLOAT(M,D): single precision
        }
        String digits = t.floatOptions().fieldLength().getText().replaceAll("[^0-9]", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }
}
