package io.binlogpitr.quickstart;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What the quick start prints: numbered steps with their timings, the commands and SQL as a DBA would type them,
 * the output of each command, and the checks. Keeps the failed checks and the timing of every step for the summary.
 */
final class QuickstartConsole {
    private record Timing(int step, String title, double seconds) {}

    private final PrintStream out;
    private final List<String> failures = new ArrayList<>();
    private final List<Timing> timings = new ArrayList<>();
    private int step;
    private String title;
    private long started;

    QuickstartConsole(PrintStream out) {
        this.out = out;
    }

    void line(String text) {
        out.println(text);
    }

    /** Starts step n+1; its time runs until {@link #done}. */
    void step(String what) {
        title = what;
        started = System.nanoTime();
        out.printf("%n[%d] %s%n", ++step, what);
    }

    void done(String detail) {
        double seconds = (System.nanoTime() - started) / 1e9;
        timings.add(new Timing(step, title, seconds));
        out.printf("      %s(%.1f s)%n", detail.isEmpty() ? "" : detail + " ", seconds);
    }

    /** A command line, as typed at a shell prompt. */
    void shell(String command) {
        out.println("      $ " + command);
    }

    /** A statement, as typed at the mysql client's prompt. */
    void sql(String statement) {
        out.println("      mysql> " + statement);
    }

    void note(String text) {
        out.println("      " + text);
    }

    /** A command's output, indented under its command line. */
    void output(String text) {
        text.lines().forEach(l -> out.println("      | " + l));
    }

    void check(boolean ok, String what) {
        out.println("      check: " + what + " ... " + (ok ? "ok" : "FAILED"));
        if (!ok) {
            failures.add(what);
        }
    }

    boolean passed() {
        return failures.isEmpty();
    }

    /** Every step with its time, then the verdict; returns the exit code. */
    int summary(double totalSeconds) {
        out.println();
        out.println("steps:");
        for (Timing t : timings) {
            out.printf("  %5.1f s  [%d] %s%n", t.seconds(), t.step(), t.title());
        }
        out.printf("  %5.1f s  in all%n", totalSeconds);
        if (failures.isEmpty()) {
            out.println("ALL CHECKS PASSED");
            return 0;
        }
        out.println(failures.size() + " CHECK(S) FAILED:");
        failures.forEach(f -> out.println("  - " + f));
        return 1;
    }
}
