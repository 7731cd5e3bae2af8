package io.binlogpitr.restore.engine;

import java.time.Duration;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a long phase's progress: a progress bar with rate and ETA on a terminal, a plain log line every 10 s
 * otherwise (a log file, a pipe, a systemd journal).
 */
public abstract class ProgressReporter {
    /** A new phase of {@code total} units (rows, transactions); 0 if unknown. */
    public abstract void phase(String name, long total);

    /** Sets how many units are done and what the last one was. */
    public abstract void progress(long done, String detail);

    /** The phase is over. */
    public abstract void done();

    /** A bar on the console when there is one, log lines otherwise. */
    public static ProgressReporter forConsole() {
        return System.console() != null ? new Bar() : new LogLines(Duration.ofSeconds(10));
    }

    static final class Bar extends ProgressReporter {
        private ProgressBar bar;

        @Override
        public void phase(String name, long total) {
            done();
            bar = new ProgressBarBuilder()
                    .setTaskName(name)
                    .setInitialMax(total > 0 ? total : -1)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500)
                    .showSpeed()
                    .build();
        }

        @Override
        public void progress(long done, String detail) {
            if (bar != null) {
                bar.stepTo(done);
                bar.setExtraMessage(detail);
            }
        }

        @Override
        public void done() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    static final class LogLines extends ProgressReporter {
        private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);
        private final long intervalNanos;
        private final LongSupplier nanoTime;
        private String name;
        private long total;
        private long started;
        private long lastLog;

        LogLines(Duration interval) {
            this(interval, System::nanoTime);
        }

        /** @param nanoTime the clock, {@link System#nanoTime} but in tests */
        LogLines(Duration interval, LongSupplier nanoTime) {
            this.intervalNanos = interval.toNanos();
            this.nanoTime = nanoTime;
        }

        @Override
        public void phase(String name, long total) {
            this.name = name;
            this.total = total;
            this.started = nanoTime.getAsLong();
            this.lastLog = started;
            LOG.info("{}: starting{}", name, total > 0 ? " (" + total + " to do)" : "");
        }

        @Override
        public void progress(long done, String detail) {
            long now = nanoTime.getAsLong();
            if (now - lastLog < intervalNanos) {
                return;
            }
            lastLog = now;
            double seconds = (now - started) / 1e9;
            double rate = done / Math.max(seconds, 1e-9);
            String eta = total > 0 && rate > 0 ? ", ETA " + Math.round((total - done) / rate) + " s" : "";
            LOG.info(
                    "{}: {}{} done, {}/s{}; {}",
                    name,
                    done,
                    total > 0 ? " of " + total : "",
                    Math.round(rate),
                    eta,
                    detail);
        }

        @Override
        public void done() {
            if (name != null) {
                LOG.info("{}: done in {} s", name, String.format("%.1f", (nanoTime.getAsLong() - started) / 1e9));
                name = null;
            }
        }
    }
}
