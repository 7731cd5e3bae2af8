package io.binlogpitr.restore.flashback;

import io.binlogpitr.common.gtid.Gtid;
import java.util.List;

/**
 * A row that does not hold the image the journal says it should hold now.
 *
 * @param gtid the transaction whose change was being undone
 * @param table {@code db.table}
 * @param key the row's key as {@code col=value, ...}
 * @param problem what was found: the row is gone, exists where it should be absent, or differs
 * @param differences per differing column: name, expected, found
 */
public record Conflict(Gtid gtid, String table, String key, String problem, List<Difference> differences) {
    public record Difference(String column, String expected, String found) {}

    public Conflict {
        differences = List.copyOf(differences);
    }
}
