package io.binlogpitr.bench;

import java.util.List;

/**
 * What the write probe saw during one dump: the longest time one probe write took (while a global read lock is
 * held, a write waits for it: this is the time writes were blocked, plus one ordinary write), and how many writes
 * ran in the window.
 *
 * @param maxMillis the longest probe write that overlapped the window, in milliseconds; 0 if none did
 * @param writes probe writes that overlapped the window
 */
record WriteStall(double maxMillis, int writes) {

    /**
     * The stall over the writes that overlapped {@code [from, to)}: those that started before {@code to} and ended
     * after {@code from}, each given as {@code {startNanos, endNanos}}.
     */
    static WriteStall of(List<long[]> writes, long from, long to) {
        long max = 0;
        int count = 0;
        for (long[] w : writes) {
            if (w[0] < to && w[1] > from) {
                max = Math.max(max, w[1] - w[0]);
                count++;
            }
        }
        return new WriteStall(max / 1e6, count);
    }
}
