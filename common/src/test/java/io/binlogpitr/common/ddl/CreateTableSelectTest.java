package io.binlogpitr.common.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.ddl.parser.mysql.generated.MySqlParser;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CTAS shapes, as a MySQL 8.0.31 server logged them (SHOW BINLOG EVENTS, 2026-12-04) and as users write them.
 * The logged Query event of every {@code CREATE TABLE ... SELECT} below was {@code CREATE TABLE `t` (columns) START
 * TRANSACTION [options]} between BEGIN and the rows; the user's text never reaches the binlog.
 */
class CreateTableSelectTest {
    private static final long NO_BACKSLASH_ESCAPES = 1L << 20;

    /** Logged by 8.0.31, each for the user statement in the comment: each opens a transaction. */
    static Stream<Arguments> logged() {
        return Stream.of(
                // CREATE TABLE t1 SELECT * FROM u
                a(
                        "CREATE TABLE `t1` (\n  `id` int NOT NULL,\n  `v` varchar(10) DEFAULT NULL\n) START TRANSACTION",
                        "CREATE TABLE `t1` (\n  `id` int NOT NULL,\n  `v` varchar(10) DEFAULT NULL\n)"),
                // CREATE TABLE t4 (id int primary key) IGNORE SELECT id FROM u (REPLACE: the same)
                a(
                        "CREATE TABLE `t4` (\n  `id` int NOT NULL,\n  PRIMARY KEY (`id`)\n) START TRANSACTION",
                        "CREATE TABLE `t4` (\n  `id` int NOT NULL,\n  PRIMARY KEY (`id`)\n)"),
                // CREATE TABLE t8 COMMENT 'START TRANSACTION' SELECT 'SELECT' AS x FROM u -- START TRANSACTION
                a(
                        "CREATE TABLE `t8` (\n  `x` varchar(6) CHARACTER SET utf8mb3 NOT NULL DEFAULT ''\n)"
                                + " START TRANSACTION COMMENT='START TRANSACTION'",
                        "CREATE TABLE `t8` (\n  `x` varchar(6) CHARACTER SET utf8mb3 NOT NULL DEFAULT ''\n)"
                                + " COMMENT='START TRANSACTION'"),
                // CREATE TABLE o1 ENGINE=InnoDB DEFAULT CHARSET=latin1 SELECT * FROM u: the clause is not last
                a(
                        "CREATE TABLE `o1` (\n  `id` int NOT NULL\n) START TRANSACTION ENGINE=InnoDB DEFAULT CHARSET=latin1",
                        "CREATE TABLE `o1` (\n  `id` int NOT NULL\n) ENGINE=InnoDB DEFAULT CHARSET=latin1"),
                // CREATE TABLE o3 (id int primary key) PARTITION BY HASH(id) PARTITIONS 2 SELECT id FROM u
                a(
                        "CREATE TABLE `o3` (\n  `id` int NOT NULL,\n  PRIMARY KEY (`id`)\n) START TRANSACTION\n"
                                + "/*!50100 PARTITION BY HASH (`id`)\nPARTITIONS 2 */",
                        "CREATE TABLE `o3` (\n  `id` int NOT NULL,\n  PRIMARY KEY (`id`)\n)\n"
                                + "/*!50100 PARTITION BY HASH (`id`)\nPARTITIONS 2 */"),
                // CREATE TABLE `o6` (a int) COMMENT 'it''s SELECT' SELECT 1 AS b
                a(
                        "CREATE TABLE `o6` (\n  `a` int DEFAULT NULL\n) START TRANSACTION COMMENT='it''s SELECT'",
                        "CREATE TABLE `o6` (\n  `a` int DEFAULT NULL\n) COMMENT='it''s SELECT'"),
                // under ANSI_QUOTES: SET sql_mode='ANSI_QUOTES'; CREATE TABLE t16 SELECT * FROM u
                a(
                        "CREATE TABLE \"t16\" (\n  \"id\" int NOT NULL\n) START TRANSACTION",
                        "CREATE TABLE \"t16\" (\n  \"id\" int NOT NULL\n)"),
                // a column default and comment that say SELECT and START TRANSACTION
                a(
                        "CREATE TABLE `t` (\n  `a` varchar(30) DEFAULT 'x) START TRANSACTION' COMMENT 'SELECT'\n)"
                                + " START TRANSACTION",
                        "CREATE TABLE `t` (\n  `a` varchar(30) DEFAULT 'x) START TRANSACTION' COMMENT 'SELECT'\n)"),
                // typed by a user (the server logs it as written, in a transaction)
                a("CREATE TABLE t15 (a int) START TRANSACTION", "CREATE TABLE t15 (a int)"),
                a("create table t (a int) start  transaction\n", "create table t (a int)"),
                a("create table t (a int) start /* c */ transaction;", "create table t (a int)"),
                a(
                        "/* lead */ CREATE TEMPORARY TABLE t (a int) START TRANSACTION",
                        "/* lead */ CREATE TEMPORARY TABLE" + " t (a int)"),
                a(
                        "CREATE TABLE IF NOT EXISTS db.t (a int) START TRANSACTION",
                        "CREATE TABLE IF NOT EXISTS db.t (a int)"));
    }

    /** No transaction opened: what the server logs as a DDL of its own, and the user's forms (never logged). */
    static Stream<String> notLogged() {
        return Stream.of(
                "CREATE TABLE t9 LIKE u",
                "CREATE TABLE t10 (LIKE u)",
                "CREATE TABLE t7  (a varchar(30) default 'SELECT x START TRANSACTION') COMMENT 'SELECT START TRANSACTION'",
                "CREATE TABLE t (a int) COMMENT 'x START TRANSACTION'",
                "CREATE TABLE t (a int) /* START TRANSACTION */",
                "CREATE TABLE t (a int) -- START TRANSACTION",
                "CREATE TABLE t (a int) # START TRANSACTION",
                "CREATE TABLE t (`START TRANSACTION` int)",
                "CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a + 1)) ENGINE=InnoDB",
                "CREATE TABLE t SELECT * FROM u",
                "CREATE TABLE t (a INT) SELECT b FROM u",
                "CREATE TABLE t AS (SELECT * FROM u)",
                "CREATE TABLE t (id int primary key) IGNORE SELECT id FROM u",
                "CREATE TABLE t (id int primary key) REPLACE SELECT id FROM u",
                "CREATE TEMPORARY TABLE t SELECT * FROM u",
                "CREATE TABLE t SELECT start transaction FROM u",
                "ALTER TABLE t COMMENT 'START TRANSACTION'",
                "ALTER TABLE t ADD COLUMN start INT, ALGORITHM=INPLACE",
                "START TRANSACTION",
                "INSERT INTO t VALUES ('CREATE TABLE x (a int) START TRANSACTION')",
                "CREATE VIEW v AS SELECT 1 AS start",
                "CREATE TABLE",
                "CREATE TABLE t (a varchar(3) DEFAULT 'unterminated",
                "");
    }

    @ParameterizedTest
    @MethodSource("logged")
    void theLoggedCreateOfACtasOpensATransactionAndLosesOnlyItsClause(String sql, String without) {
        assertThat(CreateTableSelect.opensTransaction(sql)).isTrue();
        assertThat(CreateTableSelect.withoutStartTransaction(sql)).isEqualTo(without);
    }

    @ParameterizedTest
    @MethodSource("notLogged")
    void otherStatementsOpenNoTransactionAndAreLeftAlone(String sql) {
        assertThat(CreateTableSelect.withoutStartTransaction(sql)).isSameAs(sql);
    }

    @Test
    void aLiteralEndingInABackslashUnderNoBackslashEscapes() {
        // 'a\' is a whole literal under NO_BACKSLASH_ESCAPES (the server logs a user's CREATE ... START TRANSACTION as
        // written)
        String sql = "CREATE TABLE t (a int) COMMENT 'a\\' START TRANSACTION";
        assertThat(CreateTableSelect.opensTransaction(sql, NO_BACKSLASH_ESCAPES))
                .isTrue();
        assertThat(CreateTableSelect.withoutStartTransaction(sql, NO_BACKSLASH_ESCAPES))
                .isEqualTo("CREATE TABLE t (a int) COMMENT 'a\\'");
        String logged = "CREATE TABLE `o7` (\n  `c` int NOT NULL DEFAULT '0'\n) START TRANSACTION COMMENT='a\\\\'";
        assertThat(CreateTableSelect.opensTransaction(logged)).isTrue();
        assertThat(CreateTableSelect.opensTransaction(logged, NO_BACKSLASH_ESCAPES))
                .isTrue();
    }

    @Test
    void textAfterSupplementaryCharactersIsCutAtTheRightPlace() {
        String sql =
                "CREATE TABLE `t\uD83D\uDE00` (\n  `a` int DEFAULT NULL COMMENT '\uD83D\uDE00'\n) START TRANSACTION"
                        + " COMMENT='\uD83D\uDE00'";
        assertThat(CreateTableSelect.withoutStartTransaction(sql))
                .isEqualTo("CREATE TABLE `t\uD83D\uDE00` (\n  `a` int DEFAULT NULL COMMENT '\uD83D\uDE00'\n)"
                        + " COMMENT='\uD83D\uDE00'");
    }

    static Stream<Arguments> userForms() {
        return Stream.of(
                Arguments.of("CREATE TABLE t SELECT * FROM u", true),
                Arguments.of("CREATE TABLE t (a INT) SELECT b FROM u", true),
                Arguments.of("CREATE TABLE t AS SELECT * FROM u", true),
                Arguments.of("CREATE TABLE t AS (SELECT * FROM u)", true),
                Arguments.of("CREATE TABLE t (id int primary key) IGNORE SELECT id FROM u", true),
                Arguments.of("CREATE TABLE t (id int primary key) REPLACE SELECT id FROM u", true),
                Arguments.of("CREATE TEMPORARY TABLE t SELECT * FROM u", true),
                Arguments.of("CREATE TABLE t ENGINE=InnoDB COMMENT 'x' SELECT 'SELECT' AS s", true),
                Arguments.of("CREATE TABLE t WITH q AS (SELECT 1 AS a) SELECT * FROM q", true),
                Arguments.of("CREATE TABLE t TABLE u", true),
                Arguments.of("CREATE TABLE t (a int) /* SELECT 1 */ COMMENT 'SELECT 1'", false),
                Arguments.of("CREATE TABLE t LIKE u", false),
                Arguments.of("CREATE TABLE t (LIKE u)", false),
                Arguments.of("CREATE TABLE `t` (\n  `a` int DEFAULT NULL\n) START TRANSACTION", false));
    }

    @ParameterizedTest
    @MethodSource("userForms")
    void theUsersFormHoldsItsQuery(String sql, boolean holdsQuery) {
        MySqlParser.SimpleStatementContext s = DdlObjects.statement(sql, 0);
        assertThat(s).as("parses").isNotNull();
        assertThat(CreateTableSelect.holdsQuery(s.createStatement().createTable()))
                .isEqualTo(holdsQuery);
    }

    private static Arguments a(String sql, String without) {
        return Arguments.of(sql, without);
    }
}
