package io.binlogpitr.common.schema;

import java.util.Locale;

/**
 * One column of a table as the schema history knows it: what is needed to name a MINIMAL-metadata row image and to
 * check that the history and the binlog's TABLE_MAP describe the same table.
 *
 * @param name the column name as declared
 * @param dataType the data type keyword in lower case ({@code int}, {@code varchar}, {@code enum} ...)
 * @param unsigned whether a numeric column is UNSIGNED
 * @param generated whether it is a VIRTUAL or STORED generated column ({@code AS (expr)}): MySQL refuses a value for
 *     it in an INSERT or UPDATE (error 3105), so a statement written from a row image must leave it out
 */
public record ColumnSchema(String name, String dataType, boolean unsigned, boolean generated) {
    public ColumnSchema {
        dataType = dataType.toLowerCase(Locale.ROOT);
    }

    /** A base (not generated) column. */
    public ColumnSchema(String name, String dataType, boolean unsigned) {
        this(name, dataType, unsigned, false);
    }

    /** Column names are case-insensitive in MySQL. */
    public boolean named(String other) {
        return name.equalsIgnoreCase(other);
    }

    public ColumnSchema renamed(String newName) {
        return new ColumnSchema(newName, dataType, unsigned, generated);
    }
}
