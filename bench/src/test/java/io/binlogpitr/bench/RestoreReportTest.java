package io.binlogpitr.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestoreReportTest {
    private static final String U = "c2c729e6-e57c-11f1-a78e-02fc00000001";
    private static final Map<String, Long> SUMS = Map.of("sbtest.sbtest1", 11L, "sbtest.sbtest2", 22L);
    private static final GtidSet END = GtidSet.parse(U + ":1-132651");

    private static RestoreSide.Timing t(double seconds, long count) {
        return new RestoreSide.Timing(Math.round(seconds * 1e9), count);
    }

    private static RestoreSide baseline() {
        return new RestoreSide(
                "myloader -t 4",
                t(8.6, 800_000),
                "MySQL replica applier, 4 workers",
                t(48.5, 132_620),
                Math.round(57.1e9),
                new RestoreSide.TargetCheck(SUMS, SUMS, END, END));
    }

    private static RestoreSide ours(double load, double replay, Map<String, Long> sums) {
        return new RestoreSide(
                "pitr-restore (snapshot load)",
                t(load, 800_000),
                "pitr-restore (journal replay)",
                t(replay, 132_620),
                Math.round((load + replay + 0.5) * 1e9),
                new RestoreSide.TargetCheck(sums, SUMS, END, END));
    }

    @Test
    void goalsAreRatiosOfTimeWithTheBoundaryPassing() {
        assertThat(RestoreReport.Goal.of("replay", 0.5, t(24.25, 1), t(48.5, 1)).result())
                .isEqualTo("PASS");
        assertThat(RestoreReport.Goal.of("replay", 0.5, t(24.3, 1), t(48.5, 1)).result())
                .isEqualTo("MISS");
        assertThat(RestoreReport.Goal.of("load", 1.0, t(8.6, 1), t(8.6, 1)).result())
                .isEqualTo("PASS");
        assertThat(RestoreReport.Goal.of("load", 1.0, t(9.0, 1), t(8.6, 1)).ratio())
                .isCloseTo(9.0 / 8.6, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void aMissingFigureIsNotAMiss() {
        RestoreReport.Goal unknownOurs = RestoreReport.Goal.of("replay", 0.5, RestoreSide.Timing.UNKNOWN, t(48.5, 1));
        assertThat(unknownOurs.ratio()).isNaN();
        assertThat(unknownOurs.result()).isEqualTo("n/a");
        assertThat(RestoreReport.Goal.of("load", 1.0, t(1, 1), new RestoreSide.Timing(0, 1))
                        .result())
                .isEqualTo("n/a");
    }

    @Test
    void tableAndGoals() {
        RestoreReport report = new RestoreReport();
        RestoreSide b = baseline();
        RestoreSide o = ours(4.3, 20.0, SUMS);
        report.results(b, o);
        report.goals(b, o);
        assertThat(report.lines())
                .containsExactly(
                        "phase                  tool                                    wall s        rate  unit",
                        "load 800,000 rows      myloader -t 4                             8.60      93,023  rows/s",
                        "load 800,000 rows      pitr-restore (snapshot load)              4.30     186,047  rows/s",
                        "replay 132,620 txns    MySQL replica applier, 4 workers         48.50       2,734  txn/s",
                        "replay 132,620 txns    pitr-restore (journal replay)            20.00       6,631  txn/s",
                        "whole                  myloader -t 4 + replica                  57.10",
                        "whole                  pitr-restore restore (JVM incl.)         24.80",
                        "",
                        "MySQL replica: checksums equal to the source's (2 tables); gtid_executed equal to the"
                                + " source's",
                        "pitr-restore: checksums equal to the source's (2 tables); gtid_executed equal to the"
                                + " source's",
                        "",
                        "goal                                       target   measured   result",
                        "replay time, ours / replica applier      <= 0.500      0.412     PASS",
                        "load time, ours / myloader               <= 1.000      0.500     PASS",
                        "checksums equal, pitr-restore                 yes        yes     PASS",
                        "checksums equal, MySQL replica                yes        yes     PASS");
    }

    @Test
    void differingChecksumsAndAMissingRestoreAreShown() {
        RestoreReport report = new RestoreReport();
        RestoreSide wrong = ours(10, 30, Map.of("sbtest.sbtest1", 11L, "sbtest.sbtest2", 23L));
        report.results(baseline(), wrong);
        report.goals(baseline(), wrong);
        assertThat(report.lines())
                .contains(
                        "pitr-restore: checksums DIFFER: sbtest.sbtest2 (23 != 22); gtid_executed equal to the"
                                + " source's",
                        "replay time, ours / replica applier      <= 0.500      0.619     MISS",
                        "load time, ours / myloader               <= 1.000      1.163     MISS",
                        "checksums equal, pitr-restore                 yes         no     MISS");

        RestoreReport none = new RestoreReport();
        RestoreSide notRun = RestoreSide.notRun("pitr-restore (snapshot load)", "pitr-restore (journal replay)");
        none.results(baseline(), notRun);
        none.goals(baseline(), notRun);
        assertThat(none.lines())
                .contains(
                        "load                   pitr-restore (snapshot load)                 -           -",
                        "pitr-restore: not run",
                        "replay time, ours / replica applier      <= 0.500          -      n/a",
                        "checksums equal, pitr-restore                 yes          -      n/a");
    }

    @Test
    void targetCheckNamesMissingTablesAndOtherGtids() {
        RestoreSide.TargetCheck c =
                new RestoreSide.TargetCheck(Map.of("sbtest.sbtest1", 11L), SUMS, GtidSet.parse(U + ":1-100"), END);
        assertThat(c.checksumsEqual()).isFalse();
        assertThat(c.differences()).isEqualTo("sbtest.sbtest2 (missing != 22)");
        assertThat(c.gtidEqual()).isFalse();
        assertThat(new RestoreSide.TargetCheck(Map.of(), Map.of(), END, END).checksumsEqual())
                .as("no tables compared is not equal")
                .isFalse();
    }

    @Test
    void cpuRowsShowHowBusyTheCoresWere() {
        RestoreReport report = new RestoreReport();
        report.cpu(java.util.List.of(
                new RestoreReport.CpuRow("load: myloader -t 4", 8_000_000_000L, 9.6, "myloader", 2.4),
                new RestoreReport.CpuRow("whole: pitr-restore", 10_000_000_000L, 5.0, "pitr-restore JVM", Double.NaN)));
        assertThat(report.lines())
                .containsExactly(
                        "where the CPU went (CPU seconds)               wall s target mysqld     other  other process"
                                + "                cores busy",
                        "load: myloader -t 4                              8.00           9.6       2.4  myloader"
                                + "                           1.50",
                        "whole: pitr-restore                             10.00           5.0         -  pitr-restore JVM"
                                + "                      -",
                        "");
    }
}
