package io.binlogpitr.common.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a journaled CREATE/ALTER EVENT is made to leave the event disabled on the restore target. */
class ReplicaEventsTest {
    private static final long ANSI_QUOTES = 1L << 2;

    @Test
    void aCreateEventWithoutAStatusIsEnabledByDefaultAndGetsDisableOnSlaveBeforeItsBody() {
        String sql = "CREATE DEFINER=`root`@`localhost` EVENT ev_once ON SCHEDULE AT CURRENT_TIMESTAMP ON COMPLETION"
                + " PRESERVE DO INSERT INTO event_log (note, n) SELECT 'ENABLE', COUNT(*) FROM employees";
        assertThat(ReplicaEvents.disabledOnTarget(sql, 0))
                .isEqualTo("CREATE DEFINER=`root`@`localhost` EVENT ev_once ON SCHEDULE AT CURRENT_TIMESTAMP ON"
                        + " COMPLETION PRESERVE DISABLE ON SLAVE DO INSERT INTO event_log (note, n) SELECT 'ENABLE',"
                        + " COUNT(*) FROM employees");
    }

    @Test
    void enableBecomesDisableOnSlaveAndACommentStaysAfterIt() {
        assertThat(ReplicaEvents.disabledOnTarget(
                        "create event `ëv 1` on schedule every 1 hour starts '2037-01-01' enable comment 'nightly 🌙'"
                                + " do begin delete from t where id > 0; end",
                        0))
                .isEqualTo("create event `ëv 1` on schedule every 1 hour starts '2037-01-01' DISABLE ON SLAVE comment"
                        + " 'nightly 🌙' do begin delete from t where id > 0; end");
        assertThat(ReplicaEvents.disabledOnTarget(
                        "CREATE EVENT e ON SCHEDULE EVERY 1 DAY COMMENT 'x' DO DELETE FROM t", 0))
                .isEqualTo("CREATE EVENT e ON SCHEDULE EVERY 1 DAY DISABLE ON SLAVE COMMENT 'x' DO DELETE FROM t");
    }

    @Test
    void alterEventEnableIsDisabledAndOtherAltersAreKept() {
        assertThat(ReplicaEvents.disabledOnTarget("ALTER EVENT ev_nightly ENABLE COMMENT 'on again'", 0))
                .isEqualTo("ALTER EVENT ev_nightly DISABLE ON SLAVE COMMENT 'on again'");
        String rename = "ALTER EVENT ev_nightly RENAME TO ev_daily";
        assertThat(ReplicaEvents.disabledOnTarget(rename, 0)).isSameAs(rename);
    }

    @Test
    void disabledEventsOtherStatementsAndUnparseableTextAreKept() {
        for (String sql : new String[] {
            "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM t",
            "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DISABLE ON SLAVE DO DELETE FROM t",
            "INSERT INTO event (enable) VALUES (1)",
            "DROP EVENT IF EXISTS e",
            "CREATE EVENT e ON SCHEDULE EVERY ENABLE"
        }) {
            assertThat(ReplicaEvents.disabledOnTarget(sql, 0)).as(sql).isSameAs(sql);
        }
    }

    @Test
    void ansiQuotesAreHonoured() {
        assertThat(ReplicaEvents.disabledOnTarget(
                        "CREATE EVENT \"my event\" ON SCHEDULE EVERY 1 DAY DO DELETE FROM \"t\"", ANSI_QUOTES))
                .isEqualTo("CREATE EVENT \"my event\" ON SCHEDULE EVERY 1 DAY DISABLE ON SLAVE DO DELETE FROM \"t\"");
    }
}
