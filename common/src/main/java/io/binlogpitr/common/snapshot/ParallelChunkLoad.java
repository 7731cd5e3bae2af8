package io.binlogpitr.common.snapshot;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.sql.SqlLiteral;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads chunk files on N threads, each with its own connection, largest chunk first. The first failure stops
 * every thread: the others take no new chunk, and their connections are aborted so a statement in flight ends
 * at once. That first failure is what {@link #run} throws, naming the chunk and its table.
 */
final class ParallelChunkLoad {
    private static final Logger LOG = LoggerFactory.getLogger(ParallelChunkLoad.class);

    /** One chunk to load into {@code targetSchema}.{@code table}. */
    record Task(String targetSchema, String table, SnapshotManifest.Chunk chunk, Path file) {
        String where() {
            return "chunk " + chunk.file() + " into " + SqlLiteral.identifier(targetSchema) + "."
                    + SqlLiteral.identifier(table);
        }
    }

    private final SnapshotLoader.ConnectionFactory connections;
    private final LoadSettings settings;
    private final int threads;
    private final ChunkLedger ledger;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<PitrException> failure = new AtomicReference<>();
    private final List<Connection> open = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> rowsByTable = new ConcurrentHashMap<>();
    private final Map<LoadMethod, AtomicInteger> chunksByMethod = new ConcurrentHashMap<>();

    ParallelChunkLoad(
            SnapshotLoader.ConnectionFactory connections, LoadSettings settings, int threads, ChunkLedger ledger) {
        this.connections = connections;
        this.settings = settings;
        this.threads = threads;
        this.ledger = ledger;
    }

    /** The key {@link #run} counts rows under. */
    static String tableKey(String targetSchema, String table) {
        return SqlLiteral.identifier(targetSchema) + "." + SqlLiteral.identifier(table);
    }

    /** Loads every task; returns the rows loaded per {@link #tableKey}. */
    Map<String, AtomicLong> run(List<Task> tasks) {
        List<Task> ordered = new ArrayList<>(tasks);
        ordered.sort(Comparator.comparingLong((Task t) -> t.chunk().uncompressedBytes())
                .reversed());
        Queue<Task> queue = new ConcurrentLinkedQueue<>(ordered);
        int n = Math.max(1, Math.min(threads, ordered.size()));
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "snapshot-load");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                workers.add(pool.submit(() -> work(queue)));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(
                    null,
                    new PitrException(
                            ErrorCode.SNAPSHOT_LOAD_FAILED,
                            "the snapshot load was interrupted",
                            SnapshotLoader.PARTLY_LOADED_HINT,
                            e));
        } catch (ExecutionException e) {
            fail(null, new PitrException(ErrorCode.INTERNAL, "a load thread failed: " + e.getCause(), null, e));
        } finally {
            pool.shutdownNow();
        }
        PitrException first = failure.get();
        if (first != null) {
            throw first;
        }
        return rowsByTable;
    }

    /** How many chunks each method loaded (after {@link #run}). */
    Map<LoadMethod, Integer> chunksByMethod() {
        Map<LoadMethod, Integer> counts = new java.util.EnumMap<>(LoadMethod.class);
        chunksByMethod.forEach((method, n) -> counts.put(method, n.get()));
        return counts;
    }

    private void work(Queue<Task> queue) {
        Connection connection;
        try {
            connection = connections.open();
        } catch (SQLException | RuntimeException e) {
            fail(
                    null,
                    new PitrException(
                            ErrorCode.SNAPSHOT_LOAD_FAILED,
                            "cannot open a connection to the load target: " + PitrException.firstLine(e.getMessage())
                                    + mysqlCode(e),
                            "check the target's address, user and max_connections (the load uses one per thread)",
                            e));
            return;
        }
        open.add(connection);
        try (connection) {
            ChunkLoader loader = new ChunkLoader(settings);
            Task task;
            while (!stop.get() && (task = queue.poll()) != null) {
                load(loader, connection, task);
            }
        } catch (SQLException e) {
            LOG.debug("closing a load connection failed", e);
        } finally {
            open.remove(connection);
        }
    }

    private void load(ChunkLoader loader, Connection connection, Task task) {
        try {
            long started = System.nanoTime();
            ChunkLoader.Loaded loaded = loader.loadChunk(
                    connection,
                    task.file(),
                    task.chunk().crc32cValue(),
                    task.targetSchema(),
                    c -> ledger.record(c, task.chunk().file()));
            long rows = loaded.rows();
            if (rows != task.chunk().rows()) {
                throw new PitrException(
                        ErrorCode.SNAPSHOT_CORRUPT,
                        task.where() + ": loaded " + rows + " rows, the manifest records "
                                + task.chunk().rows(),
                        "the manifest does not describe this file; take a new snapshot, and drop the target"
                                + " databases before loading again");
            }
            rowsByTable
                    .computeIfAbsent(tableKey(task.targetSchema(), task.table()), k -> new AtomicLong())
                    .addAndGet(rows);
            chunksByMethod
                    .computeIfAbsent(loaded.method(), k -> new AtomicInteger())
                    .incrementAndGet();
            LOG.debug(
                    "{}: {} rows by {} in {} ms",
                    task.where(),
                    rows,
                    loaded.method(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (PitrException e) {
            fail(task, new PitrException(e.code(), task.where() + ": " + e.getMessage(), e.hint(), e));
        } catch (SQLException e) {
            fail(
                    task,
                    new PitrException(
                            ErrorCode.SNAPSHOT_LOAD_FAILED,
                            "loading " + task.where() + " failed: " + PitrException.firstLine(e.getMessage())
                                    + mysqlCode(e),
                            SnapshotLoader.PARTLY_LOADED_HINT,
                            e));
        } catch (java.nio.file.NoSuchFileException e) {
            // listed when the load began: the snapshot was deleted under the load
            fail(
                    task,
                    new PitrException(
                            ErrorCode.IO,
                            "reading " + task.where() + " failed: " + e.getFile() + " was deleted while the snapshot"
                                    + " was being loaded (by retention, if this reader's lease was lost, or by hand);"
                                    + " the load is not complete",
                            "the target databases are partly loaded: drop them, then see what can still be restored"
                                    + " with 'pitr-restore list --repo ...'",
                            e));
        } catch (IOException | RuntimeException e) {
            fail(
                    task,
                    new PitrException(
                            ErrorCode.IO,
                            "reading " + task.where() + " failed: " + e,
                            "check the snapshot directory (pitr-restore verify) and the disk",
                            e));
        }
    }

    /** Records the first failure and stops the others; later ones are its consequences (aborted connections). */
    private void fail(Task task, PitrException e) {
        if (failure.compareAndSet(null, e)) {
            stop.set(true);
            for (Connection other : open) {
                abort(other);
            }
        } else {
            LOG.debug(
                    "after the first failure, {} failed too: {}",
                    task == null ? "the load" : task.where(),
                    e.getMessage());
        }
    }

    private static void abort(Connection connection) {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("aborting a load connection failed", e);
        }
    }

    static String mysqlCode(Throwable e) {
        return e instanceof SQLException s
                ? " (MySQL error " + s.getErrorCode() + ", SQLSTATE " + s.getSQLState() + ")"
                : "";
    }
}
