package io.binlogpitr.restore.changes;

import java.util.LinkedHashMap;
import java.util.Map;

/** Rows per table and change type of one transaction, in the order tables first appear. */
public final class ChangeCounts {
    /** Per table: inserts, updates, deletes. */
    private final Map<String, long[]> tables = new LinkedHashMap<>();

    private long rows;

    public static ChangeCounts of(TransactionChanges t) {
        ChangeCounts c = new ChangeCounts();
        for (Change ch : t.changes()) {
            long[] n = c.tables.computeIfAbsent(ch.qualifiedName(), k -> new long[3]);
            n[ch.row().type().ordinal()]++;
            c.rows++;
        }
        return c;
    }

    public long rows() {
        return rows;
    }

    /** Table name to {inserts, updates, deletes}. */
    public Map<String, long[]> tables() {
        return tables;
    }

    /** {@code shop.orders: 120 deleted, shop.items: 3 updated, 1 inserted}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, long[]> e : tables.entrySet()) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(e.getKey()).append(':');
            long[] n = e.getValue();
            String sep = " ";
            String[] words = {"inserted", "updated", "deleted"};
            for (int i = 0; i < 3; i++) {
                if (n[i] > 0) {
                    sb.append(sep).append(n[i]).append(' ').append(words[i]);
                    sep = ", ";
                }
            }
        }
        return sb.toString();
    }
}
