package io.binlogpitr.restore.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.binlog.QueryEvent;
import io.binlogpitr.common.binlog.SessionState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The statements one source DDL becomes: in its (renamed) default database, under its recorded session state, with
 * autocommit back on, and the session timestamp reset after it, except after a CREATE TABLE ... SELECT, whose
 * transaction stays open for its rows and is reset after their COMMIT ({@link TransactionSql#closeCtas}).
 */
class TransactionSqlTest {
    private static final String GTID = "3e11fa47-71ca-11e1-9e33-c80aa9429562:9";
    private static final String RESET = "SET @@session.timestamp = DEFAULT";
    private static final RestoreOptions ALL = options(Set.of(), Map.of());
    private static final RestoreOptions SIDE = options(Set.of(), Map.of("shop", "shop_before"));
    private static final RestoreOptions CRM = options(Set.of("crm"), Map.of());

    private static RestoreOptions options(Set<String> databases, Map<String, String> renames) {
        return new RestoreOptions(null, null, databases, Set.of(), renames, false, 1, 1, false);
    }

    private static TransactionSql sql(RestoreOptions options) {
        return new TransactionSql(options, "r1", false, id -> null, 1 << 20, null);
    }

    private static QueryEvent ddl(String database, String text) {
        SessionState state = new SessionState(
                1_700_000_000L,
                null,
                7,
                null,
                0L,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        return new QueryEvent(7, 0, 0, database, text.getBytes(StandardCharsets.UTF_8), state);
    }

    @Test
    void aDdlRunsInItsDatabaseUnderItsTimestampAndResetsTheTimestampAfter() {
        List<String> out = sql(ALL).statementSql(ddl("shop", "ALTER TABLE t ADD c INT"), GTID);

        assertThat(out.get(0)).isEqualTo("USE `shop`");
        assertThat(out).contains("SET @@session.timestamp=1700000000", "SET @@session.autocommit = 1");
        assertThat(out.subList(out.size() - 2, out.size())).containsExactly("ALTER TABLE t ADD c INT", RESET);
        assertThat(out.indexOf("SET @@session.autocommit = 1")).isLessThan(out.indexOf("ALTER TABLE t ADD c INT"));
        assertThat(TransactionSql.opensTransaction(out)).isFalse();
    }

    @Test
    void aCtasLeavesItsTransactionOpenAndTheTimestampForItsRows() {
        String create = "CREATE TABLE t2 (id INT) START TRANSACTION";
        List<String> out = sql(ALL).statementSql(ddl("shop", create), GTID);

        assertThat(out.get(out.size() - 1)).isEqualTo(create);
        assertThat(out).doesNotContain(RESET);
        assertThat(TransactionSql.opensTransaction(out)).isTrue();
        assertThat(TransactionSql.closeCtas()).containsExactly("COMMIT", RESET);
    }

    @Test
    void aDdlOfARenamedDatabaseRunsInTheNewName() {
        List<String> out = sql(SIDE).statementSql(ddl("shop", "ALTER TABLE t ADD c INT"), GTID);

        assertThat(out.get(0)).isEqualTo("USE `shop_before`");
        assertThat(out).contains("ALTER TABLE t ADD c INT");
    }

    @Test
    void aCreateDatabaseHasNoUseOfTheDatabaseItCreates() {
        List<String> out = sql(ALL).statementSql(ddl("fresh", "CREATE DATABASE fresh"), GTID);

        assertThat(out).noneMatch(s -> s.startsWith("USE "));
        assertThat(out).contains("CREATE DATABASE fresh");
    }

    @Test
    void aDdlOfADatabaseLeftOutProducesNothing() {
        assertThat(sql(CRM).statementSql(ddl("shop", "ALTER TABLE t ADD c INT"), GTID))
                .isEmpty();
        assertThat(sql(CRM).statementSql(ddl("crm", "ALTER TABLE t ADD c INT"), GTID))
                .contains("USE `crm`", "ALTER TABLE t ADD c INT");
    }

    @Test
    void anEmptyListOpensNoTransaction() {
        assertThat(TransactionSql.opensTransaction(List.of())).isFalse();
    }
}
