package io.binlogpitr.common.journal;

/** For tests of other packages and modules: simulates a crash of journal retention at one step. */
public final class RetentionCrashes {
    private RetentionCrashes() {}

    /**
     * The next retention throws "simulated crash" at {@code step}: -1 after the step before pruning (the derived
     * schema baseline written) and before the marker, 0 after the marker, n after n files deleted.
     */
    public static void crashAt(int step) {
        JournalRetention.crashHook = n -> {
            if (n == step) {
                JournalRetention.crashHook = k -> {};
                throw new IllegalStateException("simulated crash");
            }
        };
    }

    public static void clear() {
        JournalRetention.crashHook = n -> {};
    }
}
