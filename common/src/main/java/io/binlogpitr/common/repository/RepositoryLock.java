package io.binlogpitr.common.repository;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS file lock on the repository, held for the life of the agent. The kernel drops it when the
 * process dies (even by kill -9), so a stale lock file never blocks a restart; the file holds the holder's pid
 * and purpose only so the refusal message can name them.
 */
public final class RepositoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RepositoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or refuses with the holder named; {@code purpose} is e.g. "pitr-agent run". */
    public static RepositoryLock acquire(RepositoryLayout layout, String purpose) {
        return acquire(
                layout,
                layout.lockFile(),
                purpose,
                holder -> new PitrException(
                        ErrorCode.REPOSITORY_LOCKED,
                        "repository " + layout.root() + " is in use by another process (" + holder + ")",
                        "stop the other agent first, or give this one its own 'repository:'"));
    }

    /** Takes the repository lock if no other process holds it; empty if one does. */
    public static java.util.Optional<RepositoryLock> tryAcquire(RepositoryLayout layout, String purpose) {
        try {
            return java.util.Optional.of(acquire(layout, purpose));
        } catch (PitrException e) {
            if (e.code() == ErrorCode.REPOSITORY_LOCKED) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The snapshot lock: held while a snapshot is taken, so two never run at once, whether both come from one
     * daemon's schedule or one from {@code pitr-agent snapshot} beside a running daemon.
     */
    public static RepositoryLock acquireSnapshot(RepositoryLayout layout, String purpose) {
        return acquire(
                layout,
                layout.snapshotLockFile(),
                purpose,
                holder -> new PitrException(
                        ErrorCode.SNAPSHOT_RUNNING,
                        "a snapshot of repository " + layout.root() + " is already being taken (" + holder + ")",
                        "wait for it to finish ('pitr-agent status' shows it), then try again"));
    }

    private static RepositoryLock acquire(
            RepositoryLayout layout,
            java.nio.file.Path file,
            String purpose,
            java.util.function.Function<String, PitrException> refusal) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException heldByThisProcess) {
                lock = null;
            }
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
                channel.close();
                throw refusal.apply(holder.isEmpty() ? "unknown" : holder);
            }
            channel.truncate(0);
            String me = "pid " + ProcessHandle.current().pid() + ", " + purpose;
            channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            return new RepositoryLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel, e);
            throw new PitrException(
                    ErrorCode.IO,
                    "cannot lock repository " + layout.root() + ": " + e.getMessage(),
                    "check that the repository directory is writable",
                    e);
        }
    }

    private static void closeQuietly(FileChannel channel, IOException primary) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException suppressed) {
            primary.addSuppressed(suppressed);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
