package io.binlogpitr.agent.bench;

import java.util.List;

/**
 * One run of {@code pitr-restore restore}.
 *
 * @param exitCode the process's exit code
 * @param wallNanos from starting the process until it exited (JVM start-up included)
 * @param lines its output, stdout and stderr merged, each with the time it arrived
 */
record RestoreRun(int exitCode, long wallNanos, List<Line> lines) {
    RestoreRun {
        lines = List.copyOf(lines);
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
