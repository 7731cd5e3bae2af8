package io.binlogpitr.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.agent.config.AgentConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertCheckTest {
    private static final AgentConfig.Alerts ALERTS =
            new AgentConfig.Alerts(Duration.ofMinutes(5), Duration.ofHours(36));

    @Test
    void withinTheThresholdsNothingIsBreached() {
        assertThat(AlertCheck.check(ALERTS, Optional.of(300.0), Optional.of(36 * 3600.0)))
                .as("at the threshold is not beyond it")
                .isEmpty();
    }

    @Test
    void lagBeyondMaxLagIsBreached() {
        List<AlertCheck.Breach> b = AlertCheck.check(ALERTS, Optional.of(300.5), Optional.of(10.0));
        assertThat(b).singleElement().satisfies(x -> {
            assertThat(x.alert()).isEqualTo(AlertCheck.LAG);
            assertThat(x.limitSeconds()).isEqualTo(300.0);
            assertThat(x.message()).isEqualTo("lag 300.5 s is above alerts.maxLag 5m");
        });
    }

    @Test
    void anOldOrMissingSnapshotIsBreached() {
        assertThat(AlertCheck.check(ALERTS, Optional.of(0.0), Optional.of(40 * 3600.0)))
                .singleElement()
                .satisfies(x -> assertThat(x.message())
                        .isEqualTo("the newest snapshot is 144000.0 s old, above alerts.maxSnapshotAge 36h"));
        assertThat(AlertCheck.check(ALERTS, Optional.of(0.0), Optional.empty()))
                .singleElement()
                .satisfies(x -> {
                    assertThat(x.alert()).isEqualTo(AlertCheck.SNAPSHOT_AGE);
                    assertThat(x.valueSeconds()).isEqualTo(-1);
                    assertThat(x.message()).contains("no snapshot, so nothing is restorable");
                });
    }

    @Test
    void zeroDisablesAndUnknownLagIsNoBreach() {
        AgentConfig.Alerts off = new AgentConfig.Alerts(Duration.ZERO, Duration.ZERO);
        assertThat(AlertCheck.check(off, Optional.of(1e9), Optional.empty())).isEmpty();
        assertThat(AlertCheck.check(ALERTS, Optional.empty(), Optional.of(1.0))).isEmpty();
    }
}
