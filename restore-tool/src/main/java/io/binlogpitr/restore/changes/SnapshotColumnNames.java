package io.binlogpitr.restore.changes;

import io.binlogpitr.common.binlog.BinlogColumn;
import io.binlogpitr.common.binlog.TableDefinition;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.TransactionHeader;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import io.binlogpitr.common.sql.ValueKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Column names for a source with {@code binlog_row_metadata=MINIMAL}, whose TABLE_MAP events carry types but no
 * names: taken from the {@code SHOW CREATE TABLE} of the newest snapshot taken before the change. The snapshot's
 * columns must match the event's in number and kind; otherwise the names are unknown and the command stops. A
 * column renamed without changing its type between the snapshot and the change cannot be noticed: sources should
 * log FULL metadata (see docs/flashback.md).
 */
public final class SnapshotColumnNames implements ColumnNames {
    private final List<Snapshot> snapshots;

    private record Snapshot(String id, GtidSet gtids, SnapshotManifest manifest) {}

    private SnapshotColumnNames(List<Snapshot> snapshots) {
        this.snapshots = snapshots;
    }

    /** Names from the repository's readable snapshots. */
    public static SnapshotColumnNames of(RepositoryLayout repo) {
        List<Snapshot> list = new ArrayList<>();
        try {
            for (SnapshotManifest m : SnapshotCatalog.manifests(repo)) {
                list.add(new Snapshot(m.id(), GtidSet.parse(m.gtidSet()), m));
            }
        } catch (IOException | RuntimeException e) {
            // no names then: a MINIMAL table is reported as unknown when met
        }
        list.sort(Comparator.comparing(Snapshot::id).reversed());
        return new SnapshotColumnNames(list);
    }

    @Override
    public TableDefinition named(TableDefinition table, TransactionHeader header) {
        for (Snapshot s : snapshots) {
            if (s.gtids().contains(header.gtid())) {
                continue; // taken after the change
            }
            SnapshotManifest.Table t = find(s.manifest(), table.database(), table.table());
            if (t == null) {
                throw unknown(table, header, "snapshot " + s.id() + " does not hold the table");
            }
            List<String[]> columns = columns(t.create());
            if (columns.size() != table.columns().size()) {
                throw unknown(
                        table,
                        header,
                        "the change has " + table.columns().size() + " columns, snapshot " + s.id() + " has "
                                + columns.size());
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                String[] c = columns.get(i);
                BinlogColumn bc = table.columns().get(i);
                if (!sameKind(c[1], bc)) {
                    throw unknown(
                            table,
                            header,
                            "column " + (i + 1) + " is " + bc.kind() + " in the change but `" + c[0] + "` " + c[1]
                                    + " in snapshot " + s.id());
                }
                names.add(c[0]);
            }
            List<Integer> key = new ArrayList<>();
            for (String k : t.primaryKey()) {
                key.add(names.indexOf(k));
            }
            return table.withNames(names, key.contains(-1) ? List.of() : key);
        }
        throw unknown(table, header, "no snapshot was taken before it");
    }

    static PitrException unknown(TableDefinition table, TransactionHeader header, String why) {
        return new PitrException(
                ErrorCode.SCHEMA_UNKNOWN,
                "the column names of " + table.database() + "." + table.table() + " at " + header.gtid()
                        + " are unknown: the source logs binlog_row_metadata=MINIMAL and " + why,
                "set binlog_row_metadata=FULL on the source (names are then in every event); see"
                        + " docs/flashback.md#column-names");
    }

    private static SnapshotManifest.Table find(SnapshotManifest m, String database, String table) {
        for (SnapshotManifest.Database d : m.databases()) {
            if (d.name().equals(database)) {
                for (SnapshotManifest.Table t : d.tables()) {
                    if (t.name().equals(table)) {
                        return t;
                    }
                }
            }
        }
        return null;
    }

    /** Name and type keyword of each column of a {@code SHOW CREATE TABLE}, in order. */
    static List<String[]> columns(String create) {
        List<String[]> out = new ArrayList<>();
        for (String line : create.split("\n")) {
            if (!line.startsWith("  `")) {
                continue;
            }
            StringBuilder name = new StringBuilder();
            int i = 3;
            while (i < line.length()) {
                char ch = line.charAt(i);
                if (ch == '`') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '`') {
                        name.append('`');
                        i += 2;
                        continue;
                    }
                    break;
                }
                name.append(ch);
                i++;
            }
            int start = i + 2;
            int end = start;
            while (end < line.length() && Character.isLetter(line.charAt(end))) {
                end++;
            }
            out.add(new String[] {
                name.toString(), line.substring(Math.min(start, end), end).toLowerCase(Locale.ROOT)
            });
        }
        return out;
    }

    private static boolean sameKind(String dataType, BinlogColumn column) {
        if (dataType.equals("enum") || dataType.equals("set")) {
            return column.kind() == ValueKind.INTEGER || column.kind() == ValueKind.TEXT;
        }
        try {
            return ValueKind.ofDataType(dataType) == column.kind();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
