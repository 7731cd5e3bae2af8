package io.binlogpitr.common.repository;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps taking a {@link ReaderLease} and a retention pass apart: {@code leases/.lock}, an OS file lock (between
 * processes) inside a lock per repository (between threads of one JVM, where a file lock cannot be taken twice).
 * Retention holds it for its whole pass; a reader only while it writes its lease.
 */
public final class LeaseLock {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private LeaseLock() {}

    /** A held lease lock; closing releases it. */
    public static final class Held implements AutoCloseable {
        private final ReentrantLock local;
        private final FileChannel channel;
        private final FileLock lock;

        private Held(ReentrantLock local, FileChannel channel, FileLock lock) {
            this.local = local;
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
                channel.close();
            } finally {
                local.unlock();
            }
        }
    }

    /** Waits for the lock and takes it. */
    public static Held hold(RepositoryLayout layout) throws IOException {
        Path dir = layout.root().resolve(ReaderLease.DIR);
        ReentrantLock local = IN_PROCESS.computeIfAbsent(layout.root(), k -> new ReentrantLock());
        local.lock();
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new Held(local, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            local.unlock();
            throw e;
        }
    }
}
