package io.binlogpitr.common.journal;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the journal forces committed transactions to disk. A transaction counts as journaled only once synced,
 * so the policy is the agent's recovery point objective for a power loss or kernel crash (a killed process
 * loses nothing that was committed: the page cache survives it).
 */
public sealed interface SyncPolicy permits SyncPolicy.EveryTransaction, SyncPolicy.Interval {

    /** Sync inside every commit: nothing committed is ever lost; costs one fsync per transaction. */
    SyncPolicy EVERY_TRANSACTION = new EveryTransaction();

    Duration DEFAULT_INTERVAL = Duration.ofMillis(200);
    Duration MIN_INTERVAL = Duration.ofMillis(1);
    Duration MAX_INTERVAL = Duration.ofMinutes(1);

    /** Group commit: a background thread syncs every {@code period}, also when no more transactions arrive. */
    static SyncPolicy interval(Duration period) {
        return new Interval(period);
    }

    /** The default: group commit every 200 ms. */
    static SyncPolicy defaults() {
        return interval(DEFAULT_INTERVAL);
    }

    /** Parses {@code every-transaction} or a duration such as {@code 200ms}, {@code 1s}, {@code 2m}. */
    static SyncPolicy parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("every-transaction")) {
            return EVERY_TRANSACTION;
        }
        Matcher m = Pattern.compile("(\\d{1,9})\\s*(ms|s|m)").matcher(t);
        if (!m.matches()) {
            throw invalid(text, "expected every-transaction or a duration such as 200ms, 1s or 2m");
        }
        long n = Long.parseLong(m.group(1));
        Duration d =
                switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    default -> Duration.ofMinutes(n);
                };
        return interval(d);
    }

    private static PitrException invalid(String text, String expected) {
        return new PitrException(
                ErrorCode.CONFIG_INVALID,
                "journal sync policy '" + text + "' is not valid: " + expected,
                "use 'every-transaction' for no loss on power failure, or an interval like '200ms' (the default)");
    }

    /** Sync inside every commit. */
    record EveryTransaction() implements SyncPolicy {
        @Override
        public String toString() {
            return "every-transaction";
        }
    }

    /** Group commit every {@code period}. */
    record Interval(Duration period) implements SyncPolicy {
        public Interval {
            if (period == null || period.compareTo(MIN_INTERVAL) < 0 || period.compareTo(MAX_INTERVAL) > 0) {
                throw invalid(
                        String.valueOf(period == null ? null : period.toMillis() + "ms"),
                        "the interval must be between 1ms and 1m");
            }
        }

        @Override
        public String toString() {
            return period.toMillis() + "ms";
        }
    }
}
