package io.binlogpitr.common.journal;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.util.Objects;

/**
 * How a {@link JournalWriter} works.
 *
 * @param sync when committed transactions are forced to disk
 * @param fragmentBytes the most a transaction's events are buffered in memory; a larger transaction is written
 *     as several FRAGMENT records closed by a COMMIT (default 4 MiB, between 1 KiB and 8 MiB)
 * @param listener told after each sync which transactions became durable
 */
public record JournalSettings(SyncPolicy sync, int fragmentBytes, DurabilityListener listener) {

    public static final int DEFAULT_FRAGMENT_BYTES = 4 << 20;
    public static final int MIN_FRAGMENT_BYTES = 1 << 10;
    /** Chronicle refuses an excerpt above a quarter of its block size (64 MiB here, see ChronicleQueues). */
    public static final int MAX_FRAGMENT_BYTES = 8 << 20;

    public JournalSettings {
        Objects.requireNonNull(sync, "sync");
        listener = listener == null ? DurabilityListener.NONE : listener;
        if (fragmentBytes < MIN_FRAGMENT_BYTES || fragmentBytes > MAX_FRAGMENT_BYTES) {
            throw new PitrException(
                    ErrorCode.CONFIG_INVALID,
                    "journal fragment size " + fragmentBytes + " bytes is out of range: expected between "
                            + MIN_FRAGMENT_BYTES + " and " + MAX_FRAGMENT_BYTES,
                    "leave it at the default of " + DEFAULT_FRAGMENT_BYTES + " bytes (4 MiB)");
        }
    }

    public static JournalSettings defaults() {
        return new JournalSettings(SyncPolicy.defaults(), DEFAULT_FRAGMENT_BYTES, DurabilityListener.NONE);
    }

    public JournalSettings withSync(SyncPolicy policy) {
        return new JournalSettings(policy, fragmentBytes, listener);
    }

    public JournalSettings withFragmentBytes(int bytes) {
        return new JournalSettings(sync, bytes, listener);
    }

    public JournalSettings withListener(DurabilityListener l) {
        return new JournalSettings(sync, fragmentBytes, l);
    }
}
