package io.binlogpitr.common.snapshot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A range of primary-key values, {@code lower <= key < upper}, each bound a tuple of JDBC parameter
 * values in key-column order, or null for no bound. {@link #ALL} has neither. A bound may be shorter than the
 * key: it then compares that prefix of the key columns ({@code (a) >= (10)} for a key {@code (a, b)}), so
 * ranges split on a key's first column still partition the table.
 */
public record KeyRange(List<Object> lower, List<Object> upper) {
    public static final KeyRange ALL = new KeyRange(null, null);

    public KeyRange {
        lower = lower == null ? null : Collections.unmodifiableList(new ArrayList<>(lower));
        upper = upper == null ? null : Collections.unmodifiableList(new ArrayList<>(upper));
    }

    /**
     * The WHERE condition over the quoted key columns (e.g. {@code `a`}, {@code `b`}), with ? placeholders;
     * "" for ALL.
     */
    String condition(List<String> quotedKey) {
        List<String> parts = new ArrayList<>();
        if (lower != null) {
            parts.add(prefix(quotedKey, lower) + " >= " + placeholders(lower, quotedKey.size()));
        }
        if (upper != null) {
            parts.add(prefix(quotedKey, upper) + " < " + placeholders(upper, quotedKey.size()));
        }
        return String.join(" AND ", parts);
    }

    private static String prefix(List<String> quotedKey, List<Object> bound) {
        return "(" + String.join(",", quotedKey.subList(0, Math.min(bound.size(), quotedKey.size()))) + ")";
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
        if (bound.isEmpty() || bound.size() > keyColumns) {
            throw new IllegalArgumentException(
                    "key range bound " + bound + " has " + bound.size() + " values, the key " + keyColumns);
        }
        return "(" + String.join(",", Collections.nCopies(bound.size(), "?")) + ")";
    }
}
