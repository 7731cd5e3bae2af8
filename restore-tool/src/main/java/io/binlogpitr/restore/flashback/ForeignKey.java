package io.binlogpitr.restore.flashback;

import java.util.List;

/**
 * A foreign key: {@code child(columns)} references {@code parent(parentColumns)}, with its actions.
 *
 * @param name the constraint name
 */
public record ForeignKey(
        String name,
        String childDatabase,
        String childTable,
        List<String> columns,
        String parentDatabase,
        String parentTable,
        List<String> parentColumns,
        Action onDelete,
        Action onUpdate) {

    /** What InnoDB does to the child rows when the parent row is deleted or its key changed. */
    public enum Action {
        RESTRICT,
        NO_ACTION,
        CASCADE,
        SET_NULL,
        SET_DEFAULT;

        /** Whether InnoDB changes child rows itself (changes MySQL 8.0 does not write to the binlog). */
        public boolean changesChildren() {
            return this == CASCADE || this == SET_NULL;
        }

        static Action of(String text) {
            return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT).replace(' ', '_'));
        }
    }

    public ForeignKey {
        columns = List.copyOf(columns);
        parentColumns = List.copyOf(parentColumns);
    }

    public String child() {
        return childDatabase + "." + childTable;
    }

    public String parent() {
        return parentDatabase + "." + parentTable;
    }

    /** Whether this key makes InnoDB change child rows on a DELETE (or an UPDATE) of a parent row. */
    public boolean changesChildrenOn(boolean delete) {
        return (delete ? onDelete : onUpdate).changesChildren();
    }
}
