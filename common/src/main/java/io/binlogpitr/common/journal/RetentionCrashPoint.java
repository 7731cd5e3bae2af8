package io.binlogpitr.common.journal;

/**
 * The steps of journal retention at which a crash leaves the journal in a distinct state, reported as they pass:
 * -1 after {@code beforePrune} ran and before the retention marker is written, 0 once the marker is written, then n
 * after n cycle files are deleted. Production passes {@link #NONE}; a test passes one that throws at a step, to
 * show that a crash there leaves readers, writers and the next retention run unharmed.
 */
@FunctionalInterface
public interface RetentionCrashPoint {
    RetentionCrashPoint NONE = step -> {};

    void reached(int step);
}
