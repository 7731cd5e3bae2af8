package io.binlogpitr.agent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RestorePhasesTest {
    private static RestoreRun.Line line(double at, String text) {
        return new RestoreRun.Line(Math.round(at * 1e9), text);
    }

    @Test
    void durationsPrintedByTheRestoreWin() {
        RestoreRun run = new RestoreRun(
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
        RestoreRun run = new RestoreRun(
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
        RestorePhases p = RestorePhases.of(new RestoreRun(0, 1, List.of(line(0.1, "ok"))));
        assertThat(p.loadNanos()).isEqualTo(-1);
        assertThat(p.replayNanos()).isEqualTo(-1);
    }
}
