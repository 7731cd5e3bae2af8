package io.binlogpitr.common.journal;

import net.openhft.chronicle.core.io.BackgroundResourceReleaser;

/**
 * Starts what Chronicle starts on first use, before a process can be asked to stop. Chronicle's
 * {@code BackgroundResourceReleaser} registers a JVM shutdown hook in its static initializer; when the first
 * journal is opened after a SIGTERM began the shutdown, that registration throws "Shutdown in progress", the class
 * is left uninitialized and its releaser thread dies with {@code NoClassDefFoundError} on the console. Called
 * first by a command that opens the journal, before it installs its own shutdown hook.
 */
public final class JournalRuntime {
    private JournalRuntime() {}

    /**
     * Initializes Chronicle's shutdown machinery now; false (and Chronicle left untouched) when the JVM is already
     * shutting down, in which case the caller should end without opening a journal.
     */
    public static boolean start() {
        if (shuttingDown()) {
            return false;
        }
        ChronicleQueues.quiet();
        BackgroundResourceReleaser.releasePendingResources();
        return true;
    }

    /** True once the JVM has begun to run its shutdown hooks: a hook can then no longer be added. */
    static boolean shuttingDown() {
        Thread probe = new Thread(() -> {}, "pitr-shutdown-probe");
        try {
            Runtime.getRuntime().addShutdownHook(probe);
        } catch (IllegalStateException e) {
            return true;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(probe);
        } catch (IllegalStateException e) {
            return true;
        }
        return false;
    }
}
