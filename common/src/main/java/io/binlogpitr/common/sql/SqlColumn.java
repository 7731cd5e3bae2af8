package io.binlogpitr.common.sql;

import java.util.Objects;

/**
 * A column as far as rendering its values needs: its name, its {@link ValueKind} and, for
 * {@link ValueKind#TEXT}, its character set (the MySQL name, e.g. {@code utf8mb4}, {@code gbk}).
 */
public record SqlColumn(String name, ValueKind kind, String charset) {
    public SqlColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (kind == ValueKind.TEXT && (charset == null || charset.isEmpty())) {
            throw new IllegalArgumentException("text column " + name + " needs a character set");
        }
        if (charset != null && !charset.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("bad character set name for column " + name + ": " + charset);
        }
    }

    /** The name quoted as a MySQL identifier. */
    public String quotedName() {
        return SqlLiteral.identifier(name);
    }
}
