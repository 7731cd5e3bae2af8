package io.binlogpitr.common.snapshot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A range of primary-key values, {@code lower <= key < upper}, each bound a tuple of JDBC parameter
 * values in key-column order, or null for no bound. {@link #ALL} has neither.
 */
public record KeyRange(List<Object> lower, List<Object> upper) {
    public static final KeyRange ALL = new KeyRange(null, null);

    public KeyRange {
        lower = lower == null ? null : Collections.unmodifiableList(new ArrayList<>(lower));
        upper = upper == null ? null : Collections.unmodifiableList(new ArrayList<>(upper));
    }

    /** The WHERE condition for {@code quotedKey} (e.g. {@code (`a`,`b`)}), with ? placeholders; "" for ALL. */
    String condition(String quotedKey, int keyColumns) {
        List<String> parts = new ArrayList<>();
        if (lower != null) {
            parts.add(quotedKey + " >= " + placeholders(lower, keyColumns));
        }
        if (upper != null) {
            parts.add(quotedKey + " < " + placeholders(upper, keyColumns));
        }
        return String.join(" AND ", parts);
    }

    /** The parameters in placeholder order. */
    List<Object> parameters() {
        List<Object> p = new ArrayList<>();
        if (lower != null) {
            p.addAll(lower);
        }
        if (upper != null) {
            p.addAll(upper);
        }
        return p;
    }

    private static String placeholders(List<Object> bound, int keyColumns) {
        if (bound.size() != keyColumns) {
            throw new IllegalArgumentException(
                    "key range bound " + bound + " has " + bound.size() + " values, the key " + keyColumns);
        }
        return "(" + String.join(",", Collections.nCopies(keyColumns, "?")) + ")";
    }
}
