package io.binlogpitr.agent.snapshot;

import io.binlogpitr.common.snapshot.KeyRange;
import io.binlogpitr.common.sql.SqlColumn;
import io.binlogpitr.common.sql.SqlLiteral;
import io.binlogpitr.common.sql.ValueKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Splits a table into key ranges of about {@code chunkBytes} each, so workers share a big table. A table whose
 * primary key starts with an integer column is split on that column into equal-width ranges between its MIN
 * and MAX; the first range is open below and the last open above, so together they cover every key, including
 * keys written after planning. Other tables (no primary key, or a key starting with another type) are one chunk.
 * {@link #tasks} turns a whole catalog into the snapshot's chunks and their files.
 */
final class ChunkPlanner {
    private ChunkPlanner() {}

    /** Assumed bytes per row while InnoDB has no statistics for the table yet (fresh tables). */
    static final long DEFAULT_ROW_BYTES = 256;

    /**
     * The chunks of every table of the catalog, in catalog order: each table's key ranges, each into its own file
     * {@code <db>/<table>.<nnnnn>.chunk<suffix>} under the staging directory (whose database directories it creates),
     * names made safe and unique within their database.
     */
    static List<ExportTask> tasks(Connection c, SourceCatalog catalog, Path staging, SnapshotSettings settings)
            throws SQLException, IOException {
        List<ExportTask> tasks = new ArrayList<>();
        for (SourceCatalog.Db db : catalog.databases()) {
            String dbDir = FileNames.safe(db.name());
            Files.createDirectories(staging.resolve(dbDir));
            Set<String> used = new HashSet<>();
            for (SourceCatalog.Table table : db.tables()) {
                String base = FileNames.unique(FileNames.safe(table.spec().table()), used);
                List<KeyRange> ranges = plan(c, table, settings.chunkBytes());
                long weight = Math.max(1, table.dataBytes() / ranges.size());
                for (int i = 0; i < ranges.size(); i++) {
                    String file = dbDir + "/" + base + "." + String.format("%05d", i + 1) + ".chunk"
                            + settings.compression().suffix();
                    tasks.add(new ExportTask(table, ranges.get(i), file, weight));
                }
            }
        }
        return tasks;
    }

    static List<KeyRange> plan(Connection c, SourceCatalog.Table table, long chunkBytes) throws SQLException {
        Optional<String> column = integerLeadingKey(table);
        if (column.isEmpty()) {
            return List.of(KeyRange.ALL);
        }
        String col = SqlLiteral.identifier(column.get());
        String min;
        String max;
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT MIN(" + col + "), MAX(" + col + ") FROM " + table.qualifiedName())) {
            rs.next();
            min = rs.getString(1);
            max = rs.getString(2);
        }
        if (min == null || max == null) {
            return List.of(KeyRange.ALL);
        }
        // InnoDB's statistics lag behind bulk loads (they are refreshed in the background); the optimizer's
        // estimate for a key range dives into the index and is current
        long rows = Math.max(table.estimatedRows(), rangeEstimate(c, table, col, min));
        long rowBytes = table.estimatedRows() > 0 && table.dataBytes() > 0
                ? Math.max(1, table.dataBytes() / table.estimatedRows())
                : DEFAULT_ROW_BYTES;
        long wanted = (long) Math.ceil((double) rows * rowBytes / chunkBytes);
        BigInteger low = new BigInteger(min);
        BigInteger high = new BigInteger(max);
        long rowsPerChunk = Math.max(1, chunkBytes / rowBytes);
        if (wanted <= 1 && high.subtract(low).compareTo(BigInteger.valueOf(rowsPerChunk)) > 0) {
            wanted = sampledChunks(c, table, col, low, high, rowsPerChunk, rowBytes, chunkBytes);
        }
        if (wanted <= 1) {
            return List.of(KeyRange.ALL);
        }
        return split(low, high, wanted);
    }

    /**
     * When both estimates say one chunk but the key spans more values than a chunk holds, they may simply be
     * stale: reads the first {@code rowsPerChunk + 1} keys (a bounded scan) and, if there are that many, scales their
     * density over the whole key range.
     */
    private static long sampledChunks(
            Connection c,
            SourceCatalog.Table table,
            String col,
            BigInteger low,
            BigInteger high,
            long rowsPerChunk,
            long rowBytes,
            long chunkBytes)
            throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*), MAX(k) FROM (SELECT " + col + " AS k FROM "
                        + table.qualifiedName() + " ORDER BY " + col + " LIMIT " + (rowsPerChunk + 1) + ") s")) {
            rs.next();
            long sampled = rs.getLong(1);
            if (sampled <= rowsPerChunk || rs.getString(2) == null) {
                return 1;
            }
            BigInteger last = new BigInteger(rs.getString(2));
            double density = sampled / last.subtract(low).add(BigInteger.ONE).doubleValue();
            double rows = high.subtract(low).add(BigInteger.ONE).doubleValue() * density;
            return (long) Math.ceil(rows * rowBytes / chunkBytes);
        }
    }

    /** The optimizer's row estimate for {@code col >= min}: an index dive, so current after a bulk load. */
    private static long rangeEstimate(Connection c, SourceCatalog.Table table, String col, String min)
            throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("EXPLAIN SELECT " + col + " FROM " + table.qualifiedName()
                        + " FORCE INDEX (PRIMARY) WHERE " + col + " >= " + new BigInteger(min))) {
            return rs.next() ? rs.getLong("rows") : 0;
        }
    }

    /** Equal-width ranges over [min, max], at most {@code wanted} and never more than there are values. */
    static List<KeyRange> split(BigInteger min, BigInteger max, long wanted) {
        BigInteger span = max.subtract(min).add(BigInteger.ONE);
        BigInteger n = span.min(BigInteger.valueOf(wanted));
        if (n.compareTo(BigInteger.ONE) <= 0) {
            return List.of(KeyRange.ALL);
        }
        BigInteger step = span.add(n).subtract(BigInteger.ONE).divide(n); // ceiling
        List<KeyRange> ranges = new ArrayList<>();
        List<Object> lower = null;
        for (BigInteger bound = min.add(step); bound.compareTo(max) <= 0; bound = bound.add(step)) {
            List<Object> upper = List.of(parameter(bound));
            ranges.add(new KeyRange(lower, upper));
            lower = upper;
        }
        ranges.add(new KeyRange(lower, null));
        return ranges;
    }

    /** A JDBC parameter that compares exactly with any integer column, unsigned BIGINT included. */
    private static Object parameter(BigInteger value) {
        return value.bitLength() < 64 ? (Object) value.longValueExact() : new BigDecimal(value);
    }

    private static Optional<String> integerLeadingKey(SourceCatalog.Table table) {
        if (table.spec().primaryKey().isEmpty()) {
            return Optional.empty();
        }
        String first = table.spec().primaryKey().get(0);
        return table.spec().columns().stream()
                .filter(c -> c.name().equals(first) && c.kind() == ValueKind.INTEGER)
                .map(SqlColumn::name)
                .findFirst();
    }
}
