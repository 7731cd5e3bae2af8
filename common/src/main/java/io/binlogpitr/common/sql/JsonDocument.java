package io.binlogpitr.common.sql;

import java.util.List;
import java.util.Objects;

/**
 * A JSON value whose text does not say the type of some of its scalars: MySQL's binary JSON keeps DECIMAL, DATE,
 * TIME, DATETIME, TIMESTAMP and opaque values (printed as numbers and strings) and the signedness of integers (printed
 * alike), which parsing the text would turn into doubles, strings and other integer types. {@link SqlLiteral} writes the text and
 * then sets each such scalar with {@code JSON_SET(doc, path, <typed expression>)}.
 *
 * @param text the JSON text in utf8mb4, as MySQL prints it
 * @param typed the scalars to set with their type, in document order
 */
public record JsonDocument(byte[] text, List<Scalar> typed) {
    public JsonDocument {
        Objects.requireNonNull(text, "text");
        typed = List.copyOf(typed);
    }

    /** The SQL type that gives back the scalar. */
    public enum Type {
        /** {@code value} is decimal text whose digits before and after the point are those stored. */
        DECIMAL,
        DATE,
        /** {@code value} is {@code [-]h:mm:ss.ffffff}. */
        TIME,
        DATETIME,
        /** {@code value} is {@code yyyy-mm-dd hh:mm:ss.ffffff} in the load session's time zone ({@code +00:00}). */
        TIMESTAMP,
        /**
         * An opaque value (BLOB, BIT, ...): {@code value} is its text as MySQL prints it without the quotes,
         * {@code base64:type<MySQL column type>:<base64 of the bytes>}.
         */
        OPAQUE,
        /** A signed integer that the text would read as unsigned. */
        SIGNED,
        /** An unsigned integer that the text would read as signed. */
        UNSIGNED
    }

    /**
     * One typed scalar.
     *
     * @param path a MySQL JSON path, e.g. {@code $."a"[2]}
     * @param type the SQL type to set it as
     * @param value its text
     */
    public record Scalar(String path, Type type, String value) {}
}
