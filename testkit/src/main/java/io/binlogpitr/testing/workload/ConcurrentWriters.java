package io.binlogpitr.testing.workload;

import io.binlogpitr.testing.workload.AllTypesSchema.Table;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N threads doing random INSERT/UPDATE/DELETE transactions over the all-types tables, either a fixed
 * number of committed transactions or for a duration. Deadlocks and lock-wait timeouts are retried (and
 * counted); any other error stops every writer and is rethrown by {@link #run()}, the other failures
 * attached as suppressed.
 */
public final class ConcurrentWriters {

    /** Opens a connection to the database under test; each writer thread opens its own. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    /**
     * What to run. Exactly one of {@code transactions} (total over all threads, &gt; 0) and {@code
     * duration} is set. {@code sessionSql} runs on each writer connection first (e.g. {@code SET SESSION
     * binlog_transaction_compression=ON}).
     */
    public record Settings(
            int threads, List<Table> tables, long seed, long transactions, Duration duration, List<String> sessionSql) {

        public Settings {
            Objects.requireNonNull(tables, "tables");
            Objects.requireNonNull(sessionSql, "sessionSql");
            if (threads < 1) {
                throw new IllegalArgumentException("threads cannot be less than 1: " + threads);
            }
            if (tables.isEmpty()) {
                throw new IllegalArgumentException("tables cannot be empty");
            }
            if ((transactions > 0) == (duration != null)) {
                throw new IllegalArgumentException(
                        "set exactly one of transactions (" + transactions + ") and duration (" + duration + ")");
            }
            tables = List.copyOf(tables);
            sessionSql = List.copyOf(sessionSql);
        }

        public static Settings byCount(int threads, long transactions, long seed) {
            return new Settings(threads, AllTypesSchema.tables(), seed, transactions, null, List.of());
        }

        public static Settings forDuration(int threads, Duration duration, long seed) {
            return new Settings(threads, AllTypesSchema.tables(), seed, 0, duration, List.of());
        }

        public Settings withTables(List<Table> newTables) {
            return new Settings(threads, newTables, seed, transactions, duration, sessionSql);
        }

        public Settings withSessionSql(String... sql) {
            return new Settings(threads, tables, seed, transactions, duration, List.of(sql));
        }
    }

    /** What was done: committed transactions and statements, deadlock retries, wall time. */
    public record Result(
            long committedTransactions, long statements, long rowsAffected, long retries, Duration elapsed) {}

    private final ConnectionSource connections;
    private final Settings settings;

    public ConcurrentWriters(ConnectionSource connections, Settings settings) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Runs the writers to completion; throws the first failure of any writer. */
    public Result run() throws Exception {
        long start = System.nanoTime();
        Long deadline =
                settings.duration() == null ? null : start + settings.duration().toNanos();
        Shared shared =
                new Shared(new AtomicLong(settings.transactions()), deadline, new AtomicBoolean(), new AtomicLong());
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "workload-writer");
            t.setDaemon(true);
            return t;
        });
        List<Future<WriterThread.Counts>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < settings.threads(); i++) {
                futures.add(
                        pool.submit(new WriterThread(connections, settings, shared, settings.seed() * 1_000_003L + i)));
            }
            return collect(futures, start);
        } finally {
            shared.stop().set(true);
            pool.shutdownNow();
        }
    }

    private static Result collect(List<Future<WriterThread.Counts>> futures, long start) throws Exception {
        Exception failure = null;
        long tx = 0, statements = 0, rows = 0, retries = 0;
        for (Future<WriterThread.Counts> f : futures) {
            try {
                WriterThread.Counts c = f.get();
                tx += c.transactions();
                statements += c.statements();
                rows += c.rows();
                retries += c.retries();
            } catch (ExecutionException e) {
                Exception cause = e.getCause() instanceof Exception ex ? ex : e;
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return new Result(tx, statements, rows, retries, Duration.ofNanos(System.nanoTime() - start));
    }

    /** State shared by the writer threads. */
    record Shared(AtomicLong remaining, Long deadlineNanos, AtomicBoolean stop, AtomicLong autoIds) {

        /** Claims the right to run one more transaction. */
        boolean claim() {
            if (stop.get()) {
                return false;
            }
            if (deadlineNanos != null) {
                return System.nanoTime() < deadlineNanos;
            }
            return remaining.getAndDecrement() > 0;
        }
    }
}
