package io.binlogpitr.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SnapshotBenchOptionsTest {
    @Test
    void defaultsAreTheIssuesDataset() {
        SnapshotBenchOptions o = SnapshotBenchOptions.parse(new String[0]).orElseThrow();
        assertThat(o).isEqualTo(new SnapshotBenchOptions(4, 250_000, 2, 3, false, null, "sysbench", "mydumper"));
        assertThat(o.rows()).isEqualTo(1_000_000);
    }

    @Test
    void everyOption() {
        assertThat(SnapshotBenchOptions.parse(new String[] {
                    "--tables",
                    "8",
                    "--table-size",
                    "1_000_000",
                    "--threads",
                    "4",
                    "--rounds",
                    "5",
                    "--keep",
                    "--work",
                    "/tmp/w",
                    "--sysbench",
                    "/opt/sysbench",
                    "--mydumper",
                    "/opt/mydumper"
                }))
                .contains(new SnapshotBenchOptions(
                        8, 1_000_000, 4, 5, true, Path.of("/tmp/w"), "/opt/sysbench", "/opt/mydumper"));
    }

    @Test
    void rowsDoNotOverflow() {
        SnapshotBenchOptions o = SnapshotBenchOptions.parse(
                        new String[] {"--tables", "100", "--table-size", "100000000"})
                .orElseThrow();
        assertThat(o.rows()).isEqualTo(10_000_000_000L);
    }

    @Test
    void helpStopsParsing() {
        assertThat(SnapshotBenchOptions.parse(new String[] {"--rounds", "2", "--help", "--bogus"}))
                .isEmpty();
        assertThat(SnapshotBenchOptions.parse(new String[] {"-h"})).isEmpty();
    }

    @Test
    void badUsageNamesTheOptionAndTheValue() {
        assertThatThrownBy(() -> SnapshotBenchOptions.parse(new String[] {"--rounds", "0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--rounds must be positive, was 0");
        assertThatThrownBy(() -> SnapshotBenchOptions.parse(new String[] {"--tables", "-1"}))
                .hasMessage("--tables must be positive, was -1");
        assertThatThrownBy(() -> SnapshotBenchOptions.parse(new String[] {"--threads", "two"}))
                .hasMessage("--threads must be a number up to 2147483647, was 'two'");
        assertThatThrownBy(() -> SnapshotBenchOptions.parse(new String[] {"--table-size", "9999999999"}))
                .hasMessage("--table-size must be a number up to 2147483647, was '9999999999'");
        assertThatThrownBy(() -> SnapshotBenchOptions.parse(new String[] {"--work"}))
                .hasMessage("--work needs a value");
        assertThatThrownBy(() -> SnapshotBenchOptions.parse(new String[] {"-t", "2"}))
                .hasMessage("unknown option -t");
    }
}
