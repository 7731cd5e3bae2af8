package io.binlogpitr.common.error;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How often each {@link ErrorCode} occurred in a long-running process without ending it (a retried connection, a
 * failed scheduled snapshot). Thread-safe; counts only grow.
 */
public final class ErrorCounts {
    private final AtomicLongArray counts = new AtomicLongArray(ErrorCode.values().length);

    public void add(ErrorCode code) {
        counts.incrementAndGet(code.ordinal());
    }

    public long get(ErrorCode code) {
        return counts.get(code.ordinal());
    }

    /** The codes seen at least once, in declaration order, with their counts. */
    public Map<ErrorCode, Long> nonZero() {
        Map<ErrorCode, Long> seen = new EnumMap<>(ErrorCode.class);
        for (ErrorCode code : ErrorCode.values()) {
            long n = counts.get(code.ordinal());
            if (n > 0) {
                seen.put(code, n);
            }
        }
        return seen;
    }
}
