package io.binlogpitr.restore.changes;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.journal.TransactionHeader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardSqlTest {
    @Test
    void theCreateOfACreateTableSelectLosesOnlyItsStartTransactionClause() {
        assertThat(ForwardSql.withoutStartTransaction(
                        "CREATE TABLE `totals` (\n  `customer` int NOT NULL,\n  `n` bigint NOT NULL DEFAULT '0'\n)"
                                + " START TRANSACTION"))
                .isEqualTo("CREATE TABLE `totals` (\n  `customer` int NOT NULL,\n  `n` bigint NOT NULL DEFAULT '0'\n)");
        assertThat(ForwardSql.withoutStartTransaction("create table t (a int) start  transaction\n"))
                .isEqualTo("create table t (a int)");
    }

    @Test
    void otherStatementsAreLeftAlone() {
        assertThat(ForwardSql.withoutStartTransaction("ALTER TABLE t COMMENT 'START TRANSACTION'"))
                .isEqualTo("ALTER TABLE t COMMENT 'START TRANSACTION'");
        assertThat(ForwardSql.withoutStartTransaction("CREATE TABLE t (a int) COMMENT 'x START TRANSACTION'"))
                .isEqualTo("CREATE TABLE t (a int) COMMENT 'x START TRANSACTION'");
    }

    @Test
    void eventsTheSourceEnabledAreWrittenDisabledOnSlaveAndNamed() {
        String create = "CREATE DEFINER=`root`@`localhost` EVENT `tick` ON SCHEDULE EVERY 1 SECOND"
                + " STARTS '2026-01-01 00:00:00' ON COMPLETION NOT PRESERVE ENABLE DO INSERT INTO ticks VALUES (NULL)";
        String bare = "CREATE EVENT shop.nightly ON SCHEDULE EVERY 1 DAY DO DELETE FROM carts";
        String alter = "ALTER EVENT `tick` ENABLE";
        String off = "CREATE EVENT quiet ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM carts";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ForwardSql sql;
        try (SqlScript script = SqlScript.to(out)) {
            sql = new ForwardSql(script);
            for (String s : List.of(create, bare, alter, off)) {
                sql.transaction(statement("app", s));
            }
            script.finish();
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .contains("ON COMPLETION NOT PRESERVE DISABLE ON SLAVE DO INSERT INTO ticks")
                .contains("CREATE EVENT shop.nightly ON SCHEDULE EVERY 1 DAY DISABLE ON SLAVE DO DELETE FROM carts")
                .contains("ALTER EVENT `tick` DISABLE ON SLAVE;")
                .contains(off + ";")
                .doesNotContain(" ENABLE DO");
        assertThat(sql.disabledEvents()).containsExactly("`app`.`tick`", "`shop`.`nightly`");
    }

    private static TransactionChanges statement(String db, String sql) {
        TransactionHeader h = new TransactionHeader(
                new Gtid("3e11fa47-71ca-11e1-9e33-c80aa9429562", 7), 0, 0, "binlog.000001", 4, 100, 1, 19);
        return new TransactionChanges(
                h, List.of(), List.of(new TransactionChanges.Statement(db, sql, false, 0)), List.of());
    }
}
