package io.binlogpitr.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The restore benchmark's table: the set-up, each side's load and replay (wall time and rate), the checks against the
 * source, and the goals as PASS/MISS, never a failure. Lines are collected, then {@link #print printed} at once.
 */
public final class RestoreReport {
    /** Our replay must take at most half the replica applier's time (at least 2× faster). */
    static final double GOAL_REPLAY_RATIO = 0.5;

    /** Our load must take at most myloader's time. */
    static final double GOAL_LOAD_RATIO = 1.0;

    private final List<String> lines = new ArrayList<>();

    /**
     * A goal of the form ours ÷ baseline ≤ target.
     *
     * @param ratio ours ÷ baseline; NaN when either is unknown
     */
    record Goal(String name, double target, double ratio) {
        static Goal of(String name, double target, RestoreSide.Timing ours, RestoreSide.Timing baseline) {
            boolean known = ours.known() && baseline.known() && baseline.nanos() > 0;
            return new Goal(name, target, known ? ours.nanos() / (double) baseline.nanos() : Double.NaN);
        }

        /** PASS, MISS, or n/a when a figure is missing. */
        String result() {
            if (Double.isNaN(ratio)) {
                return "n/a";
            }
            return ratio <= target ? "PASS" : "MISS";
        }
    }

    /**
     * Where the CPU went during one phase: the target's mysqld and the other process that worked (myloader, the
     * source's mysqld sending the binlog to the replica, our restore's JVM).
     *
     * @param wallNanos the span the CPU times were taken over
     */
    record CpuRow(String phase, long wallNanos, double serverSeconds, String otherName, double otherSeconds) {
        /** CPU seconds of both ÷ wall seconds: 2.0 is both cores busy the whole time. */
        double coresBusy() {
            return (serverSeconds + otherSeconds) / (wallNanos / 1e9);
        }
    }

    /** The set-up: machine, server, tools, data, the workload replayed, the base points, load averages. */
    void header(RestoreSetup s) {
        RestoreBenchOptions o = s.options();
        line(String.format(
                Locale.ROOT,
                "binlog-pitr restore benchmark: %d cores, MySQL %s (embedded, sync_binlog=1), mydumper/myloader %s;"
                        + " base: sysbench oltp_write_only prepare %d tables x %,d rows = %,d rows",
                Runtime.getRuntime().availableProcessors(),
                s.mysqlVersion(),
                s.mydumperVersion(),
                o.tables(),
                o.tableSize(),
                s.rows()));
        line(String.format(
                Locale.ROOT,
                "replayed: sysbench oltp_write_only, %d threads, %d s: %,d transactions in %.1f s (%,.0f txn/s on"
                        + " the source)",
                o.threads(),
                o.seconds(),
                s.runTransactions(),
                s.runSeconds(),
                s.runTransactions() / s.runSeconds()));
        line("base points: " + s.basePoints()
                + (s.samePoint()
                        ? " (the same)"
                        : " (different: each side replays" + " from its own point to the same end)"));
        line(String.format(
                Locale.ROOT,
                "our snapshot took %.1f s (not part of the restore); targets: fresh embedded MySQL, GTIDs on,"
                        + " replica_parallel_workers=%d, local_infile=%s, other settings MySQL's defaults, one at a time",
                s.snapshotSeconds(),
                o.threads(),
                o.localInfile() ? "ON" : "OFF"));
        line("load average (1/5/15 min) at start: " + s.loadAtStart() + ", at end: " + s.loadAtEnd()
                + " (anything above ~1 besides this run means other processes shared the cores)");
        line("");
    }

    /** One row per phase and tool, then each side's checks. */
    void results(RestoreSide baseline, RestoreSide ours) {
        row("phase", "tool", "wall s", "rate", "unit");
        phase("load", baseline.loadTool(), baseline.load(), "rows/s");
        phase("load", ours.loadTool(), ours.load(), "rows/s");
        phase("replay", baseline.replayTool(), baseline.replay(), "txn/s");
        phase("replay", ours.replayTool(), ours.replay(), "txn/s");
        row("whole", baseline.loadTool() + " + replica", seconds(baseline.wholeNanos()), "", "");
        row("whole", "pitr-restore restore (JVM incl.)", seconds(ours.wholeNanos()), "", "");
        line("");
        check("MySQL replica", baseline);
        check("pitr-restore", ours);
        line("");
    }

    /** CPU seconds per phase of the target mysqld and of the other process, and how busy the cores were. */
    void cpu(List<CpuRow> rows) {
        lines.add(String.format(
                Locale.ROOT,
                "%-44s %8s %13s %9s  %-28s %10s",
                "where the CPU went (CPU seconds)",
                "wall s",
                "target mysqld",
                "other",
                "other process",
                "cores busy"));
        for (CpuRow r : rows) {
            lines.add(String.format(
                            Locale.ROOT,
                            "%-44s %8s %13s %9s  %-28s %10s",
                            r.phase(),
                            seconds(r.wallNanos()),
                            cpuSeconds(r.serverSeconds()),
                            cpuSeconds(r.otherSeconds()),
                            r.otherName(),
                            Double.isNaN(r.coresBusy()) || r.wallNanos() <= 0
                                    ? "-"
                                    : String.format(Locale.ROOT, "%.2f", r.coresBusy()))
                    .stripTrailing());
        }
        line("");
    }

    /** Each target's syncs and statements over load and replay (performance_schema). */
    void activity(Map<String, ServerActivity> bySide) {
        if (bySide.isEmpty()) {
            return;
        }
        line("each target server over load + replay (performance_schema; syncs = COUNT_MISC of the files: fsyncs):");
        bySide.forEach((side, a) -> line("  " + side + ": " + a.describe()));
        line("");
    }

    /** The goals: replay and load time ratios, and equal checksums on both sides. */
    void goals(RestoreSide baseline, RestoreSide ours) {
        goalRow("goal", "target", "measured", "result");
        for (Goal g : timeGoals(baseline, ours)) {
            goalRow(g.name(), "<= " + ratio(g.target()), Double.isNaN(g.ratio()) ? "-" : ratio(g.ratio()), g.result());
        }
        goalRow(
                "checksums equal, pitr-restore",
                "yes",
                ours.ran() ? yesNo(ours.check().checksumsEqual()) : "-",
                ours.ran() ? passMiss(ours.check().checksumsEqual()) : "n/a");
        goalRow(
                "checksums equal, MySQL replica",
                "yes",
                baseline.ran() ? yesNo(baseline.check().checksumsEqual()) : "-",
                baseline.ran() ? passMiss(baseline.check().checksumsEqual()) : "n/a");
    }

    /** The two time goals: our replay ÷ the replica applier's catch-up, our load ÷ myloader's. */
    static List<Goal> timeGoals(RestoreSide baseline, RestoreSide ours) {
        return List.of(
                Goal.of("replay time, ours / replica applier", GOAL_REPLAY_RATIO, ours.replay(), baseline.replay()),
                Goal.of("load time, ours / myloader", GOAL_LOAD_RATIO, ours.load(), baseline.load()));
    }

    /** A note under the table, e.g. where the phase times came from. */
    void note(String text) {
        line(text);
    }

    /** Prints an empty line, then the table. */
    public void print(PrintStream out) {
        out.println();
        lines.forEach(out::println);
        out.flush();
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    private void phase(String phase, String tool, RestoreSide.Timing t, String unit) {
        String label =
                String.format(Locale.ROOT, "%s %,d %s", phase, t.count(), phase.equals("load") ? "rows" : "txns");
        if (!t.known()) {
            row(t.count() > 0 ? label : phase, tool, "-", "-", "");
            return;
        }
        row(label, tool, seconds(t.nanos()), String.format(Locale.ROOT, "%,.0f", t.rate()), unit);
    }

    private void check(String who, RestoreSide side) {
        if (!side.ran()) {
            line(who + ": not run");
            return;
        }
        RestoreSide.TargetCheck c = side.check();
        String sums = c.checksumsEqual()
                ? "checksums equal to the source's (" + c.checksums().size() + " tables)"
                : "checksums DIFFER: " + c.differences();
        line(who + ": " + sums + "; gtid_executed "
                + (c.gtidEqual()
                        ? "equal to the source's"
                        : "differs: " + c.gtidExecuted().abbreviated() + " against the source's "
                                + c.sourceGtidExecuted().abbreviated()));
    }

    private void line(String text) {
        lines.add(text);
    }

    private void row(String phase, String tool, String wall, String rate, String unit) {
        lines.add(String.format(Locale.ROOT, "%-22s %-36s %9s %11s  %s", phase, tool, wall, rate, unit)
                .stripTrailing());
    }

    private void goalRow(String name, String target, String measured, String result) {
        lines.add(String.format(Locale.ROOT, "%-38s %10s %10s %8s", name, target, measured, result)
                .stripTrailing());
    }

    private static String seconds(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.2f", nanos / 1e9);
    }

    private static String cpuSeconds(double s) {
        return Double.isNaN(s) ? "-" : String.format(Locale.ROOT, "%.1f", s);
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, "%.3f", r);
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    private static String passMiss(boolean pass) {
        return pass ? "PASS" : "MISS";
    }
}
