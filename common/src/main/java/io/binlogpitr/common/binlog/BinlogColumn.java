package io.binlogpitr.common.binlog;

import io.binlogpitr.common.sql.SqlColumn;
import io.binlogpitr.common.sql.ValueKind;
import java.util.List;

/**
 * One column as a TABLE_MAP event describes it (plus what the caller supplies when the source logs
 * {@code binlog_row_metadata=MINIMAL}).
 *
 * @param index position in the table (0-based)
 * @param type the binlog column type code (MYSQL_TYPE_*, after resolving STRING's real type for ENUM/SET)
 * @param meta the type's metadata word (length bytes, precision/scale, fsp ...)
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
        throw new UnsupportedOperationException("stub");
    }
}
