package io.binlogpitr.restore.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The batched replay's applier on a fake target, crash point by crash point. Each batch carries its progress row
 * before its COMMIT, so what the next run does follows from which statements reached the target: a batch counts
 * (in {@link BatchApplier#committed()}, hence in gtid_purged) only when its COMMIT went through; one that failed
 * anywhere before is rolled back with its progress row and is applied again, whole, by the next run.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard: an applier that waits forever fails here
class BatchApplierTest {
    private static final String UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final String ID = "r1";

    private final ExecutorService pool = Executors.newSingleThreadExecutor();
    private final List<String> progress = new ArrayList<>();

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    /** A batch of the transactions {@code first..last}, its row events as one BINLOG statement named after it. */
    private static BatchedReplay.Batch batch(long first, long last, byte[] fde) {
        GtidSet gtids = GtidSet.parse(UUID + ":" + first + "-" + last);
        List<String> sql = List.of(
                "BEGIN",
                "BINLOG 'rows " + first + "-" + last + "'",
                RestoreState.appliedSql(ID, last, UUID + ":" + last),
                "COMMIT");
        return new BatchedReplay.Batch(
                null,
                fde,
                sql,
                last,
                UUID + ":" + first,
                UUID + ":" + last,
                gtids,
                (int) (last - first + 1),
                (int) (last - first + 1),
                0);
    }

    private static BatchedReplay.Ddl ddl(long n, boolean mayHaveRun, String... statements) {
        return new BatchedReplay.Ddl(List.of(statements), n, Gtid.parse(UUID + ":" + n), mayHaveRun, null, 0, 0);
    }

    private BatchApplier applier(FakeTarget target, BlockingQueue<BatchedReplay.Work> queue) {
        return new BatchApplier(target, ID, queue, new ProgressReporter() {
            @Override
            public void phase(String name, long total) {}

            @Override
            public void progress(long done, String detail) {
                progress.add(done + " " + detail);
            }

            @Override
            public void done() {}
        });
    }

    /** Runs the applier over {@code work} (all queued up front) until it ends. */
    private BatchApplier run(FakeTarget target, BatchedReplay.Work... work) throws InterruptedException {
        BlockingQueue<BatchedReplay.Work> queue = new ArrayBlockingQueue<>(work.length + 1);
        queue.addAll(List.of(work));
        BatchApplier applier = applier(target, queue);
        Future<?> applying = pool.submit(applier);
        applier.await(applying);
        return applier;
    }

    @Test
    void everyBatchCommitsWithItsProgressRowAndCounts() throws Exception {
        FakeTarget target = new FakeTarget(sql -> {});
        BatchApplier applier = run(target, batch(1, 3, null), batch(4, 5, null), new BatchedReplay.End());

        assertThat(applier.failed()).isFalse();
        assertThat(applier.committed()).isEqualTo(GtidSet.parse(UUID + ":1-5"));
        assertThat(applier.transactions()).isEqualTo(5);
        assertThat(applier.batches()).isEqualTo(2);
        assertThat(target.executed)
                .containsExactly(
                        "SET SESSION sql_log_bin = 0",
                        "BEGIN",
                        "BINLOG 'rows 1-3'",
                        RestoreState.appliedSql(ID, 3, UUID + ":3"),
                        "COMMIT",
                        "BEGIN",
                        "BINLOG 'rows 4-5'",
                        RestoreState.appliedSql(ID, 5, UUID + ":5"),
                        "COMMIT");
        assertThat(progress)
                .containsExactly(
                        "3 at " + UUID + ":3, committed 1970-01-01T00:00:00Z",
                        "5 at " + UUID + ":5, committed 1970-01-01T00:00:00Z");
    }

    /**
     * Crash point: inside the second batch, after its row events were refused, before its COMMIT. The next run reads
     * applied_index 3 (the first batch's progress row) and applies 4-5 again, whole; gtid_purged gets 1-3 only.
     */
    @Test
    void aBatchRefusedBeforeItsCommitIsRolledBackAndNotCounted() throws Exception {
        FakeTarget target = new FakeTarget(sql -> {
            if (sql.equals("BINLOG 'rows 4-5'")) {
                throw FakeTarget.mysqlError(1032, "Can't find record in 't'");
            }
        });
        BatchApplier applier =
                run(target, batch(1, 3, null), batch(4, 5, null), batch(6, 7, null), new BatchedReplay.End());

        assertThat(applier.committed()).isEqualTo(GtidSet.parse(UUID + ":1-3"));
        assertThat(applier.transactions()).isEqualTo(3);
        assertThatThrownBy(applier::throwIfFailed)
                .isInstanceOfSatisfying(
                        PitrException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REPLAY_FAILED))
                .hasMessageContaining(UUID + ":4 .. " + UUID + ":5")
                .hasMessageContaining("1032")
                .hasMessageContaining("what was applied before it stays");
        // the failed batch's progress row never committed: rolled back; nothing after it was sent
        assertThat(target.executed)
                .endsWith("BEGIN", "ROLLBACK")
                .doesNotContain(RestoreState.appliedSql(ID, 5, UUID + ":5"), "BINLOG 'rows 6-7'");
        assertThat(progress).hasSize(1);
    }

    /**
     * Crash point: at the batch's COMMIT (the connection is lost while committing). The batch may not count: the next
     * run finds the progress row of the batch before and applies this one again.
     */
    @Test
    void aBatchWhoseCommitFailedIsNotCounted() throws Exception {
        int[] commits = {0};
        FakeTarget target = new FakeTarget(sql -> {
            if (sql.equals("COMMIT") && ++commits[0] == 2) {
                throw FakeTarget.mysqlError(2013, "Lost connection to MySQL server during query");
            }
        });
        BatchApplier applier = run(target, batch(1, 3, null), batch(4, 5, null), new BatchedReplay.End());

        assertThat(applier.committed()).isEqualTo(GtidSet.parse(UUID + ":1-3"));
        assertThat(applier.batches()).isEqualTo(1);
        assertThatThrownBy(applier::throwIfFailed).hasMessageContaining("2013");
    }

    /**
     * Crash point: after the DDL ran, before its progress row. The pending mark went first, in its own statement, so
     * the next run sees pending_ddl_index = 8 and runs the DDL again with mayHaveRun (its "already there" answers
     * count as applied, see {@link UnitStatementsTest}); this run does not count it.
     */
    @Test
    void aDdlIsMarkedPendingBeforeItRunsAndCountsOnlyAfterItsProgressRow() throws Exception {
        String applied = RestoreState.appliedSql(ID, 8, UUID + ":8");
        FakeTarget target = new FakeTarget(sql -> {
            if (sql.equals(applied)) {
                throw FakeTarget.mysqlError(2013, "Lost connection to MySQL server during query");
            }
        });
        BatchApplier applier = run(
                target,
                batch(1, 7, null),
                ddl(8, false, "USE `shop`", "ALTER TABLE t ADD c INT"),
                new BatchedReplay.End());

        assertThat(applier.committed()).isEqualTo(GtidSet.parse(UUID + ":1-7"));
        assertThat(target.executed)
                .containsSubsequence(RestoreState.pendingSql(ID, 8), "USE `shop`", "ALTER TABLE t ADD c INT")
                .doesNotContain(applied);
        assertThatThrownBy(applier::throwIfFailed).hasMessageContaining("transaction " + UUID + ":8");
    }

    @Test
    void aDdlThatRanWithItsProgressRowCounts() throws Exception {
        FakeTarget target = new FakeTarget(sql -> {});
        BatchApplier applier = run(target, ddl(8, false, "ALTER TABLE t ADD c INT"), new BatchedReplay.End());

        assertThat(applier.failed()).isFalse();
        assertThat(applier.committed()).isEqualTo(GtidSet.parse(UUID + ":8"));
        assertThat(target.executed)
                .containsExactly(
                        "SET SESSION sql_log_bin = 0",
                        RestoreState.pendingSql(ID, 8),
                        "ALTER TABLE t ADD c INT",
                        RestoreState.appliedSql(ID, 8, UUID + ":8"));
    }

    /** A FORMAT_DESCRIPTION event goes once per connection and format, and resets gtid_next after it. */
    @Test
    void theFormatEventIsSentOnceAndGtidNextIsResetAfterIt() throws Exception {
        byte[] fde = {1, 2, 3};
        byte[] other = {4, 5, 6};
        FakeTarget target = new FakeTarget(sql -> {});
        run(target, batch(1, 1, fde), batch(2, 2, fde.clone()), batch(3, 3, other), new BatchedReplay.End());

        List<String> formats = target.executed.stream()
                .filter(s -> s.startsWith("BINLOG 'AQID'") || s.startsWith("BINLOG 'BAUG'"))
                .toList();
        assertThat(formats).containsExactly("BINLOG 'AQID'", "BINLOG 'BAUG'");
        int first = target.executed.indexOf("BINLOG 'AQID'");
        assertThat(target.executed.get(first + 1)).isEqualTo("SET SESSION gtid_next = 'AUTOMATIC'");
        assertThat(target.executed.get(first + 2)).isEqualTo("BEGIN");
    }

    /** An Error while applying fails the replay, naming the batch; it must never end as if it were done. */
    @Test
    void anErrorWhileApplyingFailsTheReplayNamingTheBatch() throws Exception {
        FakeTarget target = new FakeTarget(sql -> {
            if (sql.equals("BINLOG 'rows 4-5'")) {
                throw new OutOfMemoryError("injected");
            }
        });
        BatchApplier applier = run(target, batch(1, 3, null), batch(4, 5, null), new BatchedReplay.End());

        assertThat(applier.committed()).isEqualTo(GtidSet.parse(UUID + ":1-3"));
        assertThatThrownBy(applier::throwIfFailed)
                .isInstanceOfSatisfying(
                        PitrException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining(UUID + ":4 .. " + UUID + ":5")
                .hasMessageContaining("OutOfMemoryError");
    }

    /** Stopped before the End of its work (the reader failed), the applier fails too: never "done". */
    @Test
    void anApplierStoppedBeforeTheEndFails() throws Exception {
        FakeTarget target = new FakeTarget(sql -> {});
        BlockingQueue<BatchedReplay.Work> queue = new ArrayBlockingQueue<>(3);
        queue.add(batch(1, 3, null));
        BatchApplier applier = applier(target, queue);
        Future<?> applying = pool.submit(applier);
        while (!target.executed.contains("COMMIT")) {
            Thread.sleep(10);
        }
        applier.stop();
        applier.await(applying);

        assertThat(applier.committed()).isEqualTo(GtidSet.parse(UUID + ":1-3"));
        assertThatThrownBy(applier::throwIfFailed)
                .isInstanceOfSatisfying(
                        PitrException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining("stopped before the end of its work");
    }

    /** gtid_purged gets the committed GTIDs the target lacks, and only those. */
    @Test
    void recordGtidsAddsOnlyWhatTheTargetLacks() throws Exception {
        FakeTarget target = new FakeTarget(sql -> {});
        BatchedReplay.recordGtids(target.open(), GtidSet.parse(UUID + ":1-10"), GtidSet.parse(UUID + ":1-4"));
        BatchedReplay.recordGtids(target.open(), GtidSet.parse(UUID + ":1-4"), GtidSet.parse(UUID + ":1-10"));

        assertThat(target.executed).containsExactly("SET GLOBAL gtid_purged = '+" + UUID + ":5-10'");
    }
}
