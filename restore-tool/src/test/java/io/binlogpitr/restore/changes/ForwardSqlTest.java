package io.binlogpitr.restore.changes;

import static org.assertj.core.api.Assertions.assertThat;

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
