package io.binlogpitr.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point-in-time restore end to end, checked against the source itself: the target's tables must checksum like
 * the source's at the checkpoint taken just before the mistaken DELETE, whether restored into an empty server
 * (GTIDs preserved: gtid_executed equal to the source's then), into a renamed side database on the live source,
 * by GTID or by time, after kill -9 of the restore, and with a MINIMAL-metadata source. Every bad point and
 * target gets its documented exit code.
 */
class RestoreIT {
    @TempDir
    static Path dir;

    private static History history;
    private static final List<MysqlServer> targets = new ArrayList<>();

    @BeforeAll
    static void makeHistory() throws Exception {
        MysqlServer source = MysqlServer.shared(MysqlOptions.defaults());
        history = History.build(source, dir, "shop", 11);
    }

    @AfterAll
    static void stopTargets() {
        targets.forEach(MysqlServer::close);
    }

    private static MysqlServer freshTarget() {
        return freshTarget(MysqlOptions.defaults());
    }

    private static MysqlServer freshTarget(MysqlOptions options) {
        MysqlServer t = MysqlServer.startNew(options);
        targets.add(t);
        assertThat(t.gtidExecuted()).as("a fresh target has executed nothing").isEmpty();
        return t;
    }

    private static Launchers.Started restore(MysqlServer target, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(
                "restore",
                "--repo",
                history.repo().toString(),
                "--target",
                target.host() + ":" + target.port(),
                "--target-user",
                target.rootUser()));
        all.addAll(List.of(args));
        return Launchers.start(
                dir, Map.of("PITR_TARGET_PASSWORD", target.rootPassword()), "pitr-restore", all.toArray(String[]::new));
    }

    private static Launchers.Result restoreAndWait(MysqlServer target, String... args) throws Exception {
        return restore(target, args).await();
    }

    @Test
    void beforeTheMistakeIntoAnEmptyServerPreservesGtidsAndRunsAgainAsANoop() throws Exception {
        MysqlServer target = freshTarget();
        Launchers.Result r = restoreAndWait(target, "--before-gtid", history.mistake(), "--threads", "1");
        System.out.println("restore output:\n" + r.output()); // kept in the test report: docs/restore.md quotes it
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("restore       complete").contains("GTIDs         preserved");
        // local_infile is OFF (MySQL's default): every chunk by INSERT
        assertThat(r.output()).containsPattern("(?m)^load method   INSERT \\d+ \\(chunks\\)$");
        assertThat(History.checksums(target, history.db())).isEqualTo(history.checkpoint());
        assertThat(GtidSet.parse(target.gtidExecuted())).isEqualTo(history.gtidAtCheckpoint());

        Launchers.Result again = restoreAndWait(target, "--before-gtid", history.mistake());
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("already complete");
        assertThat(History.checksums(target, history.db())).isEqualTo(history.checkpoint());

        Launchers.Result other = restoreAndWait(target, "--to-gtid", history.mistake());
        assertThat(other.exitCode()).as(other.output()).isEqualTo(1);
        assertThat(other.output()).contains("error[RESTORE_TARGET_NOT_EMPTY]").contains(history.db());
    }

    @Test
    void byTimeOneTransactionAtATimeGivesTheSameState() throws Exception {
        // local_infile ON: the tables without JSON load by LOAD DATA LOCAL, the all-types ones (JSON) by INSERT
        MysqlServer target = freshTarget(MysqlOptions.defaults().with("local_infile", "ON"));
        // the per-transaction replay, on two connections where the source's logical clock allows
        Launchers.Result r = restoreAndWait(
                target, "--to-time", history.checkpointTime().toString(), "--per-transaction", "--threads", "2");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output())
                .containsPattern(
                        "(?m)^load method   .*LOAD_DATA_LOCAL \\d+.*INSERT \\d+|INSERT \\d+.*LOAD_DATA_LOCAL \\d+");
        assertThat(History.checksums(target, history.db())).isEqualTo(history.checkpoint());
        assertThat(GtidSet.parse(target.gtidExecuted())).isEqualTo(history.gtidAtCheckpoint());
    }

    @Test
    void intoARenamedSideDatabaseOnTheLiveSource() throws Exception {
        String side = history.db() + "_side";
        Launchers.Result r = restoreAndWait(
                history.source(), "--before-gtid", history.mistake(), "--rename-db", history.db() + "=" + side);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("GTIDs         new");
        assertThat(History.checksums(history.source(), side)).isEqualTo(history.checkpoint());
        assertThat(History.checksums(history.source(), history.db()))
                .as("the original database is untouched")
                .isNotEqualTo(history.checkpoint());
    }

    @Test
    void killedAtRandomMomentsThenRunAgainGivesTheSameResult() throws Exception {
        MysqlServer target = freshTarget();
        Random random = new Random(20261121);
        for (int kill = 0; kill < 3; kill++) {
            Launchers.Started run = restore(target, "--before-gtid", history.mistake(), "--threads", "2");
            Thread.sleep(1500 + random.nextInt(2500));
            run.process().destroyForcibly();
            run.process().waitFor();
        }
        Launchers.Result r = restoreAndWait(target, "--before-gtid", history.mistake(), "--threads", "2");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(History.checksums(target, history.db())).isEqualTo(history.checkpoint());
        assertThat(GtidSet.parse(target.gtidExecuted())).isEqualTo(history.gtidAtCheckpoint());
    }

    @Test
    void badPointsAndTargetsGetTheirExitCodes() throws Exception {
        MysqlServer target = freshTarget();
        Launchers.Result early = restoreAndWait(target, "--to-time", "2001-01-01T00:00:00Z");
        assertThat(early.exitCode()).as(early.output()).isEqualTo(2);
        assertThat(early.output()).contains("error[RESTORE_POINT_OUT_OF_RANGE]").contains("restorable");

        Launchers.Result late = restoreAndWait(target, "--to-time", "2999-01-01T00:00:00Z");
        assertThat(late.exitCode()).as(late.output()).isEqualTo(2);
        assertThat(late.output()).contains("restorable");

        Launchers.Result unknown = restoreAndWait(target, "--to-gtid", "3e11fa47-71ca-11e1-9e33-c80aa9429562:5");
        assertThat(unknown.exitCode()).as(unknown.output()).isEqualTo(2);

        Launchers.Result malformed = restoreAndWait(target, "--to-time", "yesterday");
        assertThat(malformed.exitCode()).as(malformed.output()).isEqualTo(2);
        assertThat(malformed.output()).contains("error[USAGE]");

        Launchers.Result two =
                restoreAndWait(target, "--to-time", "2999-01-01T00:00:00Z", "--to-gtid", history.mistake());
        assertThat(two.exitCode()).as(two.output()).isEqualTo(2);

        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Launchers.Result unreachable = Launchers.run(
                dir,
                Map.of("PITR_TARGET_PASSWORD", ""),
                "pitr-restore",
                "restore",
                "--repo",
                history.repo().toString(),
                "--target",
                "127.0.0.1:" + closedPort,
                "--target-user",
                "root",
                "--before-gtid",
                history.mistake());
        assertThat(unreachable.exitCode()).as(unreachable.output()).isEqualTo(1);
        assertThat(unreachable.output()).contains("error[TARGET_UNREACHABLE]");
        assertThat(History.checksums(target, history.db()))
                .as("nothing was created")
                .isEmpty();
        assertThat(Files.exists(history.repo())).isTrue();
    }

    @Test
    void aMinimalMetadataSourceRestoresExactly() throws Exception {
        MysqlServer source = MysqlServer.shared(MysqlOptions.defaults().with("binlog_row_metadata", "MINIMAL"));
        History minimal = History.build(source, dir, "minimal", 23);
        MysqlServer target = freshTarget();
        Launchers.Result r = Launchers.run(
                dir,
                Map.of("PITR_TARGET_PASSWORD", target.rootPassword()),
                "pitr-restore",
                "restore",
                "--repo",
                minimal.repo().toString(),
                "--target",
                target.host() + ":" + target.port(),
                "--target-user",
                target.rootUser(),
                "--before-gtid",
                minimal.mistake());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(History.checksums(target, minimal.db())).isEqualTo(minimal.checkpoint());
    }
}
