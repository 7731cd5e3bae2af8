package io.binlogpitr.restore.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The per-transaction applier with a fake target: a worker that dies of an {@code Error} fails the replay with the
 * GTID in progress (it used to be waited for forever), and a DDL an interrupted run may have run carries on with the
 * statements after the one whose effect is already there.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a timing: the old applier waited forever
class ParallelApplierTest {
    private static final String UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

    private static ApplyUnit unit(long n, List<String> sql, boolean exclusive, boolean mayHaveRun, String after) {
        return new ApplyUnit(
                n, UUID + ":" + n, "binlog.000001", n - 1, n, exclusive, null, sql, 0, 1, mayHaveRun, after);
    }

    @Test
    void aWorkerThatThrowsAnErrorFailsTheReplayNamingTheGtid() throws Exception {
        FakeTarget target = new FakeTarget(sql -> {
            if (sql.equals("BINLOG 'two'")) {
                throw new OutOfMemoryError("injected");
            }
        });
        try (ParallelApplier applier = new ParallelApplier(target, 2, c -> {})) {
            applier.submit(unit(1, List.of("BEGIN", "BINLOG 'one'", "COMMIT"), false, false, null));
            applier.submit(unit(2, List.of("BEGIN", "BINLOG 'two'", "COMMIT"), false, false, null));
            assertThatThrownBy(() -> {
                        applier.submit(unit(3, List.of("BEGIN", "BINLOG 'three'", "COMMIT"), false, false, null));
                        applier.drain();
                    })
                    .isInstanceOfSatisfying(
                            PitrException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                    .hasMessageContaining(UUID + ":2")
                    .hasMessageContaining("OutOfMemoryError");
            assertThat(applier.committed().contains(UUID, 2)).isFalse();
        }
    }

    @Test
    void anSqlFailureNamesTheTransactionAndOnlyCommittedUnitsCount() throws Exception {
        FakeTarget target = new FakeTarget(sql -> {
            if (sql.equals("BINLOG 'two'")) {
                throw FakeTarget.mysqlError(1032, "Can't find record in 't'");
            }
        });
        try (ParallelApplier applier = new ParallelApplier(target, 1, c -> {})) {
            applier.submit(unit(1, List.of("BEGIN", "BINLOG 'one'", "COMMIT"), false, false, null));
            applier.submit(unit(2, List.of("BEGIN", "BINLOG 'two'", "COMMIT"), false, false, null));
            assertThatThrownBy(applier::drain)
                    .isInstanceOfSatisfying(
                            PitrException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REPLAY_FAILED))
                    .hasMessageContaining(UUID + ":2")
                    .hasMessageContaining("1032");
            assertThat(applier.committed().toString()).isEqualTo(UUID + ":1");
        }
    }

    @Test
    void aDdlWhoseEffectIsThereCarriesOnWithTheRestOfItsUnit() throws Exception {
        FakeTarget target = new FakeTarget(sql -> {
            if (sql.startsWith("ALTER TABLE")) {
                throw FakeTarget.mysqlError(1060, "Duplicate column name 'extra'");
            }
        });
        List<String> sql = List.of(
                "USE `shop`",
                "SET @@session.sql_mode = 0",
                "ALTER TABLE t ADD COLUMN extra INT",
                "SET @@session.timestamp = DEFAULT",
                "CREATE INDEX by_extra ON t (extra)",
                "SET @@session.timestamp = DEFAULT");
        try (ParallelApplier applier = new ParallelApplier(target, 1, c -> {})) {
            applier.submit(unit(7, sql, true, true, "UPDATE progress SET applied_index = 7"));
            applier.drain();
        }
        assertThat(target.executed)
                .containsSubsequence(
                        "SET @@session.timestamp = DEFAULT",
                        "CREATE INDEX by_extra ON t (extra)",
                        "SET @@session.timestamp = DEFAULT",
                        "UPDATE progress SET applied_index = 7");
    }

    @Test
    void aCtasWhoseTableIsThereSkipsItsRowsButNotWhatFollows() throws Exception {
        FakeTarget target = new FakeTarget(sql -> {
            if (sql.startsWith("CREATE TABLE")) {
                throw FakeTarget.mysqlError(1050, "Table 'copy' already exists");
            }
        });
        List<String> sql = List.of(
                "USE `shop`",
                "CREATE TABLE `copy` (`id` int NOT NULL) START TRANSACTION",
                "BINLOG 'rows'",
                "COMMIT",
                "SET @@session.timestamp = DEFAULT");
        try (ParallelApplier applier = new ParallelApplier(target, 1, c -> {})) {
            applier.submit(unit(8, sql, true, true, "UPDATE progress SET applied_index = 8"));
            applier.drain();
        }
        assertThat(target.executed)
                .containsExactly(
                        "USE `shop`", "SET @@session.timestamp = DEFAULT", "UPDATE progress SET applied_index = 8");
    }

    @Test
    void aFailureThatIsNotAnEffectAlreadyThereStillFails() {
        FakeTarget target = new FakeTarget(sql -> {
            if (sql.startsWith("ALTER TABLE")) {
                throw FakeTarget.mysqlError(1060, "Duplicate column name 'extra'");
            }
        });
        assertThatThrownBy(() -> {
                    try (ParallelApplier applier = new ParallelApplier(target, 1, c -> {})) {
                        applier.submit(unit(9, List.of("ALTER TABLE t ADD COLUMN extra INT"), true, false, null));
                        applier.drain();
                    }
                })
                .isInstanceOf(PitrException.class)
                .hasMessageContaining(UUID + ":9");
    }
}
