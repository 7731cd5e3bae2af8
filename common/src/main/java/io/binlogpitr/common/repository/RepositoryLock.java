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
        FileChannel channel = null;
        try {
            channel = FileChannel.open(
                    layout.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = Files.readString(layout.lockFile(), StandardCharsets.UTF_8)
                        .trim();
                channel.close();
                throw new PitrException(
                        ErrorCode.REPOSITORY_LOCKED,
                        "repository " + layout.root() + " is in use by another process ("
                                + (holder.isEmpty() ? "unknown" : holder) + ")",
                        "stop the other agent first, or give this one its own 'repository:'");
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
