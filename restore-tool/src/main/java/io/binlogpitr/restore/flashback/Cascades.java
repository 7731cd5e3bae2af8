package io.binlogpitr.restore.flashback;

import io.binlogpitr.common.binlog.RowChange;
import io.binlogpitr.common.gtid.Gtid;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The child rows InnoDB changed through foreign keys (ON DELETE/UPDATE CASCADE or SET NULL) when the undone parent
 * changes happened — changes MySQL 8.0 does not write to the binlog — as undo operations to run right after the
 * undo of each parent change, parents before their children.
 *
 * @param ops per parent change ({@link #key}) the undo of its cascades
 * @param covered the parent tables ({@code db.table}) whose cascades were rebuilt
 * @param snapshotId the snapshot the rows were rebuilt from, or null
 */
public record Cascades(Map<String, List<InverseOp>> ops, Set<String> covered, String snapshotId) {
    public Cascades {
        ops = Map.copyOf(ops);
        covered = Set.copyOf(covered);
    }

    /** No cascades rebuilt. */
    public static Cascades none() {
        return new Cascades(Map.of(), Set.of(), null);
    }

    /** The undo of what the {@code occurrence}-th (from 1) change of {@code type} to {@code table} cascaded to. */
    public List<InverseOp> after(Gtid gtid, String table, RowChange.Type type, int occurrence) {
        return ops.getOrDefault(key(gtid, table, type, occurrence), List.of());
    }

    /** Child rows put back in all. */
    public long rows() {
        return ops.values().stream().mapToLong(List::size).sum();
    }

    /** The child tables ({@code db.table}) of the rows put back. */
    public Set<String> tables() {
        Set<String> out = new java.util.TreeSet<>();
        for (List<InverseOp> l : ops.values()) {
            for (InverseOp op : l) {
                out.add(op.qualifiedName());
            }
        }
        return out;
    }

    static String key(Gtid gtid, String table, RowChange.Type type, int occurrence) {
        return gtid + "\0" + table + "\0" + type + "\0" + occurrence;
    }
}
