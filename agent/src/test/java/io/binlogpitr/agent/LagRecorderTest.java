package io.binlogpitr.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.journal.TransactionHeader;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LagRecorderTest {
    private static List<TransactionHeader> committedAt(long... micros) {
        return LongStream.of(micros)
                .mapToObj(m -> new TransactionHeader(
                        Gtid.parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:" + (m + 1)),
                        m,
                        m,
                        "binlog.000001",
                        4,
                        8,
                        3,
                        10))
                .toList();
    }

    @Test
    void theAgentsRecorderKeepsTheLatestLagAndNoSample() {
        LagRecorder lag = LagRecorder.latestOnly();
        lag.onDurable(committedAt(100, 200, 300), 1_000);

        assertThat(lag.lastLagMicros()).isEqualTo(700);
        assertThat(lag.lastOriginalCommitMicros()).isEqualTo(300);
        assertThat(lag.recorded()).isEqualTo(3);
        assertThat(lag.sampleCount()).isZero();
        assertThat(lag.percentileMicros(50)).isEqualTo(-1);
    }

    @Test
    void aSamplingRecorderGivesPercentilesOfTheMostRecent() {
        LagRecorder lag = LagRecorder.sampling(2);
        lag.onDurable(committedAt(900, 500, 100), 1_000); // lags 100, 500, 900: the first falls out

        assertThat(lag.recorded()).isEqualTo(3);
        assertThat(lag.sampleCount()).isEqualTo(2);
        assertThat(lag.percentileMicros(50)).isEqualTo(500);
        assertThat(lag.percentileMicros(100)).isEqualTo(900);
        assertThatThrownBy(() -> LagRecorder.sampling(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
