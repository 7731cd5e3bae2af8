package io.binlogpitr.agent.http;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Events and bytes per second over about the last minute, from samples of two growing counters taken every few
 * seconds. Pure: the caller supplies the clock and the counts.
 */
final class RateWindow {
    private record Sample(long nanos, long events, long bytes) {}

    private final long windowNanos;
    private final Deque<Sample> samples = new ArrayDeque<>();

    RateWindow(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    synchronized void sample(long nanos, long events, long bytes) {
        samples.addLast(new Sample(nanos, events, bytes));
        // keep one sample at or before the window's start, so the rate always spans the whole window
        while (samples.size() > 2) {
            Sample second = samples.stream().skip(1).findFirst().orElseThrow();
            if (nanos - second.nanos() < windowNanos) {
                break;
            }
            samples.removeFirst();
        }
    }

    /** {events/s, bytes/s} between the oldest kept sample and the newest; zeros with fewer than two samples. */
    synchronized double[] perSecond() {
        if (samples.size() < 2) {
            return new double[] {0, 0};
        }
        Sample first = samples.getFirst();
        Sample last = samples.getLast();
        double secs = (last.nanos() - first.nanos()) / 1e9;
        if (secs <= 0) {
            return new double[] {0, 0};
        }
        return new double[] {(last.events() - first.events()) / secs, (last.bytes() - first.bytes()) / secs};
    }
}
