package io.binlogpitr.agent.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings part of the pre-flight, from the variables a server reports (the rest runs against a real mysqld). */
class SourcePreflightTest {
    private static Map<String, String> good() {
        Map<String, String> v = new HashMap<>();
        v.put("version", "8.0.31");
        v.put("log_bin", "ON");
        v.put("binlog_format", "ROW");
        v.put("binlog_row_image", "FULL");
        v.put("gtid_mode", "ON");
        return v;
    }

    @Test
    void aReadySourceHasNoFinding() {
        assertThat(SourcePreflight.settingFailures(good())).isEmpty();
    }

    @Test
    void everyWrongSettingIsAFinding() {
        Map<String, String> v = good();
        v.put("log_bin", "OFF");
        v.put("binlog_format", "MIXED");
        v.put("binlog_row_image", "NOBLOB");
        v.put("gtid_mode", "OFF_PERMISSIVE");
        assertThat(SourcePreflight.settingFailures(v))
                .containsExactly(
                        "log_bin is OFF (needs ON)",
                        "binlog_format is MIXED (needs ROW)",
                        "binlog_row_image is NOBLOB (needs FULL)",
                        "gtid_mode is OFF_PERMISSIVE (needs ON)");
    }

    @Test
    void mysql57IsRefusedByNameAndMissingVariablesAreNamed() {
        Map<String, String> v = good();
        v.put("version", "5.7.44-log");
        v.remove("gtid_mode");
        assertThat(SourcePreflight.settingFailures(v))
                .anySatisfy(f -> assertThat(f).startsWith("MySQL 5.7.44-log is not supported (needs 8.0 or newer"))
                .contains("gtid_mode does not exist on this server (needs ON)");
        assertThat(SourcePreflight.majorVersion("8.4.3")).isEqualTo(8);
        assertThat(SourcePreflight.majorVersion("9.1.0")).isEqualTo(9);
    }
}
