package io.binlogpitr.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.ToDoubleFunction;

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
     * @param lockMillis median of the lock probe's longest write
     * @param commitMillis median of the commit probe's longest write
     * @param readLockMillis median of the time the global read lock was held (server clock); -1 if unknown
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
            double commitMillis,
            double readLockMillis,
            double manifestBlockedMillis) {

        static Summary of(DumpVariant variant, List<DumpResult> all) {
            List<DumpResult> mine =
                    all.stream().filter(r -> r.variant() == variant).toList();
            if (mine.isEmpty()) {
                throw new IllegalArgumentException("no results for " + variant);
            }
            double[] secs = mine.stream().mapToDouble(DumpResult::seconds).toArray();
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
                    median(mine, r -> r.blocking().probes().lock().maxMillis()),
                    median(mine, r -> r.blocking().probes().commit().maxMillis()),
                    median(mine, r -> r.blocking().readLockMillis()),
                    median(mine, r -> r.blocking().manifestMillis()));
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
                "commit ms",
                "FTWRL ms",
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
                    ms(s.commitMillis()),
                    s.readLockMillis() < 0 ? "?" : ms(s.readLockMillis()),
                    s.manifestBlockedMillis() < 0
                            ? "-"
                            : String.format(Locale.ROOT, "%.0f", s.manifestBlockedMillis()));
        }
        line("wall s: median of the rounds; +sync s: a sync right after the dump (what the tool left unsynced);"
                + " rows/s: rows / median wall s");
        line(
                "writes blocked, medians of the rounds: lock ms / commit ms: the lock / commit probe's longest write during"
                        + " the dump; FTWRL ms: FLUSH TABLES WITH READ LOCK start to UNLOCK TABLES end by the server's clock"
                        + " (performance_schema); blocked ms: our manifest's consistency.writesBlockedMillis");
        line("");
    }

    /** Each round's wall time and longest probe writes, in the order the dumps ran. */
    void rounds(List<DumpResult> results, int rounds) {
        line("rounds, in the order run: wall s / lock probe ms, commit probe ms, FTWRL ms:");
        for (int round = 0; round < rounds; round++) {
            StringJoiner j = new StringJoiner("; ", String.format(Locale.ROOT, "  round %d: ", round + 1), "");
            int r = round;
            results.stream()
                    .filter(d -> d.round() == r)
                    .sorted((a, b) -> Integer.compare(a.position(), b.position()))
                    .forEach(d -> j.add(String.format(
                            Locale.ROOT,
                            "%s %.2f / %.1f, %.1f, %.1f",
                            d.variant().shortName(),
                            d.seconds(),
                            d.blocking().probes().lock().maxMillis(),
                            d.blocking().probes().commit().maxMillis(),
                            d.blocking().readLockMillis())));
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

    private static double median(List<DumpResult> results, ToDoubleFunction<DumpResult> f) {
        return median(results.stream().mapToDouble(f).toArray());
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
