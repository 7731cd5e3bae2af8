package io.binlogpitr.restore.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.snapshot.LoadMethod;
import io.binlogpitr.common.snapshot.SnapshotLoadResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a restore must have shown before it says complete, case by case. */
class ReplayProofTest {
    private static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final String B = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    private static final GtidSet SNAPSHOT = GtidSet.parse(A + ":1-100");
    private static final GtidSet PLANNED = GtidSet.parse(A + ":101-200," + B + ":1-5");

    private static SnapshotLoadResult load(int chunks, int verified) {
        return new SnapshotLoadResult(
                "s1",
                SNAPSHOT.toString(),
                List.of("shop"),
                3,
                chunks,
                1000,
                10,
                20,
                0,
                Duration.ofSeconds(1),
                Map.of(LoadMethod.INSERT, verified),
                0);
    }

    private static ReplayResult replay(String applied, String earlier) {
        return new ReplayResult(0, 0, 0, 0, GtidSet.parse(applied), GtidSet.parse(earlier));
    }

    @Test
    void preservedGtidsAreCountedInTheTargetsGtidExecuted() {
        GtidSet executed = GtidSet.parse(A + ":1-200," + B + ":1-5");
        ReplayProof proof = ReplayProof.check(
                PLANNED,
                SNAPSHOT,
                replay(A + ":101-200," + B + ":1-5", ""),
                Optional.of(executed),
                Optional.of(load(48, 48)));
        assertThat(proof.describe())
                .isEqualTo("planned 105 transactions, applied 105 (in the target's gtid_executed), snapshot chunks"
                        + " verified 48/48");
    }

    @Test
    void aTransactionMissingFromGtidExecutedFailsNamingTheFirst() {
        // the replay claims everything, the target lacks two: the target is what counts
        GtidSet executed = GtidSet.parse(A + ":1-149:152-200," + B + ":1-5");
        assertThatThrownBy(() -> ReplayProof.check(
                        PLANNED, SNAPSHOT, replay(PLANNED.toString(), ""), Optional.of(executed), Optional.empty()))
                .isInstanceOfSatisfying(
                        PitrException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REPLAY_FAILED))
                .hasMessageContaining("applied 103 of the 105 planned")
                .hasMessageContaining("the first missing is " + A + ":150");
    }

    @Test
    void aSnapshotSetMissingFromGtidExecutedFails() {
        GtidSet executed = GtidSet.parse(A + ":2-200," + B + ":1-5");
        assertThatThrownBy(() -> ReplayProof.check(
                        PLANNED, SNAPSHOT, replay(PLANNED.toString(), ""), Optional.of(executed), Optional.empty()))
                .isInstanceOf(PitrException.class)
                .hasMessageContaining("the first is " + A + ":1");
    }

    @Test
    void newGtidsAreCountedInWhatTheReplayCommittedWithItsProgressRows() {
        ReplayProof proof = ReplayProof.check(
                PLANNED,
                SNAPSHOT,
                replay(A + ":151-200," + B + ":1-5", A + ":101-150"),
                Optional.empty(),
                Optional.empty());
        assertThat(proof.describe())
                .isEqualTo("planned 105 transactions, applied 105 (50 by an earlier run), snapshot chunks verified by"
                        + " an earlier run");
        assertThatThrownBy(() -> ReplayProof.check(
                        PLANNED, SNAPSHOT, replay(A + ":101-200", ""), Optional.empty(), Optional.empty()))
                .isInstanceOf(PitrException.class)
                .hasMessageContaining("the first missing is " + B + ":1");
    }

    @Test
    void aChunkNotVerifiedFails() {
        assertThatThrownBy(() -> ReplayProof.check(
                        PLANNED, SNAPSHOT, replay(PLANNED.toString(), ""), Optional.empty(), Optional.of(load(48, 47))))
                .isInstanceOfSatisfying(
                        PitrException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SNAPSHOT_LOAD_FAILED))
                .hasMessageContaining("47 of the 48");
    }
}
