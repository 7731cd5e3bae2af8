package io.binlogpitr.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SnapshotReportTest {
    private static DumpResult result(
            DumpVariant v, int round, double seconds, long bytes, double lock, double commit, long blocked) {
        return new DumpResult(
                v,
                round,
                DumpVariant.order(round).indexOf(v),
                (long) (seconds * 1e9),
                1_000_000,
                10_000_000,
                bytes,
                4,
                new Blocking(
                        new WriteProbes.Stalls(new WriteStall(lock, 100), new WriteStall(commit, 100)),
                        blocked < 0 ? 3.5 : blocked + 0.5,
                        blocked));
    }

    /** Three rounds; mydumper -c takes 4 s and 100 MB, ours zstd 2 s and 105 MB, ours gzip 5 s and 120 MB. */
    private static List<DumpResult> threeRounds() {
        List<DumpResult> results = new ArrayList<>();
        double[][] seconds = {{2.0, 4.0, 2.0, 5.0}, {2.2, 4.4, 1.8, 5.5}, {1.8, 3.6, 2.4, 4.5}};
        for (int round = 0; round < 3; round++) {
            for (DumpVariant v : DumpVariant.order(round)) {
                double s = seconds[round][v.ordinal()];
                long bytes =
                        switch (v) {
                            case MYDUMPER -> 240_000_000;
                            case MYDUMPER_COMPRESSED -> 100_000_000;
                            case PITR_ZSTD -> 105_000_000;
                            case PITR_GZIP -> 120_000_000;
                        };
                long blocked = v.mydumper() ? -1 : 10 + round;
                results.add(result(v, round, s, bytes, 1.0 + round, 5.0 + round * 10, blocked));
            }
        }
        return results;
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(SnapshotReport.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(SnapshotReport.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(SnapshotReport.median(new double[] {7})).isEqualTo(7);
    }

    @Test
    void summaryTakesMediansAndRanges() {
        SnapshotReport.Summary zstd = SnapshotReport.Summary.of(DumpVariant.PITR_ZSTD, threeRounds());
        assertThat(zstd.seconds()).isCloseTo(2.0, within(1e-6));
        assertThat(zstd.minSeconds()).isCloseTo(1.8, within(1e-6));
        assertThat(zstd.maxSeconds()).isCloseTo(2.4, within(1e-6));
        assertThat(zstd.syncSeconds()).isCloseTo(0.001, within(1e-9));
        assertThat(zstd.bytes()).isEqualTo(105_000_000);
        assertThat(zstd.lockMillis()).isEqualTo(2.0);
        assertThat(zstd.commitMillis()).isEqualTo(15.0);
        assertThat(zstd.readLockMillis()).isEqualTo(11.5);
        assertThat(zstd.manifestBlockedMillis()).isEqualTo(11.0);
        assertThat(SnapshotReport.Summary.of(DumpVariant.MYDUMPER, threeRounds())
                        .manifestBlockedMillis())
                .isEqualTo(-1);
    }

    @Test
    void tableRoundsAndGoals() {
        List<DumpResult> results = threeRounds();
        List<SnapshotReport.Summary> s = Stream.of(DumpVariant.values())
                .map(v -> SnapshotReport.Summary.of(v, results))
                .toList();
        SnapshotReport report = new SnapshotReport();
        report.results(s, 2, 250_000);
        report.rounds(results, 3);
        report.goals(s.get(1), s.get(2), s.get(3));
        assertThat(report.lines())
                .containsSubsequence(
                        "tool                                    wall s   min-max s     +sync s      rows/s  disk bytes"
                                + "  data files     lock ms   commit ms    FTWRL ms  blocked ms",
                        "mydumper -t 2 -r 250000                   2.00   1.80-2.20        0.00   5,000,000 240,000,000"
                                + "           4         2.0        15.0         3.5           -",
                        "pitr snapshot zstd, 2 threads             2.00   1.80-2.40        0.00   5,000,000 105,000,000"
                                + "           4         2.0        15.0        11.5          11",
                        "  round 1: mydumper 2.00 / 1.0, 5.0, 3.5; mydumper -c 4.00 / 1.0, 5.0, 3.5;"
                                + " pitr zstd 2.00 / 1.0, 5.0, 10.5; pitr gzip 5.00 / 1.0, 5.0, 10.5",
                        "  round 2: mydumper -c 4.40 / 2.0, 15.0, 3.5; pitr zstd 1.80 / 2.0, 15.0, 11.5;"
                                + " pitr gzip 5.50 / 2.0, 15.0, 11.5; mydumper 2.20 / 2.0, 15.0, 3.5",
                        "goal (ours / mydumper -c, medians)      target    measured      result",
                        "wall time, zstd                        < 1.000       0.500        PASS",
                        "bytes on disk, zstd                   <= 1.100       1.050        PASS",
                        "wall time, gzip                        < 1.000       1.250        MISS",
                        "bytes on disk, gzip                   <= 1.100       1.200        MISS");
    }

    @Test
    void aCellWiderThanItsColumnKeepsASpace() {
        SnapshotReport report = new SnapshotReport();
        report.goals(summary(1e9, 1), summary(2e9, 1_234_567_890_123L), summary(1e9, 1));
        assertThat(report.lines().get(2))
                .isEqualTo("bytes on disk, zstd                   <= 1.100 1234567890123.000        MISS");
    }

    private static SnapshotReport.Summary summary(double nanos, long bytes) {
        return new SnapshotReport.Summary(DumpVariant.PITR_ZSTD, nanos / 1e9, 0, 0, 0, 1, bytes, 1, 0, 0, 0, 0);
    }

    @Test
    void everyVariantStartsOneRoundAndTheOrderRotates() {
        assertThat(DumpVariant.order(0)).containsExactly(DumpVariant.values());
        assertThat(DumpVariant.order(1))
                .containsExactly(
                        DumpVariant.MYDUMPER_COMPRESSED,
                        DumpVariant.PITR_ZSTD,
                        DumpVariant.PITR_GZIP,
                        DumpVariant.MYDUMPER);
        assertThat(DumpVariant.order(4)).isEqualTo(DumpVariant.order(0));
        assertThat(Stream.of(0, 1, 2, 3).map(r -> DumpVariant.order(r).get(0))).containsExactly(DumpVariant.values());
    }

    @Test
    void labelsNameTheCommandLine() {
        assertThat(DumpVariant.MYDUMPER_COMPRESSED.label(2, 31_250)).isEqualTo("mydumper -t 2 -r 31250 -c");
        assertThat(DumpVariant.PITR_GZIP.label(4, 1)).isEqualTo("pitr snapshot gzip, 4 threads");
    }
}
