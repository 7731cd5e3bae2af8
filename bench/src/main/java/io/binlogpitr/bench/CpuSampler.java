package io.binlogpitr.bench;

import java.time.Duration;

/**
 * The CPU time of a process (all its threads, user and system: {@link ProcessHandle.Info#totalCpuDuration}, which
 * Linux reads from {@code /proc/PID/stat}). {@link #seconds} reads it once; a started sampler polls it every 100 ms
 * until closed, for a process whose figure is gone once it has exited (the last sample is up to 100 ms early).
 */
final class CpuSampler implements AutoCloseable {
    private final long pid;
    private final Thread thread;
    private volatile double last;

    private CpuSampler(long pid) {
        this.pid = pid;
        this.thread = new Thread(this::poll, "cpu-sampler-" + pid);
        this.thread.setDaemon(true);
    }

    /** Starts polling the CPU time of {@code pid}. */
    static CpuSampler start(long pid) {
        CpuSampler s = new CpuSampler(pid);
        s.last = Math.max(0, seconds(pid));
        s.thread.start();
        return s;
    }

    /** The CPU seconds of {@code pid} so far; NaN if the process is gone or the system does not tell. */
    static double seconds(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(h -> h.info().totalCpuDuration())
                .map(d -> d.toNanos() / 1e9)
                .orElse(Double.NaN);
    }

    /** The last CPU time seen. */
    double last() {
        return last;
    }

    private void poll() {
        while (!Thread.currentThread().isInterrupted()) {
            double s = seconds(pid);
            if (Double.isNaN(s)) {
                return;
            }
            last = s;
            try {
                Thread.sleep(Duration.ofMillis(100).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops polling. */
    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(1000);
    }
}
