package io.binlogpitr.bench;

import io.binlogpitr.agent.stream.NullSinkReader;
import io.binlogpitr.common.journal.JournalSummary;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's table: lines and fixed-width rows collected section by section, in the order they are printed,
 * then {@link #print printed} at once by the command. Figures only; the goals are PASS/MISS, never a failure.
 */
public final class IngestReport {
    static final double GOAL_EVENTS_PER_SECOND = 150_000;
    static final double GOAL_P99_SECONDS = 1.0;
    static final double GOAL_SIZE_RATIO = 1.1;

    private final List<String> lines = new ArrayList<>();

    /** The set-up and the data: machine, server, workload, load averages, and what the source produced. */
    void header(IngestBenchOptions options, String mysqlVersion, String loadAtStart, String loadAtEnd) {
        line(String.format(
                Locale.ROOT,
                "binlog-pitr ingest benchmark: %d cores, MySQL %s (embedded, sync_binlog=1), sysbench"
                        + " oltp_write_only, %d tables x %,d rows, %d threads",
                Runtime.getRuntime().availableProcessors(),
                mysqlVersion,
                SysbenchRunner.TABLES,
                options.tableSize(),
                options.threads()));
        line("load average (1/5/15 min) at start: " + loadAtStart + ", at end: " + loadAtEnd
                + " (anything above ~1 besides this run means other processes shared the cores)");
    }

    /** All binlog events from the start point, and those of the timed run alone. */
    void data(NullSinkReader.Result ceiling, SourceRun run) {
        NullSinkReader.Counts all = ceiling.total();
        NullSinkReader.Counts produced = ceiling.phases()[1];
        line(String.format(
                Locale.ROOT,
                "data: %,d transactions, %,d binlog events (all types, heartbeats excluded), %,d row events"
                        + " (WRITE/UPDATE/DELETE_ROWS), %.1f MB of events (sysbench prepare included)",
                all.transactions(),
                all.events(),
                all.rowEvents(),
                all.bytes() / 1e6));
        line(String.format(
                Locale.ROOT,
                "the timed sysbench run alone: %,d transactions, %,d events, %,d row events, %.1f MB of events"
                        + " (%.1f MB of binlog files)",
                produced.transactions(),
                produced.events(),
                produced.rowEvents(),
                produced.bytes() / 1e6,
                run.runBinlogFileBytes() / 1e6));
        line("");
    }

    /** Source rate, connector ceiling and agent catch-up side by side. */
    void throughput(SourceRun run, NullSinkReader.Result ceiling, CatchUp agent) {
        NullSinkReader.Counts all = ceiling.total();
        NullSinkReader.Counts produced = ceiling.phases()[1];
        row("throughput", "events/s", "row ev/s", "txn/s", "MB/s", "seconds");
        double runSec = run.seconds();
        row(
                "source: sysbench run (baseline)",
                rate(produced.events(), runSec),
                rate(produced.rowEvents(), runSec),
                rate(produced.transactions(), runSec),
                mbps(produced.bytes(), runSec),
                fmt(runSec));
        double ceilSec = ceiling.nanos() / 1e9;
        row(
                "connector -> null sink (ceiling)",
                rate(all.events(), ceilSec),
                rate(all.rowEvents(), ceilSec),
                rate(all.transactions(), ceilSec),
                mbps(all.bytes(), ceilSec),
                fmt(ceilSec));
        double agentSec = agent.seconds();
        // the agent replays from the oldest binlog; the start point's few set-up transactions have no row events
        row(
                "agent catch-up -> durable journal",
                rate(agent.events(), agentSec),
                rate(all.rowEvents(), agentSec),
                rate(agent.transactions(), agentSec),
                mbps(agent.eventBytes(), agentSec),
                fmt(agentSec));
        line(String.format(
                Locale.ROOT,
                "agent catch-up time includes %.2f s of start-up (pre-flight, journal open) before replication connected;"
                        + " journal written at %.1f MB/s",
                agent.startupNanos() / 1e9,
                agent.journal().diskBytes() / 1e6 / agentSec));
        line("");
    }

    /** The journal's size against the binlog, and whether it covers the source. */
    void journal(CatchUp agent, SourceRun run) {
        JournalSummary journal = agent.journal();
        double ratioFiles = journal.diskBytes() / (double) run.allBinlogFileBytes();
        line(String.format(
                Locale.ROOT,
                "journal: %,d transactions, %,d bytes of binlog events held, %,d bytes on disk (%,d allocated);"
                        + " binlog files %,d bytes",
                journal.transactions(),
                journal.payloadBytes(),
                journal.diskBytes(),
                agent.journalAllocated(),
                run.allBinlogFileBytes()));
        line(String.format(
                Locale.ROOT,
                "journal / binlog bytes it holds: %.3f   (journal / binlog file sizes: %.3f)   covers the"
                        + " source's gtid_executed, healthy: %s",
                payloadRatio(agent),
                ratioFiles,
                agent.covers(run.executed()) ? "yes" : "NO: " + journal.problems()));
        line("");
    }

    /** Commit-to-durable lag of the paced and the full-speed run. */
    void lag(String sync, long rate, LagRun paced, LagRun full) {
        row("lag commit -> durable (sync " + sync + ")", "p50 ms", "p99 ms", "max ms", "txn/s", "samples");
        row(
                String.format(Locale.ROOT, "sysbench --rate=%d (70%% of max)", rate),
                ms(paced.p50()),
                ms(paced.p99()),
                ms(paced.max()),
                rate(paced.txns(), paced.seconds()),
                String.valueOf(paced.samples()));
        row(
                "sysbench full speed",
                ms(full.p50()),
                ms(full.p99()),
                ms(full.max()),
                rate(full.txns(), full.seconds()),
                String.valueOf(full.samples()));
        line("");
    }

    /** The goals, PASS or MISS. */
    void goals(NullSinkReader.Result ceiling, CatchUp agent, LagRun paced, LagRun full) {
        long rowEvents = ceiling.total().rowEvents();
        double agentSec = agent.seconds();
        double agentEps = agent.events() / agentSec;
        double agentRowEps = rowEvents / agentSec;
        double ratioPayload = payloadRatio(agent);
        row("goal", "target", "measured", "result", "", "");
        row(
                "catch-up, binlog events/s",
                ">= 150,000",
                rate(agent.events(), agentSec),
                passMiss(agentEps >= GOAL_EVENTS_PER_SECOND),
                "",
                "");
        row(
                "catch-up, row events/s",
                ">= 150,000",
                rate(rowEvents, agentSec),
                passMiss(agentRowEps >= GOAL_EVENTS_PER_SECOND),
                "",
                "");
        row("p99 lag at 70% rate", "< 1000 ms", ms(paced.p99()), passMiss(lagMet(paced)), "", "");
        row("p99 lag at full speed", "< 1000 ms", ms(full.p99()), passMiss(lagMet(full)), "", "");
        row(
                "journal / binlog bytes",
                "<= 1.100",
                String.format(Locale.ROOT, "%.3f", ratioPayload),
                passMiss(ratioPayload <= GOAL_SIZE_RATIO),
                "",
                "");
    }

    /** Prints an empty line, then the table. */
    public void print(PrintStream out) {
        out.println();
        lines.forEach(out::println);
        out.flush();
    }

    private void line(String text) {
        lines.add(text);
    }

    private void row(String label, String... cells) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-36s", label));
        for (String c : cells) {
            sb.append(String.format(Locale.ROOT, "%13s", c));
        }
        lines.add(sb.toString().stripTrailing());
    }

    private static double payloadRatio(CatchUp agent) {
        return agent.journal().diskBytes() / (double) agent.journal().payloadBytes();
    }

    private static boolean lagMet(LagRun run) {
        return run.p99() >= 0 && run.p99() < GOAL_P99_SECONDS * 1e6;
    }

    private static String rate(long count, double seconds) {
        return String.format(Locale.ROOT, "%,.0f", count / seconds);
    }

    private static String mbps(long bytes, double seconds) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1e6 / seconds);
    }

    private static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }

    private static String ms(long micros) {
        return micros < 0 ? "-" : String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    private static String passMiss(boolean pass) {
        return pass ? "PASS" : "MISS";
    }
}
