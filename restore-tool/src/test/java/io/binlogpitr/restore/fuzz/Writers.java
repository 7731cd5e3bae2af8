package io.binlogpitr.restore.fuzz;

import io.binlogpitr.restore.fuzz.TableShape.ColumnShape;
import io.binlogpitr.testing.MysqlServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Concurrent writers over whatever tables exist now: random INSERT (also duplicates of existing rows where a table
 * has no primary key), UPDATE and DELETE of a pseudo-random slice, alone or 2-4 in a transaction, compressed or not
 * by switch. A statement the server refuses (a foreign key, a key collision, a table dropped meanwhile) is rolled
 * back and counted: it leaves nothing in the binlog, so the oracle and the restore see the same history.
 */
final class Writers {
    /** What the writers did. */
    record Result(long committed, long refused) {}

    private final MysqlServer source;
    private final Set<Feature> features;
    private final Supplier<List<TableShape>> tables;

    Writers(MysqlServer source, Set<Feature> features, Supplier<List<TableShape>> tables) {
        this.source = source;
        this.features = features;
        this.tables = tables;
    }

    Result run(int threads, Duration duration, long seed) throws InterruptedException {
        AtomicLong committed = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(seed * 31 + t);
                futures.add(pool.submit(() -> {
                    write(random, deadline, committed, refused);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a writer failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Result(committed.get(), refused.get());
    }

    private void write(Random random, long deadline, AtomicLong committed, AtomicLong refused) throws SQLException {
        RandomValues values = new RandomValues(random, features);
        try (Connection c = source.connect(null);
                Statement st = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                List<TableShape> now = tables.get();
                if (now.isEmpty()) {
                    return;
                }
                if (features.contains(Feature.COMPRESSED)) {
                    st.execute("SET SESSION binlog_transaction_compression = " + (random.nextBoolean() ? "ON" : "OFF"));
                }
                int n = random.nextInt(3) == 0 ? 2 + random.nextInt(3) : 1;
                try {
                    if (n > 1) {
                        st.execute("BEGIN");
                    }
                    for (int i = 0; i < n; i++) {
                        st.execute(statement(now.get(random.nextInt(now.size())), values));
                    }
                    if (n > 1) {
                        st.execute("COMMIT");
                    }
                    committed.incrementAndGet();
                } catch (SQLException e) {
                    refused.incrementAndGet();
                    st.execute("ROLLBACK");
                }
            }
        }
    }

    String statement(TableShape t, RandomValues values) {
        int p = values.random().nextInt(100);
        if (p < 50) {
            return insert(t, values);
        } else if (p < 58 && t.primaryKey().isEmpty()) {
            String cols = names(t.writable());
            return "INSERT INTO " + t.qualified() + " (" + cols + ") SELECT " + cols + " FROM " + t.qualified()
                    + " LIMIT 1";
        } else if (p < 85) {
            return update(t, values);
        }
        return delete(t, 23, values);
    }

    /** A DELETE of a slice; on a cascading parent only with FK_CASCADE on (else an UPDATE of non-key columns). */
    private String delete(TableShape t, int modulus, RandomValues values) {
        if (t.cascadeParent() && !features.contains(Feature.FK_CASCADE)) {
            return update(t, values);
        }
        return "DELETE FROM " + t.qualified() + " WHERE " + slice(t, modulus, values.random());
    }

    static String insert(TableShape t, RandomValues values) {
        List<ColumnShape> cols = t.writable().stream()
                .filter(c -> !c.autoIncrement() || values.random().nextInt(8) == 0)
                .toList();
        int rows = values.random().nextInt(4) == 0 ? 2 + values.random().nextInt(3) : 1;
        List<String> tuples = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            tuples.add(cols.stream().map(c -> value(t, c, values)).collect(Collectors.joining(", ", "(", ")")));
        }
        return "INSERT INTO " + t.qualified() + " (" + names(cols) + ") VALUES " + String.join(", ", tuples);
    }

    private static String value(TableShape t, ColumnShape c, RandomValues values) {
        if (c.referencedTable() != null && !c.referencedTable().equals(t.name())) {
            String parent = DatabaseState.quote(t.db()) + "." + DatabaseState.quote(c.referencedTable());
            String col = DatabaseState.quote(c.referencedColumn());
            return "(SELECT " + col + " FROM " + parent + " ORDER BY " + col + " LIMIT 1 OFFSET "
                    + values.random().nextInt(40) + ")";
        }
        if (c.autoIncrement()) {
            return String.valueOf(100_000 + values.random().nextInt(100_000));
        }
        return values.literal(c);
    }

    String update(TableShape t, RandomValues values) {
        List<ColumnShape> candidates = t.writable().stream()
                .filter(c -> !t.primaryKey().contains(c.name()) && c.referencedTable() == null)
                .toList();
        if (candidates.isEmpty()) {
            return "DELETE FROM " + t.qualified() + " WHERE " + slice(t, 29, values.random())
                    + (t.cascadeParent() ? " AND FALSE" : "");
        }
        List<String> sets = new ArrayList<>();
        int n = 1 + values.random().nextInt(Math.min(2, candidates.size()));
        for (int i = 0; i < n; i++) {
            ColumnShape c = candidates.get(values.random().nextInt(candidates.size()));
            sets.add(DatabaseState.quote(c.name()) + " = " + values.literal(c));
        }
        return "UPDATE " + t.qualified() + " SET " + String.join(", ", sets) + " WHERE "
                + slice(t, 13, values.random());
    }

    /** About one row in {@code modulus}, chosen by a hash of the key (or of the first columns) of each row. */
    static String slice(TableShape t, int modulus, Random random) {
        List<String> keys = t.primaryKey().isEmpty()
                ? t.columns().stream().limit(2).map(ColumnShape::name).toList()
                : t.primaryKey();
        String concat = keys.stream().map(DatabaseState::quote).collect(Collectors.joining(", "));
        return "CRC32(CONCAT_WS('|', " + concat + ")) % " + modulus + " = " + random.nextInt(modulus);
    }

    private static String names(List<ColumnShape> cols) {
        return cols.stream().map(c -> DatabaseState.quote(c.name())).collect(Collectors.joining(", "));
    }
}
