package io.binlogpitr.restore.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** --target HOST:PORT, the timeouts, and the error a DBA gets when the target cannot be used. */
class TargetConnectionsTest {
    private static final Map<String, String> ENV = Map.of(TargetConnections.PASSWORD_ENV, "secret");

    @Test
    void anAddressWithoutAPortMeans3306() {
        assertThat(TargetConnections.of("db7", "pitr", Optional.empty(), ENV).address())
                .isEqualTo("db7:3306");
        assertThat(TargetConnections.of("10.0.0.7:3307", "pitr", Optional.empty(), ENV)
                        .address())
                .isEqualTo("10.0.0.7:3307");
    }

    @Test
    void aMalformedAddressIsRefusedNamingIt() {
        for (String bad : new String[] {"db7:", "db7:x", ":3306", "db7:0", "db7:65536"}) {
            assertThatThrownBy(() -> TargetConnections.of(bad, "pitr", Optional.empty(), ENV))
                    .isInstanceOfSatisfying(
                            PitrException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                    .hasMessage("--target '" + bad + "' is not HOST:PORT");
        }
    }

    @Test
    void timeoutsOutOfRangeAreRefusedWithTheValue() {
        assertThatThrownBy(() -> new TargetConnections.Timeouts(Duration.ZERO, Duration.ofHours(1)))
                .isInstanceOf(PitrException.class)
                .hasMessageContaining("connect timeout PT0S is out of range");
        assertThatThrownBy(() -> new TargetConnections.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .isInstanceOf(PitrException.class)
                .hasMessageContaining("socket timeout PT-1S is out of range");
        // 0 for the socket: wait forever
        assertThat(new TargetConnections.Timeouts(Duration.ofSeconds(1), Duration.ZERO).socket())
                .isZero();
    }

    @Test
    void accessDeniedNamesTheUserAndTheCode() {
        TargetConnections t = new TargetConnections("db7", 3306, "pitr", "secret");
        PitrException e = t.describe(new SQLException("Access denied for user 'pitr'@'x'", "28000", 1045));

        assertThat(e.code()).isEqualTo(ErrorCode.TARGET_ACCESS_DENIED);
        assertThat(e.getMessage())
                .contains("db7:3306", "'pitr'", "MySQL error 1045, SQLSTATE 28000")
                .doesNotContain("secret");
    }

    @Test
    void anyOtherFailureSaysTheTargetCannotBeReached() {
        TargetConnections t = new TargetConnections("db7", 3306, "pitr", "secret");
        PitrException e = t.describe(new SQLException("Communications link failure\nmore", "08S01", 0));

        assertThat(e.code()).isEqualTo(ErrorCode.TARGET_UNREACHABLE);
        assertThat(e.getMessage())
                .isEqualTo("cannot reach the target at db7:3306: Communications link failure (MySQL error 0, SQLSTATE"
                        + " 08S01)");
    }
}
