package io.binlogpitr.agent.bench;

import java.util.List;
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

    private static final Pattern LOAD = Pattern.compile("(?i)\\b(snapshot load|loaded|load)\\b");
    private static final Pattern REPLAY = Pattern.compile("(?i)\\b(replay(ed|ing)?|applied|apply(ing)?)\\b");

    static RestorePhases of(RestoreRun run) {
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

    /** The duration in the last line matching {@code what} that holds one, in nanoseconds. */
    static OptionalLong lastDuration(List<RestoreRun.Line> lines, Pattern what) {
        OptionalLong found = OptionalLong.empty();
        for (RestoreRun.Line l : lines) {
            if (!what.matcher(l.text()).find()) {
                continue;
            }
            Matcher m = DURATION.matcher(l.text());
            OptionalLong last = OptionalLong.empty();
            while (m.find()) {
                double v = Double.parseDouble(m.group(1));
                last = OptionalLong.of(Math.round(m.group(2).equals("ms") ? v * 1e6 : v * 1e9));
            }
            if (last.isPresent()) {
                found = last;
            }
        }
        return found;
    }
}
