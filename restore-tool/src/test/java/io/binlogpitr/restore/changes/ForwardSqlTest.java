package io.binlogpitr.restore.changes;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.journal.TransactionHeader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statements of the forward script (the shapes of CREATE TABLE ... SELECT: CreateTableSelectTest). */
class ForwardSqlTest {
    @Test
    void theCreateOfACreateTableSelectLosesOnlyItsStartTransactionClause() {
        assertThat(script("CREATE TABLE `totals` (\n  `customer` int NOT NULL,\n  `n` bigint NOT NULL DEFAULT '0'\n)"
                        + " START TRANSACTION"))
                .endsWith("\nUSE `shop`;\nCREATE TABLE `totals` (\n  `customer` int NOT NULL,\n"
                        + "  `n` bigint NOT NULL DEFAULT '0'\n);\n");
        assertThat(script("create table t (a int) start  transaction\n"))
                .endsWith("\nUSE `shop`;\ncreate table t (a int);\n");
        // as 8.0.31 logs CREATE TABLE t ENGINE=InnoDB COMMENT 'x' SELECT ...: the options follow the clause
        assertThat(script("CREATE TABLE `t` (\n  `a` int DEFAULT NULL\n) START TRANSACTION ENGINE=InnoDB COMMENT='x'"))
                .endsWith("\nUSE `shop`;\nCREATE TABLE `t` (\n  `a` int DEFAULT NULL\n) ENGINE=InnoDB COMMENT='x';\n");
    }

    @Test
    void otherStatementsAreLeftAlone() {
        assertThat(script("ALTER TABLE t COMMENT 'START TRANSACTION'"))
                .endsWith("\nUSE `shop`;\nALTER TABLE t COMMENT 'START TRANSACTION';\n");
        assertThat(script("CREATE TABLE t (a int) COMMENT 'x START TRANSACTION'"))
                .endsWith("\nUSE `shop`;\nCREATE TABLE t (a int) COMMENT 'x START TRANSACTION';\n");
    }

    /** The script of one transaction that ran {@code sql} in database shop. */
    private static String script(String sql) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SqlScript script = SqlScript.to(out);
        TransactionHeader h = new TransactionHeader(
                new Gtid("3e11fa47-71ca-11e1-9e33-c80aa9429562", 7), 0, 0, "binlog.000001", 4, 100, 1, 19);
        new ForwardSql(script)
                .transaction(new TransactionChanges(
                        h, List.of(), List.of(new TransactionChanges.Statement("shop", sql)), List.of()));
        script.finish();
        return out.toString(StandardCharsets.UTF_8);
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
                h, List.of(), List.of(new TransactionChanges.Statement(db, sql, false, 0L)), List.of());
    }

    @Test
    void aStatementRunsInTheSqlModeItRanWithThenTheScriptsModeComesBack() {
        long ansiQuotes = 1L << 2, noBackslashEscapes = 1L << 20;
        String ddl = "CREATE TABLE \"t\" (\"k\" VARCHAR(3) DEFAULT 'a\\')";
        assertThat(ForwardSql.inItsSqlMode(
                        new TransactionChanges.Statement("shop", ddl, false, ansiQuotes | noBackslashEscapes)))
                .containsExactly(
                        "SET @pitr_script_sql_mode = @@session.sql_mode",
                        "SET @@session.sql_mode=1048580 /* 'ANSI_QUOTES,NO_BACKSLASH_ESCAPES' */",
                        ddl,
                        "SET @@session.sql_mode = @pitr_script_sql_mode");
        assertThat(ForwardSql.inItsSqlMode(new TransactionChanges.Statement("shop", "DROP TABLE t")))
                .containsExactly("DROP TABLE t");
    }
}
