package io.binlogpitr.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Passwords and durations, which the agent's config and the restore tool's options both use. */
class PasswordsAndDurationsTest {
    @TempDir
    Path dir;

    @Test
    void passwordsComeFromFileThenEnvironmentAndNeverEmptyFiles() throws IOException {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "s3cret\n");
        assertThat(Passwords.resolve(Optional.of(pw), "E", Map.of("E", "env"), "source"))
                .isEqualTo("s3cret");
        assertThat(Passwords.resolve(Optional.empty(), "E", Map.of("E", "env"), "source"))
                .isEqualTo("env");
        assertThat(Passwords.resolve(Optional.empty(), "E", Map.of(), "source")).isEmpty();
        Files.writeString(pw, "");
        assertThatThrownBy(() -> Passwords.resolve(Optional.of(pw), "E", Map.of(), "source"))
                .isInstanceOfSatisfying(
                        PitrException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PASSWORD_FILE))
                .hasMessageContaining("is empty");
    }

    @Test
    void durationsRoundTrip() {
        assertThat(Durations.parse("200ms")).isEqualTo(Duration.ofMillis(200));
        assertThat(Durations.format(Duration.ofHours(24))).isEqualTo("1d");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.parse("0")).isZero();
    }
}
