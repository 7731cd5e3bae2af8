package io.binlogpitr.bench;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our restore's two phases, read from its output: the snapshot load and the journal replay. Preferred: the durations
 * the restore prints itself (its summary); else the arrival time of the first line that announces the replay splits
 * the wall time.
 *
 * @param loadNanos the snapshot load; -1 if not found
 * @param replayNanos the replay; -1 if not found
 * @param source how they were found, for the table's note
 */
record RestorePhases(long loadNanos, long replayNanos, String source) {
    /** A duration in a line: {@code 12.3 s}, {@code 12.3s}, {@code 850 ms}. */
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s?(ms|s)\\b");

    /** The summary {@code pitr-restore restore} prints: {@code load          800000 rows in 4 tables in 4.3 s (...)}. */
    private static final Pattern SUMMARY_LOAD = Pattern.compile("^load\\s+\\d+ rows\\b.*");

    /** {@code replay        66732 transactions (266928 row events) in 20.1 s}. */
    private static final Pattern SUMMARY_REPLAY = Pattern.compile("^replay\\s+\\d+ transactions\\b.*");

    private static final Pattern LOAD = Pattern.compile("(?i)\\b(snapshot load|loaded|load)\\b");
    private static final Pattern REPLAY = Pattern.compile("(?i)\\b(replay(ed|ing)?|applied|apply(ing)?)\\b");

    /** The restore's progress line that starts the replay: {@code ProgressReporter - replay N transactions: starting}. */
    private static final Pattern REPLAY_START = Pattern.compile("\\breplay\\b.*: starting\\b");

    /** The summary's {@code load method   LOAD_DATA_LOCAL 4 (chunks)}. */
    private static final Pattern LOAD_METHOD = Pattern.compile("^load method\\s+(.*?)\\s*\\(chunks\\)");

    /** How the restore says its chunks were loaded ({@code LOAD_DATA_LOCAL 4}), if it says. */
    static Optional<String> loadMethod(RestoreRun run) {
        Optional<String> found = Optional.empty();
        for (RestoreRun.Line l : run.lines()) {
            Matcher m = LOAD_METHOD.matcher(l.text());
            if (m.find()) {
                found = Optional.of(m.group(1));
            }
        }
        return found;
    }

    /** Whether an output line announces the start of the replay. */
    static boolean isReplayStart(String line) {
        return REPLAY_START.matcher(line).find();
    }

    static RestorePhases of(RestoreRun run) {
        OptionalLong summaryLoad = lastDuration(run.lines(), SUMMARY_LOAD);
        OptionalLong summaryReplay = lastDuration(run.lines(), SUMMARY_REPLAY);
        if (summaryLoad.isPresent() && summaryReplay.isPresent()) {
            return new RestorePhases(
                    summaryLoad.getAsLong(),
                    summaryReplay.getAsLong(),
                    "the 'load' and 'replay' lines of pitr-restore's summary (0.1 s resolution)");
        }
        OptionalLong load = lastDuration(run.lines(), LOAD);
        OptionalLong replay = lastDuration(run.lines(), REPLAY);
        if (load.isPresent() && replay.isPresent()) {
            return new RestorePhases(load.getAsLong(), replay.getAsLong(), "the durations pitr-restore printed");
        }
        for (RestoreRun.Line l : run.lines()) {
            if (REPLAY.matcher(l.text()).find()) {
                return new RestorePhases(
                        l.atNanos(),
                        run.wallNanos() - l.atNanos(),
                        "split at the arrival of its first line about the replay (load includes JVM start-up,"
                                + " replay includes exit): '" + l.text().strip() + "'");
            }
        }
        return new RestorePhases(-1, -1, "pitr-restore printed nothing to tell the phases apart");
    }

    /**
     * The first duration after the last " in " of the last line matching {@code what} that holds one (so that
     * {@code (186047 rows/s)} after it is not taken), in nanoseconds.
     */
    static OptionalLong lastDuration(List<RestoreRun.Line> lines, Pattern what) {
        OptionalLong found = OptionalLong.empty();
        for (RestoreRun.Line l : lines) {
            if (!what.matcher(l.text()).find()) {
                continue;
            }
            String text = l.text();
            int in = text.lastIndexOf(" in ");
            Matcher m = DURATION.matcher(in >= 0 ? text.substring(in) : text);
            if (m.find()) {
                double v = Double.parseDouble(m.group(1));
                found = OptionalLong.of(Math.round(m.group(2).equals("ms") ? v * 1e6 : v * 1e9));
            }
        }
        return found;
    }
}
