package io.binlogpitr.bench;

import java.util.List;

/**
 * One run of {@code pitr-restore restore}.
 *
 * @param exitCode the process's exit code
 * @param wallNanos from starting the process until it exited (JVM start-up included)
 * @param lines its output, stdout and stderr merged, each with the time it arrived
 * @param cpu CPU seconds of the restore's JVM and of the target's mysqld
 */
record RestoreRun(int exitCode, long wallNanos, List<Line> lines, Cpu cpu) {
    RestoreRun {
        lines = List.copyOf(lines);
    }

    /**
     * CPU seconds used during the run, and up to the line announcing the replay (NaN if none came).
     *
     * @param atReplayNanos when the line announcing the replay arrived, after the process started; -1 if none
     * @param toolAtReplay the restore's JVM, from its start to the replay's start
     * @param serverAtReplay the target's mysqld, the same span
     * @param tool the restore's JVM, whole run (last 100 ms sample)
     * @param server the target's mysqld, whole run
     */
    record Cpu(long atReplayNanos, double toolAtReplay, double serverAtReplay, double tool, double server) {
        static final Cpu UNKNOWN = new Cpu(-1, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /** One output line and when it arrived, in nanoseconds after the process started. */
    record Line(long atNanos, String text) {}

    /** The first line that starts with {@code error}, else the last line; "" without output. */
    String firstError() {
        return lines.stream()
                .map(Line::text)
                .filter(t -> t.startsWith("error"))
                .findFirst()
                .orElse(lines.isEmpty() ? "" : lines.get(lines.size() - 1).text());
    }

    /** The last {@code n} lines, for an error message. */
    String tail(int n) {
        StringBuilder sb = new StringBuilder();
        for (Line l : lines.subList(Math.max(0, lines.size() - n), lines.size())) {
            sb.append(l.text()).append('\n');
        }
        return sb.toString();
    }
}
