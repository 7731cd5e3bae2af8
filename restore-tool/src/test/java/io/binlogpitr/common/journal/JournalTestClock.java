package io.binlogpitr.common.journal;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock for the journal writer of an agent run in-process by a test (pass it to the daemon's constructor): the
 * wall clock moved by an offset the test sets, so the test decides which hourly cycle file each transaction lands
 * in. Only moved forward, and kept in the past, so readers on the wall clock see ordinary older cycle files.
 */
public final class JournalTestClock implements InstantSource {
    private final AtomicLong offsetMillis;

    private JournalTestClock(Duration offset) {
        this.offsetMillis = new AtomicLong(offset.toMillis());
    }

    /** A clock {@code offset} from the wall clock (negative: in the past). */
    public static JournalTestClock offsetBy(Duration offset) {
        return new JournalTestClock(offset);
    }

    /** Moves the clock forward by {@code by}: the next append goes to that later cycle file. */
    public void advance(Duration by) {
        offsetMillis.addAndGet(by.toMillis());
    }

    /** The name of the cycle file this clock appends to now. */
    public String currentCycleFile() {
        return JournalRetention.fileName((int) (millis() / 3_600_000L));
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + offsetMillis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
