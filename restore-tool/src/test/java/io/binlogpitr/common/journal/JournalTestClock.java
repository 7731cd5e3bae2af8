package io.binlogpitr.common.journal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import net.openhft.chronicle.core.time.TimeProvider;

/**
 * The clock of journal writers opened in this JVM (an agent run in-process by a test): the wall clock moved by an
 * offset the test sets, so the test decides which hourly cycle file each transaction lands in. Only moved forward,
 * and kept in the past, so readers on the wall clock see ordinary older cycle files.
 */
public final class JournalTestClock implements TimeProvider, AutoCloseable {
    private final AtomicLong offsetMillis;

    private JournalTestClock(Duration offset) {
        this.offsetMillis = new AtomicLong(offset.toMillis());
    }

    /** Installs a clock {@code offset} from the wall clock (negative: in the past) until {@link #close()}. */
    public static JournalTestClock install(Duration offset) {
        JournalTestClock c = new JournalTestClock(offset);
        JournalWriter.testClock = c;
        return c;
    }

    /** Moves the clock forward by {@code by}: the next append goes to that later cycle file. */
    public void advance(Duration by) {
        offsetMillis.addAndGet(by.toMillis());
    }

    /** The name of the cycle file this clock appends to now. */
    public String currentCycleFile() {
        return JournalRetention.fileName((int) (currentTimeMillis() / 3_600_000L));
    }

    @Override
    public long currentTimeMillis() {
        return System.currentTimeMillis() + offsetMillis.get();
    }

    @Override
    public void close() {
        JournalWriter.testClock = null;
    }
}
