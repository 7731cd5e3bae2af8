package io.binlogpitr.common.journal;

/**
 * For tests of other packages and modules: a {@link RetentionCrashPoint} that simulates a crash of journal retention
 * at one step, once armed with {@link #crashAt}. Pass it where the code under test takes a crash point (e.g. the
 * agent daemon's constructor).
 */
public final class RetentionCrashes implements RetentionCrashPoint {
    private volatile Integer armed;

    /**
     * The next retention throws "simulated crash" at {@code step}: -1 after the step before pruning (the derived
     * schema baseline written) and before the marker, 0 after the marker, n after n files deleted.
     */
    public void crashAt(int step) {
        armed = step;
    }

    public void clear() {
        armed = null;
    }

    @Override
    public void reached(int step) {
        Integer at = armed;
        if (at != null && at == step) {
            armed = null;
            throw new IllegalStateException("simulated crash");
        }
    }
}
