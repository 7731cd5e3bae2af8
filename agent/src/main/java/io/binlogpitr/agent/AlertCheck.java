package io.binlogpitr.agent;

import io.binlogpitr.agent.config.AgentConfig;
import io.binlogpitr.common.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The thresholds of {@code alerts:} applied to a lag and a snapshot age: pure, shared by {@code /status} and
 * {@code pitr-agent status}. A threshold of zero is never breached.
 */
public final class AlertCheck {
    /** Name of the lag threshold in reports and metrics. */
    public static final String LAG = "lag";
    /** Name of the snapshot age threshold in reports and metrics. */
    public static final String SNAPSHOT_AGE = "snapshotAge";

    private AlertCheck() {}

    /**
     * A threshold that is exceeded.
     *
     * @param alert {@link #LAG} or {@link #SNAPSHOT_AGE}
     * @param valueSeconds the lag or age; -1 for "no snapshot at all"
     * @param limitSeconds the threshold
     * @param message one line for people, naming the key to change
     */
    public record Breach(String alert, double valueSeconds, double limitSeconds, String message) {}

    /**
     * @param lagSeconds empty when the lag is unknown (the source did not answer): not a breach, reported apart
     * @param newestSnapshotAgeSeconds empty when the repository has no usable snapshot
     */
    public static List<Breach> check(
            AgentConfig.Alerts alerts, Optional<Double> lagSeconds, Optional<Double> newestSnapshotAgeSeconds) {
        List<Breach> breaches = new ArrayList<>();
        Duration maxLag = alerts.maxLag();
        if (!maxLag.isZero() && lagSeconds.isPresent() && lagSeconds.get() > seconds(maxLag)) {
            breaches.add(new Breach(
                    LAG,
                    lagSeconds.get(),
                    seconds(maxLag),
                    "lag " + format(lagSeconds.get()) + " is above alerts.maxLag " + Durations.format(maxLag)));
        }
        Duration maxAge = alerts.maxSnapshotAge();
        if (!maxAge.isZero()) {
            if (newestSnapshotAgeSeconds.isEmpty()) {
                breaches.add(new Breach(
                        SNAPSHOT_AGE,
                        -1,
                        seconds(maxAge),
                        "the repository has no snapshot, so nothing is restorable (alerts.maxSnapshotAge "
                                + Durations.format(maxAge) + ")"));
            } else if (newestSnapshotAgeSeconds.get() > seconds(maxAge)) {
                breaches.add(new Breach(
                        SNAPSHOT_AGE,
                        newestSnapshotAgeSeconds.get(),
                        seconds(maxAge),
                        "the newest snapshot is " + format(newestSnapshotAgeSeconds.get())
                                + " old, above alerts.maxSnapshotAge " + Durations.format(maxAge)));
            }
        }
        return breaches;
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static String format(double seconds) {
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }
}
