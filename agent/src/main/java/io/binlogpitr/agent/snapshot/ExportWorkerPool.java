package io.binlogpitr.agent.snapshot;

import io.binlogpitr.common.snapshot.ChunkInfo;
import io.binlogpitr.common.snapshot.TableChunkExporter;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The export threads of one snapshot, one per worker connection (each inside its consistent-snapshot transaction,
 * so every chunk it writes shows the same point): they take chunks from one queue, heaviest first, into the staging
 * directory. The first failure aborts every connection of the snapshot, so the other workers stop at once; progress
 * is logged every {@link #PROGRESS_INTERVAL}. It keeps what each exported chunk holds, for the manifest.
 */
final class ExportWorkerPool {
    private static final Logger LOG = LoggerFactory.getLogger(ExportWorkerPool.class);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);

    private final String id;
    private final List<Connection> workers;
    private final Path staging;
    private final TableChunkExporter exporter;
    private final SnapshotConnections connections;
    private final Map<ExportTask, ChunkInfo> done = new ConcurrentHashMap<>();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    ExportWorkerPool(
            String id,
            List<Connection> workers,
            Path staging,
            TableChunkExporter exporter,
            SnapshotConnections connections) {
        this.id = id;
        this.workers = List.copyOf(workers);
        this.staging = staging;
        this.exporter = exporter;
        this.connections = connections;
    }

    /** A worker's failure, with the chunk it was exporting. */
    static final class ExportFailure extends RuntimeException {
        private final transient ExportTask task;
        private final int worker;

        ExportFailure(ExportTask task, int worker, Exception cause) {
            super(cause);
            this.task = task;
            this.worker = worker;
        }

        ExportTask task() {
            return task;
        }

        int worker() {
            return worker;
        }
    }

    /** The chunks exported so far, by every call of {@link #export}. */
    Map<ExportTask, ChunkInfo> done() {
        return Collections.unmodifiableMap(done);
    }

    /**
     * Exports the chunks on all workers and returns when every one is written; throws the first worker's failure
     * ({@link ExportFailure} for a chunk's), or {@link IllegalStateException} when the snapshot was cancelled.
     */
    void export(List<ExportTask> tasks) throws InterruptedException {
        ConcurrentLinkedQueue<ExportTask> queue = new ConcurrentLinkedQueue<>(tasks.stream()
                .sorted(Comparator.comparingLong(ExportTask::weight).reversed())
                .toList());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            int worker = i + 1;
            Connection connection = workers.get(i);
            Thread t = new Thread(() -> work(worker, connection, queue), "pitr-snapshot-" + worker);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        long lastLog = System.nanoTime();
        for (Thread t : threads) {
            while (t.isAlive()) {
                t.join(500);
                if (System.nanoTime() - lastLog > PROGRESS_INTERVAL.toNanos()) {
                    lastLog = System.nanoTime();
                    LOG.info(
                            "snapshot {}: {} of {} chunks, {} rows, {} MiB written",
                            id,
                            done.size(),
                            tasks.size(),
                            rows.get(),
                            bytes.get() >> 20);
                }
            }
        }
        Throwable failure = firstFailure.get();
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (connections.cancelled()) {
            throw new IllegalStateException("cancelled");
        }
    }

    private void work(int worker, Connection connection, ConcurrentLinkedQueue<ExportTask> queue) {
        ExportTask task;
        while (firstFailure.get() == null && !connections.cancelled() && (task = queue.poll()) != null) {
            try {
                ChunkInfo info =
                        exporter.export(connection, task.table().spec(), task.range(), staging.resolve(task.file()));
                done.put(task, info);
                rows.addAndGet(info.rows());
                bytes.addAndGet(info.bytes());
            } catch (Exception | Error e) {
                Throwable failure = e instanceof Exception ex ? new ExportFailure(task, worker, ex) : e;
                if (firstFailure.compareAndSet(null, failure)) {
                    connections.abortAll(); // the other workers stop at once instead of finishing their chunks
                }
                return;
            }
        }
    }
}
