package io.binlogpitr.common.binlog;

/**
 * One row changed by a rows event. Values are in the Java forms {@link io.binlogpitr.common.sql.ValueKind} names
 * (null for SQL NULL); TIMESTAMP values are UTC text.
 *
 * @param type insert, update or delete
 * @param before the row before the change (UPDATE, DELETE), else null
 * @param after the row after the change (INSERT, UPDATE), else null
 */
public record RowChange(Type type, Object[] before, Object[] after) {
    public enum Type {
        INSERT,
        UPDATE,
        DELETE
    }
}
