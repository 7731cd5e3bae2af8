package io.binlogpitr.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateWindowTest {
    private static final long S = 1_000_000_000L;

    @Test
    void ratesSpanTheWindowAndForgetOlderSamples() {
        RateWindow w = new RateWindow(60 * S);
        assertThat(w.perSecond()).containsExactly(0, 0);
        w.sample(0, 0, 0);
        assertThat(w.perSecond()).as("one sample: no rate yet").containsExactly(0, 0);
        w.sample(10 * S, 1000, 10_000);
        assertThat(w.perSecond()).containsExactly(100, 1000);
        // a burst long ago drops out once a newer sample covers the whole window
        for (long t = 20; t <= 120; t += 10) {
            w.sample(t * S, 1000, 10_000);
        }
        assertThat(w.perSecond()).containsExactly(0, 0);
        w.sample(125 * S, 1600, 10_000);
        assertThat(w.perSecond()[0]).isEqualTo(600 / 65.0);
    }
}
