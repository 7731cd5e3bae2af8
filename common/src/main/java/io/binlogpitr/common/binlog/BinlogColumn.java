package io.binlogpitr.common.binlog;

import io.binlogpitr.common.sql.SqlColumn;
import io.binlogpitr.common.sql.ValueKind;
import java.util.List;

/**
 * One column as a TABLE_MAP event describes it (plus what the caller supplies when the source logs
 * {@code binlog_row_metadata=MINIMAL}).
 *
 * <p>{@code meta} after resolving: VARCHAR/VAR_STRING and CHAR (STRING) the maximum length in bytes; BLOB, TEXT,
 * JSON, GEOMETRY the size of the length prefix (1-4); FLOAT/DOUBLE the value size; NEWDECIMAL
 * {@code precision << 8 | scale}; BIT {@code bytes << 8 | bits % 8}; TIME2/DATETIME2/TIMESTAMP2 the fractional
 * digits (0-6); ENUM/SET the value size in bytes (ENUM 1-2, SET 1-8); else 0.
 *
 * @param index position in the table (0-based)
 * @param type the binlog column type code (MYSQL_TYPE_*, after resolving STRING's real type for ENUM/SET); see
 *     {@link ColumnTypes}
 * @param meta the type's metadata word (length bytes, precision/scale, fsp ...), as above
 * @param nullable whether the column may hold NULL
 * @param name the column name, or null when the source did not log it (MINIMAL) and none was supplied
 * @param unsigned whether an integer column is UNSIGNED
 * @param charset the MySQL character set name of a character column (e.g. {@code utf8mb4}), else null
 * @param enumOrSetValues the member strings of an ENUM/SET (FULL metadata), else empty
 * @param kind how its values are carried and rendered (see {@link ValueKind})
 */
public record BinlogColumn(
        int index,
        int type,
        int meta,
        boolean nullable,
        String name,
        boolean unsigned,
        String charset,
        List<String> enumOrSetValues,
        ValueKind kind) {

    /** The column for {@link io.binlogpitr.common.sql.SqlLiteral}; needs a name. */
    public SqlColumn sqlColumn() {
        if (name == null) {
            throw new IllegalStateException("column " + (index + 1) + " (" + ColumnTypes.name(type)
                    + ") has no name: the source logs binlog_row_metadata=MINIMAL; supply names with"
                    + " TableDefinition.withNames");
        }
        return new SqlColumn(name, kind, kind == ValueKind.TEXT ? charset : null);
    }

    /** A copy with another name. */
    BinlogColumn withName(String newName) {
        return new BinlogColumn(index, type, meta, nullable, newName, unsigned, charset, enumOrSetValues, kind);
    }
}
