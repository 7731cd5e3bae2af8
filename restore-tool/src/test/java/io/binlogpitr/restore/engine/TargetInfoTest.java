package io.binlogpitr.restore.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** What the restore reads of the target, from the one query it sends: gtid_executed as the server prints it. */
class TargetInfoTest {
    private static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final String B = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    /** A connection whose every query answers one row of {@code values}. */
    private static Connection answering(Object... values) {
        ResultSet rs = (ResultSet) Proxy.newProxyInstance(
                ResultSet.class.getClassLoader(),
                new Class<?>[] {ResultSet.class},
                (p, m, args) -> switch (m.getName()) {
                    case "next" -> true;
                    case "getString" -> (String) values[(Integer) args[0] - 1];
                    case "getLong" -> (Long) values[(Integer) args[0] - 1];
                    default -> null;
                });
        Statement st = (Statement) Proxy.newProxyInstance(
                Statement.class.getClassLoader(),
                new Class<?>[] {Statement.class},
                (p, m, args) -> m.getName().equals("executeQuery") ? rs : null);
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (p, m, args) -> m.getName().equals("createStatement") ? st : null);
    }

    @Test
    void aMultiLineGtidExecutedIsReadWhole() throws Exception {
        // the server breaks gtid_executed after each comma when it has several sources
        TargetInfo info = TargetInfo.read(answering("8.0.36", "ON", A + ":1-100,\n" + B + ":1-5", 67108864L));

        assertThat(info.version()).isEqualTo("8.0.36");
        assertThat(info.gtidModeOn()).isTrue();
        assertThat(info.gtidExecuted()).isEqualTo(GtidSet.parse(A + ":1-100," + B + ":1-5"));
        assertThat(info.maxAllowedPacket()).isEqualTo(67108864L);
    }

    @Test
    void gtidModeIsOnOnlyWhenItIsOn() throws Exception {
        assertThat(TargetInfo.read(answering("8.4.0", "on", "", 1L)).gtidModeOn())
                .isTrue();
        assertThat(TargetInfo.read(answering("8.4.0", "ON_PERMISSIVE", "", 1L)).gtidModeOn())
                .isFalse();
        assertThat(TargetInfo.read(answering("8.4.0", "OFF", "", 1L)).gtidModeOn())
                .isFalse();
        assertThat(TargetInfo.read(answering("8.4.0", "OFF", "", 1L))
                        .gtidExecuted()
                        .isEmpty())
                .isTrue();
    }
}
