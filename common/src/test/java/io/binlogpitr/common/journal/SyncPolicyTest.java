package io.binlogpitr.common.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.error.PitrException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SyncPolicyTest {
    @Test
    void parsesTheDocumentedForms() {
        assertThat(SyncPolicy.parse("every-transaction")).isSameAs(SyncPolicy.EVERY_TRANSACTION);
        assertThat(SyncPolicy.parse("200ms")).isEqualTo(SyncPolicy.interval(Duration.ofMillis(200)));
        assertThat(SyncPolicy.parse(" 1s ")).isEqualTo(SyncPolicy.interval(Duration.ofSeconds(1)));
        assertThat(SyncPolicy.parse("1m")).isEqualTo(SyncPolicy.interval(Duration.ofMinutes(1)));
        assertThat(JournalSettings.defaults().sync()).isEqualTo(SyncPolicy.interval(Duration.ofMillis(200)));
        assertThat(JournalSettings.defaults().fragmentBytes()).isEqualTo(4 << 20);
    }

    @Test
    void rejectsBadValuesNamingThem() {
        assertThatThrownBy(() -> SyncPolicy.parse("often"))
                .isInstanceOf(PitrException.class)
                .hasMessageContaining("'often'");
        assertThatThrownBy(() -> SyncPolicy.parse("0ms")).hasMessageContaining("between 1ms and 1m");
        assertThatThrownBy(() -> SyncPolicy.parse("2m")).hasMessageContaining("between 1ms and 1m");
        assertThatThrownBy(() -> JournalSettings.defaults().withFragmentBytes(100))
                .hasMessageContaining("100 bytes");
    }
}
