package io.binlogpitr.testing.workload;

import io.binlogpitr.testing.workload.AllTypesSchema.Column;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random column values with edge cases, as JDBC parameters: {@code Long}, {@code BigDecimal},
 * {@code Float}, {@code Double}, {@code String} (text, temporal literals, JSON, WKT) or {@code byte[]};
 * {@code null} for SQL NULL. Temporal values are strings, so no JDBC time-zone conversion touches them.
 * Not thread-safe: give each thread its own instance.
 */
public final class RandomRows {

    private static final double NULL_RATE = 0.08;
    private static final double EDGE_RATE = 0.2;

    private final Random random;
    private final RandomScalars scalars;

    public RandomRows(long seed) {
        this.random = new Random(seed);
        this.scalars = new RandomScalars(random);
    }

    public Random random() {
        return random;
    }

    /** A value for the column: NULL now and then, an edge case often, otherwise a random one. */
    public Object value(Column column) {
        if (random.nextDouble() < NULL_RATE && !column.sqlType().contains("NOT NULL")) {
            return null;
        }
        boolean edge = random.nextDouble() < EDGE_RATE;
        return switch (column.kind()) {
            case INT -> scalars.integer(column.size(), column.unsigned(), edge);
            case DECIMAL -> scalars.decimal(column.size(), column.scale(), edge);
            case FLOAT -> scalars.floatValue(edge);
            case DOUBLE -> scalars.doubleValue(edge);
            case BIT -> scalars.bits(column.size(), edge);
            case ENUM -> scalars.enumValue(column, edge);
            case SET -> scalars.setValue(edge);
            case JSON -> RandomJson.value(random, edge);
            case BLOB -> scalars.bytes(column.size(), edge);
            case TEXT, CHAR -> scalars.text(column.size(), column.charset(), edge);
            case BINARY -> scalars.binary(column.size(), edge);
            case DATE -> RandomTemporals.date(random, edge);
            case TIME -> RandomTemporals.time(random, column.scale(), edge);
            case DATETIME -> RandomTemporals.datetime(random, column.scale(), edge);
            case TIMESTAMP -> RandomTemporals.timestamp(random, column.scale(), edge);
            case YEAR -> RandomTemporals.year(random, edge);
            case GEOMETRY -> RandomShapes.geometry(random, edge);
            case POINT -> RandomShapes.point(random, edge);
        };
    }

    /** One value per column, in order. */
    public List<Object> values(List<Column> columns) {
        List<Object> values = new ArrayList<>(columns.size());
        for (Column c : columns) {
            values.add(value(c));
        }
        return values;
    }

    /** Binds {@code values} to parameters {@code first}, {@code first+1}, ... of the statement. */
    public static void bind(PreparedStatement ps, int first, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            bind(ps, first + i, values.get(i));
        }
    }

    public static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, java.sql.Types.NULL);
        } else if (value instanceof byte[] b) {
            ps.setBytes(index, b);
        } else if (value instanceof Long l) {
            ps.setLong(index, l);
        } else if (value instanceof BigInteger bi) {
            ps.setBigDecimal(index, new BigDecimal(bi));
        } else if (value instanceof BigDecimal bd) {
            ps.setBigDecimal(index, bd);
        } else if (value instanceof Float f) {
            ps.setFloat(index, f);
        } else if (value instanceof Double d) {
            ps.setDouble(index, d);
        } else if (value instanceof String s) {
            ps.setString(index, s);
        } else {
            throw new IllegalArgumentException(
                    "cannot bind a " + value.getClass().getName() + ": " + value);
        }
    }
}
