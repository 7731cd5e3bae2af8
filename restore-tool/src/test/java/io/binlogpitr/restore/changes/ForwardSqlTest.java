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
}
