package io.binlogpitr.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RestoreBenchOptionsTest {
    private static final Path HOME = Path.of("/opt/binlog-pitr");

    @Test
    void defaultsAreTheIssuesWorkload() {
        RestoreBenchOptions o = RestoreBenchOptions.parse(new String[0], HOME).orElseThrow();
        assertThat(o)
                .isEqualTo(new RestoreBenchOptions(
                        4, 200_000, 4, 60, false, null, "sysbench", "mydumper", "myloader", HOME, true));
        assertThat(o.rows()).isEqualTo(800_000);
    }

    @Test
    void everyOption() {
        assertThat(RestoreBenchOptions.parse(
                        new String[] {
                            "--tables",
                            "8",
                            "--table-size",
                            "1_000",
                            "--threads",
                            "2",
                            "--seconds",
                            "10",
                            "--keep",
                            "--work",
                            "/tmp/w",
                            "--sysbench",
                            "/opt/sysbench",
                            "--mydumper",
                            "/opt/mydumper",
                            "--myloader",
                            "/opt/myloader",
                            "--local-infile",
                            "off"
                        },
                        HOME))
                .contains(new RestoreBenchOptions(
                        8,
                        1_000,
                        2,
                        10,
                        true,
                        Path.of("/tmp/w"),
                        "/opt/sysbench",
                        "/opt/mydumper",
                        "/opt/myloader",
                        HOME,
                        false));
    }

    @Test
    void helpStopsParsing() {
        assertThat(RestoreBenchOptions.parse(new String[] {"--seconds", "2", "--help", "--bogus"}, HOME))
                .isEmpty();
        assertThat(RestoreBenchOptions.parse(new String[] {"-h"}, HOME)).isEmpty();
    }

    @Test
    void badUsageNamesTheOptionAndTheValue() {
        assertThatThrownBy(() -> RestoreBenchOptions.parse(new String[] {"--seconds", "0"}, HOME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--seconds must be positive, was 0");
        assertThatThrownBy(() -> RestoreBenchOptions.parse(new String[] {"--threads", "four"}, HOME))
                .hasMessage("--threads must be a number up to 2147483647, was 'four'");
        assertThatThrownBy(() -> RestoreBenchOptions.parse(new String[] {"--table-size", "9999999999"}, HOME))
                .hasMessage("--table-size must be a number up to 2147483647, was '9999999999'");
        assertThatThrownBy(() -> RestoreBenchOptions.parse(new String[] {"--work"}, HOME))
                .hasMessage("--work needs a value");
        assertThatThrownBy(() -> RestoreBenchOptions.parse(new String[] {"--local-infile", "yes"}, HOME))
                .hasMessage("--local-infile must be on or off, was 'yes'");
        assertThatThrownBy(() -> RestoreBenchOptions.parse(new String[] {"--rounds", "3"}, HOME))
                .hasMessage("unknown option --rounds");
    }
}
