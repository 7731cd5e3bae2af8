package io.binlogpitr.bench;

import java.sql.SQLException;
import java.time.Duration;

/** The two write probes, a {@link WriteProbe.Kind#LOCK lock} probe and a {@link WriteProbe.Kind#COMMIT commit} probe, run together. */
final class WriteProbes implements AutoCloseable {
    /** What both probes saw in one window. */
    record Stalls(WriteStall lock, WriteStall commit) {}

    private final WriteProbe lock;
    private final WriteProbe commit;

    private WriteProbes(WriteProbe lock, WriteProbe commit) {
        this.lock = lock;
        this.commit = commit;
    }

    /** Starts both probes, each on a root connection of its own. */
    static WriteProbes start(BenchSource source) throws SQLException {
        WriteProbe lock = WriteProbe.start(source.connect(), WriteProbe.Kind.LOCK);
        try {
            return new WriteProbes(lock, WriteProbe.start(source.connect(), WriteProbe.Kind.COMMIT));
        } catch (SQLException | RuntimeException e) {
            try {
                lock.close();
            } catch (InterruptedException closing) {
                Thread.currentThread().interrupt();
                e.addSuppressed(closing);
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    void begin() {
        lock.begin();
        commit.begin();
    }

    /** Closes both windows; see {@link WriteProbe#end}. */
    Stalls end(Duration timeout) throws InterruptedException {
        return new Stalls(lock.end(timeout), commit.end(timeout));
    }

    @Override
    public void close() throws InterruptedException, SQLException {
        try {
            lock.close();
        } finally {
            commit.close();
        }
    }
}
