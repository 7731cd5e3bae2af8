package io.binlogpitr.agent.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The snapshot benchmark's table: lines and fixed-width rows collected section by section, then {@link #print
 * printed} at once by the command. Each tool's figures are the median over the rounds; the per-round figures follow.
 * The goals are PASS/MISS, never a failure.
 */
public final class SnapshotReport {
    static final double GOAL_SIZE_RATIO = 1.1;

    private final List<String> lines = new ArrayList<>();

    /**
     * The median (the mean of the two middle values for an even count) and range of one variant's rounds.
     *
     * @param lockMillis median of the lock probe's longest write; {@code worstLockMillis} the longest of any round
     * @param commitMillis median of the commit probe's longest write
     * @param manifestBlockedMillis median of the manifests' writesBlockedMillis; -1 for mydumper
     */
    record Summary(
            DumpVariant variant,
            double seconds,
            double minSeconds,
            double maxSeconds,
            double syncSeconds,
            long rows,
            long bytes,
            int dataFiles,
            double lockMillis,
            double worstLockMillis,
            double commitMillis,
            double manifestBlockedMillis) {

        static Summary of(DumpVariant variant, List<DumpResult> all) {
            List<DumpResult> mine =
                    all.stream().filter(r -> r.variant() == variant).toList();
            if (mine.isEmpty()) {
                throw new IllegalArgumentException("no results for " + variant);
            }
            double[] secs = mine.stream().mapToDouble(DumpResult::seconds).toArray();
            double[] locks = mine.stream()
                    .mapToDouble(r -> r.stalls().lock().maxMillis())
                    .toArray();
            DumpResult last = mine.get(mine.size() - 1);
            return new Summary(
                    variant,
                    median(secs),
                    Arrays.stream(secs).min().orElseThrow(),
                    Arrays.stream(secs).max().orElseThrow(),
                    median(mine.stream().mapToDouble(r -> r.syncNanos() / 1e9).toArray()),
                    last.rows(),
                    Math.round(
                            median(mine.stream().mapToDouble(DumpResult::bytes).toArray())),
                    last.dataFiles(),
                    median(locks),
                    Arrays.stream(locks).max().orElseThrow(),
                    median(mine.stream()
                            .mapToDouble(r -> r.stalls().commit().maxMillis())
                            .toArray()),
                    median(mine.stream()
                            .mapToDouble(DumpResult::manifestBlockedMillis)
                            .toArray()));
        }
    }

    /** The set-up: machine, server, tools, data, chunking, the probe and its idle figure, load averages. */
    void header(
            SnapshotBenchOptions options,
            String mysqlVersion,
            String mydumperVersion,
            SnapshotDataset data,
            WriteProbes.Stalls idle,
            String loadAtStart,
            String loadAtEnd) {
        line(String.format(
                Locale.ROOT,
                "binlog-pitr snapshot benchmark: %d cores, MySQL %s (embedded), mydumper %s; sysbench"
                        + " oltp_write_only prepare: %d tables x %,d rows = %,d rows, %.1f MB InnoDB data",
                Runtime.getRuntime().availableProcessors(),
                mysqlVersion,
                mydumperVersion,
                options.tables(),
                options.tableSize(),
                data.rows(),
                data.dataBytes() / 1e6));
        line(String.format(
                Locale.ROOT,
                "%d threads for every tool; chunking: ours %d MiB target chunks -> %,d chunks planned, mydumper"
                        + " -r %,d rows to match; %d round(s), order rotated each round; figures are medians",
                options.threads(),
                data.chunkBytes() >> 20,
                data.plannedChunks(),
                data.mydumperRows(),
                options.rounds()));
        line(String.format(
                Locale.ROOT,
                "write probes, each an autocommit UPDATE of one row every %d ms on its own connection: lock (MEMORY"
                        + " table, no binlog: waits only for locks) and commit (InnoDB, binlogged, sync_binlog=1);"
                        + " longest write with no dump running: lock %.1f ms, commit %.1f ms",
                WriteProbe.INTERVAL_MILLIS,
                idle.lock().maxMillis(),
                idle.commit().maxMillis()));
        line("load average (1/5/15 min) at start: " + loadAtStart + ", at end: " + loadAtEnd
                + " (anything above ~1 besides this run means other processes shared the cores)");
        line("");
    }

    /**
     * One row per tool: median wall time and its range, rows/s, bytes on disk, files, write stalls. The labels name
     * {@code threads} and mydumper's {@code -r mydumperRows}.
     */
    void results(List<Summary> summaries, int threads, long mydumperRows) {
        row(
                "tool",
                "wall s",
                "min-max s",
                "+sync s",
                "rows/s",
                "disk bytes",
                "data files",
                "lock ms",
                "lock worst",
                "commit ms",
                "blocked ms");
        for (Summary s : summaries) {
            row(
                    s.variant().label(threads, mydumperRows),
                    fmt(s.seconds()),
                    fmt(s.minSeconds()) + "-" + fmt(s.maxSeconds()),
                    fmt(s.syncSeconds()),
                    rate(s.rows(), s.seconds()),
                    String.format(Locale.ROOT, "%,d", s.bytes()),
                    String.valueOf(s.dataFiles()),
                    ms(s.lockMillis()),
                    ms(s.worstLockMillis()),
                    ms(s.commitMillis()),
                    s.manifestBlockedMillis() < 0
                            ? "-"
                            : String.format(Locale.ROOT, "%.0f", s.manifestBlockedMillis()));
        }
        line("wall s: median of the rounds; +sync s: a sync right after the dump (what the tool left unsynced);"
                + " rows/s: rows / median wall s");
        line("lock ms / commit ms: the probe's longest write during the dump (median of rounds); lock worst: the"
                + " longest in any round; blocked ms: our manifest's consistency.writesBlockedMillis (median)");
        line("");
    }

    /** Each round's wall time and longest probe writes, in the order the dumps ran. */
    void rounds(List<DumpResult> results, int rounds) {
        line("rounds (wall s / longest lock, commit probe write ms, in the order run):");
        for (int round = 0; round < rounds; round++) {
            StringJoiner j = new StringJoiner("; ", String.format(Locale.ROOT, "  round %d: ", round + 1), "");
            int r = round;
            results.stream()
                    .filter(d -> d.round() == r)
                    .sorted((a, b) -> Integer.compare(a.position(), b.position()))
                    .forEach(d -> j.add(String.format(
                            Locale.ROOT,
                            "%s %.2f / %.1f, %.1f",
                            d.variant().shortName(),
                            d.seconds(),
                            d.stalls().lock().maxMillis(),
                            d.stalls().commit().maxMillis())));
            line(j.toString());
        }
        line("");
    }

    /** The goals against mydumper -c, for zstd (the default) and, for information, gzip. */
    void goals(Summary mydumperCompressed, Summary zstd, Summary gzip) {
        row("goal (ours / mydumper -c, medians)", "target", "measured", "result");
        goalRows("zstd", mydumperCompressed, zstd);
        goalRows("gzip", mydumperCompressed, gzip);
    }

    private void goalRows(String codec, Summary base, Summary ours) {
        double time = ours.seconds() / base.seconds();
        double size = ours.bytes() / (double) base.bytes();
        row("wall time, " + codec, "< 1.000", ratio(time), passMiss(time < 1.0));
        row("bytes on disk, " + codec, "<= " + ratio(GOAL_SIZE_RATIO), ratio(size), passMiss(size <= GOAL_SIZE_RATIO));
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

    private void line(String text) {
        lines.add(text);
    }

    private void row(String label, String... cells) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-34s", label));
        for (String c : cells) {
            sb.append(String.format(Locale.ROOT, " %11s", c));
        }
        lines.add(sb.toString().stripTrailing());
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static String rate(long count, double seconds) {
        return String.format(Locale.ROOT, "%,.0f", count / seconds);
    }

    private static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.1f", millis);
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, "%.3f", r);
    }

    private static String passMiss(boolean pass) {
        return pass ? "PASS" : "MISS";
    }
}
