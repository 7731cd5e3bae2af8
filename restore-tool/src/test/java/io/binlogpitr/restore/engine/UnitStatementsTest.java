package io.binlogpitr.restore.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The retry path of a DDL an interrupted run had started: only the statement whose effect the target says is
 * already there is passed over (with a CREATE TABLE ... SELECT, its rows up to their COMMIT); every other statement
 * still runs, in order, and any other failure, or any failure of a unit that cannot have run, still fails.
 */
class UnitStatementsTest {
    private static final String GTID = "3e11fa47-71ca-11e1-9e33-c80aa9429562:8";
    private static final List<String> DDL = List.of(
            "USE `shop`",
            "SET @@session.sql_mode = 0",
            "ALTER TABLE t ADD COLUMN extra INT",
            "SET @@session.timestamp = DEFAULT",
            "ALTER TABLE t ADD INDEX by_extra (extra)",
            "SET @@session.timestamp = DEFAULT");

    private static FakeTarget failing(String statement, int code) {
        return new FakeTarget(sql -> {
            if (sql.equals(statement)) {
                throw FakeTarget.mysqlError(code, "injected " + code);
            }
        });
    }

    @Test
    void aUnitThatMayHaveRunPassesOverTheStatementWhoseEffectIsThereAndRunsTheRest() throws Exception {
        FakeTarget target = failing("ALTER TABLE t ADD COLUMN extra INT", 1060);
        UnitStatements.run(target.open().createStatement(), DDL, true, GTID);

        assertThat(target.executed)
                .containsExactly(
                        "USE `shop`",
                        "SET @@session.sql_mode = 0",
                        "SET @@session.timestamp = DEFAULT",
                        "ALTER TABLE t ADD INDEX by_extra (extra)",
                        "SET @@session.timestamp = DEFAULT");
    }

    @Test
    void aUnitThatCannotHaveRunFailsOnAnAlreadyThereAnswer() {
        FakeTarget target = failing("ALTER TABLE t ADD COLUMN extra INT", 1060);
        assertThatThrownBy(() -> UnitStatements.run(target.open().createStatement(), DDL, false, GTID))
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1060));
        assertThat(target.executed).containsExactly("USE `shop`", "SET @@session.sql_mode = 0");
    }

    @Test
    void anyOtherFailureOfAUnitThatMayHaveRunStillFails() {
        // 1213: deadlock; not an answer that says the effect is there
        FakeTarget target = failing("ALTER TABLE t ADD COLUMN extra INT", 1213);
        assertThatThrownBy(() -> UnitStatements.run(target.open().createStatement(), DDL, true, GTID))
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1213));
        assertThat(target.executed).doesNotContain("ALTER TABLE t ADD INDEX by_extra (extra)");
    }

    /**
     * A CREATE TABLE ... SELECT that an interrupted run committed (table and rows together): its rows and their COMMIT
     * are passed over with it, the statements after the COMMIT run.
     */
    @Test
    void aCtasWhoseTableIsThereSkipsItsRowsUpToTheCommitOnly() throws Exception {
        String create = "CREATE TABLE t2 (id INT) START TRANSACTION";
        List<String> ctas = List.of(
                "USE `shop`",
                create,
                "BINLOG 'rows of t2'",
                "BINLOG 'more rows of t2'",
                "COMMIT",
                "SET @@session.timestamp = DEFAULT",
                "ALTER TABLE t2 ADD COLUMN c INT");
        FakeTarget target = failing(create, 1050);
        UnitStatements.run(target.open().createStatement(), ctas, true, GTID);

        assertThat(target.executed)
                .containsExactly("USE `shop`", "SET @@session.timestamp = DEFAULT", "ALTER TABLE t2 ADD COLUMN c INT");
    }

    @Test
    void aCtasThatDidNotRunRunsWhole() throws Exception {
        String create = "CREATE TABLE t2 (id INT) START TRANSACTION";
        List<String> ctas = List.of(create, "BINLOG 'rows of t2'", "COMMIT", "SET @@session.timestamp = DEFAULT");
        FakeTarget target = new FakeTarget(sql -> {});
        UnitStatements.run(target.open().createStatement(), ctas, true, GTID);

        assertThat(target.executed).isEqualTo(ctas);
    }
}
