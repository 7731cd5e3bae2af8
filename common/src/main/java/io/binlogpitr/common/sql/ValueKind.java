package io.binlogpitr.common.sql;

import java.util.Locale;

/**
 * How a column's value is carried and written as a literal. Each kind names the one Java form
 * {@link SqlLiteral} accepts for it, chosen so that no conversion can lose anything.
 */
public enum ValueKind {
    /** TINYINT..BIGINT, signed or unsigned: a {@code Long}, {@code BigInteger} or decimal text. */
    INTEGER,
    /** DECIMAL: a {@code BigDecimal} or decimal text. */
    DECIMAL,
    /** FLOAT: a {@code Float}. */
    FLOAT,
    /** DOUBLE: a {@code Double}. */
    DOUBLE,
    /** BIT(n): the bits as big-endian {@code byte[]}. */
    BIT,
    /** CHAR, VARCHAR, TEXT, ENUM, SET: the stored bytes in the column's character set, {@code byte[]}. */
    TEXT,
    /** BINARY, VARBINARY, BLOB: {@code byte[]}. */
    BINARY,
    /** GEOMETRY and its subtypes: MySQL's internal form (4-byte little-endian SRID + WKB), {@code byte[]}. */
    GEOMETRY,
    /** DATE, TIME, DATETIME, TIMESTAMP: the server's text form with its fraction, a {@code String}. */
    TEMPORAL,
    /** YEAR: its number (0 for the zero year), a {@code Long} or decimal text. */
    YEAR,
    /**
     * JSON: its text in utf8mb4, {@code byte[]}; or a {@link JsonDocument} (text plus typed scalars) when the text
     * alone would not give back the types of some scalars (DECIMAL, DATE, TIME, DATETIME inside the document, or an
     * integer's signedness), as decoded from a binlog.
     */
    JSON;

    /** The kind of an {@code information_schema.COLUMNS.DATA_TYPE}. */
    public static ValueKind ofDataType(String dataType) {
        return switch (dataType.toLowerCase(Locale.ROOT)) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint" -> INTEGER;
            case "decimal", "numeric" -> DECIMAL;
            case "float" -> FLOAT;
            case "double", "real" -> DOUBLE;
            case "bit" -> BIT;
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set" -> TEXT;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> BINARY;
            case "geometry",
                    "point",
                    "linestring",
                    "polygon",
                    "multipoint",
                    "multilinestring",
                    "multipolygon",
                    "geometrycollection",
                    "geomcollection" -> GEOMETRY;
            case "date", "time", "datetime", "timestamp" -> TEMPORAL;
            case "year" -> YEAR;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("unsupported column data type: " + dataType);
        };
    }
}
