package io.binlogpitr.testing.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MysqlSettingsTest {
    @Test
    void flagNamesAreNormalizedToUnderscores() {
        MysqlSettings settings = MysqlSettings.defaults()
                .withFlag("--binlog-row-metadata", "MINIMAL")
                .withTimeZone("+05:30");

        assertThat(settings.flags()).isEqualTo(Map.of("binlog_row_metadata", "MINIMAL", "default_time_zone", "+05:30"));
    }

    @Test
    void pitrSourceMeetsTheSourcePrerequisites() {
        assertThat(MysqlSettings.pitrSource().flags())
                .containsEntry("gtid_mode", "ON")
                .containsEntry("binlog_format", "ROW")
                .containsEntry("binlog_row_image", "FULL");
    }

    @Test
    void badValuesAreRefusedWithTheValue() {
        assertThatThrownBy(() -> MysqlSettings.defaults().withServerId(0)).hasMessageContaining("was 0");
        assertThatThrownBy(() -> MysqlSettings.defaults().withPort(70000)).hasMessageContaining("was 70000");
        assertThatThrownBy(() -> MysqlSettings.defaults().withStartTimeout(Duration.ofMillis(10)))
                .hasMessageContaining("PT0.01S");
        assertThatThrownBy(() -> MysqlSettings.defaults().withFlag("a b", "1")).hasMessageContaining("'a b'");
    }
}
