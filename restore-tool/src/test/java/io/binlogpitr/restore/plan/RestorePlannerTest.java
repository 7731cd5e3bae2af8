package io.binlogpitr.restore.plan;

import static io.binlogpitr.restore.plan.RepositoryFixture.A;
import static io.binlogpitr.restore.plan.RepositoryFixture.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.repository.RepositoryLayout;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RestorePlanner} over real journals. The main repository: base {@code A:1-10}, then two sources
 * interleaved in journal order:
 *
 * <pre>
 * pos 1  A:11  14:00:00
 * pos 2  B:1   14:00:01
 * pos 3  A:12  14:00:02
 * pos 4  B:2   14:00:03
 * pos 5  A:13  14:00:04.500000
 * pos 6  B:3   14:00:05
 * pos 7  A:14  14:00:06
 * </pre>
 *
 * Snapshots: S1 started 14:00:00.5 holding {@code A:1-11} (up to pos 1); S2 started 14:00:02.5 holding {@code
 * A:1-12,B:1-2} (up to pos 4: B:2 committed at 14:00:03, after S2 started, while it waited for its lock).
 */
class RestorePlannerTest {
    private static final String S1 = "20261121T140000Z";
    private static final String S2 = "20261121T140002Z";
    private static final String WINDOW = "restorable: 2026-11-21T14:00:00.500Z (snapshot " + S1 + ", after " + A
            + ":1-11) to 2026-11-21T14:00:06Z (" + A + ":14)";

    @TempDir
    Path dir;

    private RepositoryLayout main;

    /** The main repository, built once per test. */
    private RepositoryLayout main() {
        if (main == null) {
            main = build();
        }
        return main;
    }

    private RepositoryLayout build() {
        return journal(RepositoryFixture.create(dir.resolve("repo"), A + ":1-10"))
                .snapshot(S1, "2026-11-21T14:00:00.500Z", A + ":1-11")
                .snapshot(S2, "2026-11-21T14:00:02.500Z", A + ":1-12," + B + ":1-2")
                .done();
    }

    private static RepositoryFixture journal(RepositoryFixture f) {
        return f.tx(A, 11, "2026-11-21T14:00:00Z")
                .tx(B, 1, "2026-11-21T14:00:01Z")
                .tx(A, 12, "2026-11-21T14:00:02Z")
                .tx(B, 2, "2026-11-21T14:00:03Z")
                .tx(A, 13, "2026-11-21T14:00:04.500000Z")
                .tx(B, 3, "2026-11-21T14:00:05Z")
                .tx(A, 14, "2026-11-21T14:00:06Z");
    }

    private static RestorePlan plan(RepositoryLayout repo, String toGtid, String beforeGtid, String toTime) {
        return RestorePlanner.plan(repo, RestorePoint.parse(toGtid, beforeGtid, toTime));
    }

    private static GtidSet set(String text) {
        return GtidSet.parse(text);
    }

    private static Gtid a(long n) {
        return new Gtid(A, n);
    }

    private static Gtid b(long n) {
        return new Gtid(B, n);
    }

    // --to-gtid

    @Test
    void toGtidReplaysInJournalOrderSoTheOtherSourcesEarlierTransactionsComeAlong() {
        RestorePlan p = plan(main(), A + ":12", null, null);
        assertThat(p.snapshot().id()).isEqualTo(S1); // S2 holds B:2, journaled after A:12
        assertThat(p.startAfter()).isEqualTo(set(A + ":1-11"));
        assertThat(p.replay()).isEqualTo(set(B + ":1," + A + ":12"));
        assertThat(p.lastIncluded()).isEqualTo(a(12));
        assertThat(p.pointTime()).isEqualTo(Instant.parse("2026-11-21T14:00:02Z"));
    }

    @Test
    void toGtidOfTheOtherSourceStopsThereAndLeavesLaterNumbersOfTheFirstOut() {
        RestorePlan p = plan(main(), B + ":1", null, null);
        assertThat(p.snapshot().id()).isEqualTo(S1);
        assertThat(p.replay()).isEqualTo(set(B + ":1"));
        assertThat(p.lastIncluded()).isEqualTo(b(1));
    }

    @Test
    void toGtidPicksTheNewestSnapshotNotPastThePoint() {
        RestorePlan p = plan(main(), A + ":14", null, null);
        assertThat(p.snapshot().id()).isEqualTo(S2);
        assertThat(p.startAfter()).isEqualTo(set(A + ":1-12," + B + ":1-2"));
        assertThat(p.replay()).isEqualTo(set(A + ":13-14," + B + ":3"));
        assertThat(p.lastIncluded()).isEqualTo(a(14));
        assertThat(p.pointTime()).isEqualTo(Instant.parse("2026-11-21T14:00:06Z"));
    }

    @Test
    void toTheSnapshotsOwnLastTransactionReplaysNothing() {
        RestorePlan p = plan(main(), B + ":2", null, null);
        assertThat(p.snapshot().id()).isEqualTo(S2);
        assertThat(p.replay().isEmpty()).isTrue();
        assertThat(p.lastIncluded()).isNull();
        // B:2's commit time (the snapshot started at 14:00:02.5 and holds it)
        assertThat(p.pointTime()).isEqualTo(Instant.parse("2026-11-21T14:00:03Z"));
    }

    @Test
    void toGtidBeforeWhatEverySnapshotHoldsIsRefused() {
        RepositoryLayout repo = journal(RepositoryFixture.create(dir.resolve("repo"), A + ":1-10"))
                .snapshot(S1, "2026-11-21T14:00:01.500Z", A + ":1-11," + B + ":1")
                .done();
        assertThatThrownBy(() -> plan(repo, A + ":11", null, null)).isInstanceOfSatisfying(PitrException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.RESTORE_POINT_OUT_OF_RANGE);
            assertThat(e.exitCode()).isEqualTo(2);
            assertThat(e.getMessage())
                    .startsWith("cannot restore to --to-gtid " + A + ":11: the point is before the earliest"
                            + " restorable point: the oldest usable snapshot, " + S1 + ", already holds " + B
                            + ":1, committed at 2026-11-21T14:00:01Z, which is past it; restorable: "
                            + "2026-11-21T14:00:01.500Z (snapshot " + S1 + ", after");
            assertThat(e.hint()).contains("pitr-restore list --repo " + repo.root());
        });
    }

    // --before-gtid

    @Test
    void beforeGtidStopsRightBeforeItInJournalOrder() {
        RestorePlan p = plan(main(), null, B + ":3", null);
        assertThat(p.snapshot().id()).isEqualTo(S2);
        assertThat(p.replay()).isEqualTo(set(A + ":13"));
        assertThat(p.lastIncluded()).isEqualTo(a(13));
        assertThat(p.pointTime()).isEqualTo(Instant.parse("2026-11-21T14:00:04.5Z"));
    }

    @Test
    void beforeGtidRightAfterASnapshotReplaysNothing() {
        RestorePlan p = plan(main(), null, A + ":13", null);
        assertThat(p.snapshot().id()).isEqualTo(S2);
        assertThat(p.replay().isEmpty()).isTrue();
        assertThat(p.lastIncluded()).isNull();
    }

    @Test
    void beforeGtidUsesAnOlderSnapshotWhenTheNewerOneHoldsTheMistake() {
        RestorePlan p = plan(main(), null, A + ":12", null);
        assertThat(p.snapshot().id()).isEqualTo(S1);
        assertThat(p.replay()).isEqualTo(set(B + ":1"));
        assertThat(p.lastIncluded()).isEqualTo(b(1));
    }

    @Test
    void beforeAGtidEverySnapshotHoldsIsRefused() {
        assertThatThrownBy(() -> plan(main(), null, A + ":11", null))
                .isInstanceOf(PitrException.class)
                .hasMessage("cannot restore to --before-gtid " + A + ":11: GTID " + A + ":11 is already in every"
                        + " usable snapshot (the oldest, " + S1 + ", holds it), so the data before it cannot be"
                        + " restored; " + WINDOW);
    }

    // --to-time

    @Test
    void aTimeBetweenTwoCommitsIncludesEverythingCommittedBefore() {
        RestorePlan p = plan(main(), null, null, "2026-11-21T14:00:04Z");
        assertThat(p.snapshot().id()).isEqualTo(S2);
        assertThat(p.replay().isEmpty()).isTrue();
        assertThat(p.pointTime()).isEqualTo(Instant.parse("2026-11-21T14:00:04Z"));

        RestorePlan later = plan(main(), null, null, "2026-11-21T14:00:05.5Z");
        assertThat(later.replay()).isEqualTo(set(A + ":13," + B + ":3"));
        assertThat(later.lastIncluded()).isEqualTo(b(3));
    }

    @Test
    void aTimeEqualToACommitIncludesItToTheMicrosecond() {
        RestorePlan at = plan(main(), null, null, "2026-11-21T14:00:04.500000Z");
        assertThat(at.replay()).isEqualTo(set(A + ":13"));
        assertThat(at.lastIncluded()).isEqualTo(a(13));
        RestorePlan offset = plan(main(), null, null, "2026-11-21T19:30:04.5+05:30");
        assertThat(offset.replay()).isEqualTo(set(A + ":13"));

        RestorePlan justBefore = plan(main(), null, null, "2026-11-21T14:00:04.499999Z");
        assertThat(justBefore.replay().isEmpty()).isTrue();
        RestorePlan nanosBefore = plan(main(), null, null, "2026-11-21T14:00:04.499999999Z");
        assertThat(nanosBefore.replay().isEmpty()).isTrue();
    }

    @Test
    void aSnapshotHoldingATransactionCommittedAfterTheTimeIsNotUsed() {
        // S2 started at 14:00:02.5, before T, but holds B:2 committed at 14:00:03, after T
        RestorePlan p = plan(main(), null, null, "2026-11-21T14:00:02.7Z");
        assertThat(p.snapshot().id()).isEqualTo(S1);
        assertThat(p.replay()).isEqualTo(set(B + ":1," + A + ":12"));
        assertThat(p.lastIncluded()).isEqualTo(a(12));
        assertThat(p.pointTime()).isEqualTo(Instant.parse("2026-11-21T14:00:02.7Z"));
    }

    @Test
    void theLastCommitTimeIsRestorableAndOneMicrosecondLaterIsNot() {
        RestorePlan p = plan(main(), null, null, "2026-11-21T14:00:06Z");
        assertThat(p.lastIncluded()).isEqualTo(a(14));
        assertThatThrownBy(() -> plan(main(), null, null, "2026-11-21T14:00:06.000001Z"))
                .isInstanceOfSatisfying(
                        PitrException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESTORE_POINT_OUT_OF_RANGE))
                .hasMessage("cannot restore to --to-time 2026-11-21T14:00:06.000001Z: the time is after the latest"
                        + " restorable point, 2026-11-21T14:00:06Z (the journal ends with " + A + ":14); "
                        + WINDOW);
    }

    @Test
    void aTimeBeforeTheOldestSnapshotIsRefused() {
        assertThatThrownBy(() -> plan(main(), null, null, "2026-11-21T14:00:00.2Z"))
                .hasMessage("cannot restore to --to-time 2026-11-21T14:00:00.200Z: the time is before the oldest"
                        + " usable snapshot, " + S1 + ", started at 2026-11-21T14:00:00.500Z; " + WINDOW);
    }

    @Test
    void aTimeAfterTheOnlySnapshotStartedButBeforeWhatItHoldsIsRefused() {
        RepositoryLayout repo = journal(RepositoryFixture.create(dir.resolve("repo"), A + ":1-10"))
                .snapshot(S2, "2026-11-21T14:00:02.500Z", A + ":1-12," + B + ":1-2")
                .done();
        assertThatThrownBy(() -> plan(repo, null, null, "2026-11-21T14:00:02.7Z"))
                .hasMessage("cannot restore to --to-time 2026-11-21T14:00:02.700Z: the time is before the earliest"
                        + " restorable point: the oldest usable snapshot, " + S2 + ", started at"
                        + " 2026-11-21T14:00:02.500Z but holds " + B + ":2, committed at 2026-11-21T14:00:03Z, which"
                        + " is past it; restorable: 2026-11-21T14:00:03Z (snapshot " + S2 + ", after " + A + ":1-12,"
                        + B + ":1-2) to 2026-11-21T14:00:06Z (" + A + ":14)");
    }

    // GTIDs the journal does not hold

    @Test
    void aGtidInTheJournalsBaseIsBeforeItsStart() {
        assertThatThrownBy(() -> plan(main(), A + ":5", null, null))
                .hasMessage("cannot restore to --to-gtid " + A + ":5: GTID " + A + ":5 is before the journal's start"
                        + " (in its base, " + A + ":1-10), so no restore can stop at it; " + WINDOW);
    }

    @Test
    void aGtidPastTheLastOfItsSourceIsAfterTheJournal() {
        assertThatThrownBy(() -> plan(main(), null, B + ":4", null))
                .hasMessage("cannot restore to --before-gtid " + B + ":4: GTID " + B + ":4 is after the last"
                        + " journaled transaction of its source (" + B + ":3); " + WINDOW);
    }

    @Test
    void aGtidNowhereInTheRepositoryIsRefused() {
        String other = "00000000-0000-0000-0000-000000000001";
        assertThatThrownBy(() -> plan(main(), other + ":1", null, null))
                .isInstanceOfSatisfying(
                        PitrException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESTORE_POINT_OUT_OF_RANGE))
                .hasMessage("cannot restore to --to-gtid " + other + ":1: GTID " + other + ":1 is not in the"
                        + " repository (neither in a snapshot nor in the journal); " + WINDOW);
    }

    @Test
    void aSnapshotAheadOfTheJournalIsNoBaseAndItsGtidsAreNotRestorable() {
        RepositoryLayout repo = journal(RepositoryFixture.create(dir.resolve("repo"), A + ":1-10"))
                .snapshot(S1, "2026-11-21T14:00:00.500Z", A + ":1-11")
                .snapshot("20261121T140010Z", "2026-11-21T14:00:10Z", A + ":1-20," + B + ":1-3")
                .done();
        assertThat(plan(repo, A + ":14", null, null).snapshot().id()).isEqualTo(S1);
        assertThatThrownBy(() -> plan(repo, A + ":16", null, null))
                .hasMessageStartingWith("cannot restore to --to-gtid " + A + ":16: GTID " + A + ":16 is not"
                        + " journaled; only snapshot 20261121T140010Z holds it, and the journal has not reached it"
                        + " yet; " + WINDOW);
    }

    // snapshots that cannot start a restore

    @Test
    void aDamagedSnapshotIsNeverChosen() {
        RepositoryLayout repo = journal(RepositoryFixture.create(dir.resolve("repo"), A + ":1-10"))
                .snapshot(S1, "2026-11-21T14:00:00.500Z", A + ":1-11")
                .snapshotMissingAChunk(S2, "2026-11-21T14:00:02.500Z", A + ":1-12," + B + ":1-2")
                .done();
        RestorePlan p = plan(repo, A + ":14", null, null);
        assertThat(p.snapshot().id()).isEqualTo(S1);
        assertThat(p.replay()).isEqualTo(set(A + ":12-14," + B + ":1-3"));
    }

    @Test
    void withoutAUsableSnapshotNothingIsRestorable() {
        RepositoryLayout repo = journal(RepositoryFixture.create(dir.resolve("repo"), A + ":1-10"))
                .snapshot("20261121T130000Z", "2026-11-21T13:00:00Z", A + ":1-5")
                .snapshotMissingAChunk(S2, "2026-11-21T14:00:02.500Z", A + ":1-12," + B + ":1-2")
                .done();
        assertThatThrownBy(() -> plan(repo, null, null, "2026-11-21T14:00:03Z"))
                .isInstanceOfSatisfying(PitrException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RESTORE_POINT_OUT_OF_RANGE);
                    assertThat(e.getMessage())
                            .isEqualTo("nothing is restorable yet in " + repo.root() + ": no snapshot can start a"
                                    + " restore (2: 1 older than the journal's start, 1 damaged); the journal starts"
                                    + " after " + A + ":1-10 and holds 7 transactions");
                    assertThat(e.hint()).contains("pitr-agent snapshot");
                });
    }

    @Test
    void aRepositoryWithoutSnapshotsRestoresNothing() {
        RepositoryLayout repo = journal(RepositoryFixture.create(dir.resolve("repo"), A + ":1-10"))
                .done();
        assertThatThrownBy(() -> plan(repo, A + ":12", null, null))
                .hasMessageContaining("nothing is restorable yet")
                .hasMessageContaining("the repository has no snapshot");
    }

    @Test
    void beforeTheFirstJournaledTransactionRestoresASnapshotOfTheBaseAsOfItsStart() {
        RepositoryLayout repo = journal(RepositoryFixture.create(dir.resolve("repo"), A + ":1-10"))
                .snapshot("20261121T135900Z", "2026-11-21T13:59:00Z", A + ":1-10")
                .done();
        RestorePlan p = plan(repo, null, A + ":11", null);
        assertThat(p.snapshot().id()).isEqualTo("20261121T135900Z");
        assertThat(p.replay().isEmpty()).isTrue();
        assertThat(p.pointTime()).isEqualTo(Instant.parse("2026-11-21T13:59:00Z"));
    }

    @Test
    void aSnapshotLaterThanTheLastCommitEndsTheWindow() {
        RepositoryLayout repo = journal(RepositoryFixture.create(dir.resolve("repo"), A + ":1-10"))
                .snapshot(S2, "2026-11-21T14:00:02.500Z", A + ":1-12," + B + ":1-2")
                .snapshot("20261121T140010Z", "2026-11-21T14:00:10Z", A + ":1-14," + B + ":1-3")
                .done();
        // 14:00:08: after the last commit, before the newest snapshot started: the older one and the whole journal
        RestorePlan between = plan(repo, null, null, "2026-11-21T14:00:08Z");
        assertThat(between.snapshot().id()).isEqualTo(S2);
        assertThat(between.replay()).isEqualTo(set(A + ":13-14," + B + ":3"));
        RestorePlan at = plan(repo, null, null, "2026-11-21T14:00:10Z");
        assertThat(at.snapshot().id()).isEqualTo("20261121T140010Z");
        assertThat(at.replay().isEmpty()).isTrue();
        RestorePlan toLast = plan(repo, A + ":14", null, null);
        assertThat(toLast.snapshot().id()).isEqualTo("20261121T140010Z");
        assertThat(toLast.pointTime()).isEqualTo(Instant.parse("2026-11-21T14:00:06Z"));
        assertThatThrownBy(() -> plan(repo, null, null, "2026-11-21T14:00:10.000001Z"))
                .hasMessageEndingWith("to 2026-11-21T14:00:10Z (" + A + ":14)");
    }

    @Test
    void aTimeStopsAtTheFirstTransactionCommittedAfterItEvenIfALaterOneCommittedEarlier() {
        // B's clock runs ahead: B:1 is journaled before A:12 but stamped later
        RepositoryLayout repo = RepositoryFixture.create(dir.resolve("repo"), A + ":1-10")
                .tx(A, 11, "2026-11-21T14:00:00Z")
                .tx(B, 1, "2026-11-21T14:00:05Z")
                .tx(A, 12, "2026-11-21T14:00:02Z")
                .snapshot(S1, "2026-11-21T13:59:00Z", A + ":1-10")
                .done();
        RestorePlan p = plan(repo, null, null, "2026-11-21T14:00:03Z");
        assertThat(p.replay()).isEqualTo(set(A + ":11"));
        assertThat(p.lastIncluded()).isEqualTo(a(11));
        // the whole journal is the point of its latest commit time, not of its last transaction's
        RestorePlan all = plan(repo, null, null, "2026-11-21T14:00:05Z");
        assertThat(all.replay()).isEqualTo(set(A + ":11-12," + B + ":1"));
        assertThatThrownBy(() -> plan(repo, null, null, "2026-11-21T14:00:05.000001Z"))
                .hasMessageEndingWith("to 2026-11-21T14:00:05Z (" + A + ":12)");
    }
}
