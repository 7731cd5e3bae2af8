package io.binlogpitr.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RestorePhasesTest {
    private static RestoreRun.Line line(double at, String text) {
        return new RestoreRun.Line(Math.round(at * 1e9), text);
    }

    /** The summary of pitr-restore restore (restore-tool RestoreCommand), INFO log lines before it. */
    private static RestoreRun run(int exit, long wallNanos, List<RestoreRun.Line> lines) {
        return new RestoreRun(exit, wallNanos, lines, RestoreRun.Cpu.UNKNOWN);
    }

    @Test
    void replayStartIsTheProgressLine() {
        assertThat(RestorePhases.isReplayStart(
                        "2026-11-21T07:38:02.676Z INFO  [main] ProgressReporter - replay 18592 transactions: starting"
                                + " (18592 to do)"))
                .isTrue();
        assertThat(RestorePhases.isReplayStart(
                        "2026-11-21T07:38:02.140Z INFO  [main] ProgressReporter - load snapshot x: starting (40000 to"
                                + " do)"))
                .isFalse();
        assertThat(RestorePhases.isReplayStart("replay        66732 transactions (266928 row events) in 20.1 s"))
                .isFalse();
    }

    @Test
    void summaryOfTheRestoreCommand() {
        RestoreRun run = run(
                0,
                27_000_000_000L,
                List.of(
                        line(0.9, "2026-11-21T07:40:01.123Z INFO  [main] RestoreJob - loading snapshot x in 4 threads"),
                        line(
                                5.3,
                                "2026-11-21T07:40:05.456Z INFO  [main] Replayer - replayed 1000 transactions in 0.4 s"),
                        line(26.8, "restore       complete"),
                        line(26.8, "snapshot      20261121T072714Z (GTID set u:1-315)"),
                        line(26.8, "load          800000 rows in 4 tables in 4.3 s (186047 rows/s)"),
                        line(26.8, "load method   LOAD_DATA_LOCAL 3, INSERT 1 (chunks)"),
                        line(26.8, "replay        66732 transactions (266928 row events) in 20.1 s"),
                        line(26.8, "last applied  u:67047")));
        RestorePhases p = RestorePhases.of(run);
        assertThat(RestorePhases.loadMethod(run)).contains("LOAD_DATA_LOCAL 3, INSERT 1");
        assertThat(p.loadNanos()).isEqualTo(4_300_000_000L);
        assertThat(p.replayNanos()).isEqualTo(20_100_000_000L);
        assertThat(p.source()).startsWith("the 'load' and 'replay' lines of pitr-restore's summary");
    }

    @Test
    void durationsPrintedByTheRestoreWin() {
        RestoreRun run = run(
                0,
                30_000_000_000L,
                List.of(
                        line(0.8, "INFO  RestoreJob - loading snapshot 20261121T072545Z"),
                        line(5.1, "INFO  RestoreJob - replaying 132,620 transactions"),
                        line(29.5, "snapshot load  800000 rows in 4.25 s"),
                        line(29.6, "replay         132620 transactions in 24.40 s")));
        RestorePhases p = RestorePhases.of(run);
        assertThat(p.loadNanos()).isEqualTo(4_250_000_000L);
        assertThat(p.replayNanos()).isEqualTo(24_400_000_000L);
        assertThat(p.source()).isEqualTo("the durations pitr-restore printed");
    }

    @Test
    void millisecondsAreRead() {
        assertThat(RestorePhases.lastDuration(
                        List.of(line(1, "loaded 10 rows in 850 ms")), java.util.regex.Pattern.compile("loaded")))
                .hasValue(850_000_000L);
    }

    @Test
    void withoutDurationsTheFirstReplayLineSplitsTheWallTime() {
        RestoreRun run = run(
                0,
                30_000_000_000L,
                List.of(line(0.8, "starting"), line(5.5, "replaying the journal from u:1-31"), line(29.9, "done")));
        RestorePhases p = RestorePhases.of(run);
        assertThat(p.loadNanos()).isEqualTo(5_500_000_000L);
        assertThat(p.replayNanos()).isEqualTo(24_500_000_000L);
        assertThat(p.source()).startsWith("split at the arrival of its first line about the replay");
    }

    @Test
    void nothingToGoBy() {
        RestorePhases p = RestorePhases.of(run(0, 1, List.of(line(0.1, "ok"))));
        assertThat(p.loadNanos()).isEqualTo(-1);
        assertThat(p.replayNanos()).isEqualTo(-1);
        assertThat(RestorePhases.loadMethod(run(0, 1, List.of(line(0.1, "ok")))))
                .isEmpty();
    }
}
