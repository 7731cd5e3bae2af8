package io.binlogpitr.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class IngestBenchOptionsTest {
    @Test
    void defaults() {
        assertThat(IngestBenchOptions.parse(new String[0]))
                .contains(new IngestBenchOptions(1_000_000, 30, 4, 10_000, false, null, "sysbench"));
    }

    @Test
    void everyOption() {
        assertThat(IngestBenchOptions.parse(new String[] {
                    "--events",
                    "40_000",
                    "--lag-seconds",
                    "5",
                    "--threads",
                    "2",
                    "--table-size",
                    "500",
                    "--keep",
                    "--work",
                    "/tmp/w",
                    "--sysbench",
                    "/opt/sysbench"
                }))
                .contains(new IngestBenchOptions(40_000, 5, 2, 500, true, Path.of("/tmp/w"), "/opt/sysbench"));
    }

    @Test
    void helpStopsParsing() {
        assertThat(IngestBenchOptions.parse(new String[] {"--events", "5", "--help", "--bogus"}))
                .isEmpty();
        assertThat(IngestBenchOptions.parse(new String[] {"-h"})).isEmpty();
    }

    @Test
    void badUsageNamesTheOptionAndTheValue() {
        assertThatThrownBy(() -> IngestBenchOptions.parse(new String[] {"--events", "0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--events must be positive, was 0");
        assertThatThrownBy(() -> IngestBenchOptions.parse(new String[] {"--threads", "x"}))
                .hasMessage("--threads must be a number, was 'x'");
        assertThatThrownBy(() -> IngestBenchOptions.parse(new String[] {"--work"}))
                .hasMessage("--work needs a value");
        assertThatThrownBy(() -> IngestBenchOptions.parse(new String[] {"--fast"}))
                .hasMessage("unknown option --fast");
    }
}
