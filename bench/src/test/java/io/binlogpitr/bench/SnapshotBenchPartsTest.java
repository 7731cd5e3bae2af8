package io.binlogpitr.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure pieces of the snapshot benchmark: probe stalls, chunk matching, mydumper's command line and files. */
class SnapshotBenchPartsTest {
    @Test
    void stallCountsEveryWriteThatOverlapsTheWindow() {
        List<long[]> writes = List.of(
                new long[] {0, 900}, // ended before the window: out
                new long[] {950, 2_000_000_950L}, // started before, blocked into the window: in, 2 s
                new long[] {2_000_001_000L, 2_000_002_000L},
                new long[] {2_999_999_000L, 3_500_000_000L}, // started inside, ended after: in full
                new long[] {3_000_000_000L, 3_000_001_000L}); // started at the end: out
        WriteStall stall = WriteStall.of(writes, 1000, 3_000_000_000L);
        assertThat(stall.writes()).isEqualTo(3);
        assertThat(stall.maxMillis()).isEqualTo(2000.0);
        assertThat(WriteStall.of(List.of(), 0, 10)).isEqualTo(new WriteStall(0, 0));
    }

    @Test
    void readLockIsHeldFromFlushStartToUnlockEndPerSession() {
        List<ReadLockRecorder.Entry> mydumper = List.of(
                new ReadLockRecorder.Entry(7, "FLUSH TABLES WITH READ LOCK", 1_000_000_000L, 3_000_000_000L),
                new ReadLockRecorder.Entry(8, "UNLOCK TABLES", 4_000_000_000L, 4_500_000_000L), // another session
                new ReadLockRecorder.Entry(7, "UNLOCK TABLES /* FTWRL */", 9_000_000_000L, 9_500_000_000L));
        assertThat(ReadLockRecorder.heldMillis(mydumper)).isEqualTo(8.5);
        List<ReadLockRecorder.Entry> twice = List.of(
                new ReadLockRecorder.Entry(1, "flush tables with read lock", 0, 1_000_000_000L),
                new ReadLockRecorder.Entry(1, "UNLOCK TABLES", 2_000_000_000L, 2_000_000_000L),
                new ReadLockRecorder.Entry(1, "FLUSH TABLES WITH READ LOCK", 5_000_000_000L, 5_000_000_000L),
                new ReadLockRecorder.Entry(1, "UNLOCK TABLES", 6_000_000_000L, 7_000_000_000L));
        assertThat(ReadLockRecorder.heldMillis(twice)).isEqualTo(4.0);
        assertThat(ReadLockRecorder.heldMillis(List.of())).isEqualTo(0.0);
        assertThat(ReadLockRecorder.heldMillis(
                        List.of(new ReadLockRecorder.Entry(3, "FLUSH TABLES WITH READ LOCK", 0, 1))))
                .isEqualTo(-1.0);
    }

    @Test
    void mydumperRowsGiveAsManyChunksAsOurPlanner() {
        // 4 tables of 59 MB with 64 MiB chunks: one chunk each, so -r covers a whole table
        long chunks = 4 * SnapshotDataset.chunksOf(59_000_000, 64L << 20);
        assertThat(SnapshotDataset.of(1_000_000, 236_000_000, 64L << 20, chunks))
                .isEqualTo(new SnapshotDataset(1_000_000, 236_000_000, 64L << 20, 4, 250_000));
        // 4 tables of 200 MB: 3 chunks each
        assertThat(SnapshotDataset.chunksOf(200_000_000, 64L << 20)).isEqualTo(3);
        assertThat(SnapshotDataset.of(4_000_000, 800_000_000, 64L << 20, 12).mydumperRows())
                .isEqualTo(333_334);
        assertThat(SnapshotDataset.chunksOf(0, 64L << 20)).isEqualTo(1);
        assertThat(SnapshotDataset.of(0, 0, 1, 0).mydumperRows()).isEqualTo(1);
    }

    @Test
    void mydumperCommandLine() {
        MydumperRunner runner = new MydumperRunner("/usr/bin/mydumper", Path.of("/w"));
        assertThat(runner.command("127.0.0.1", 3306, "u", "pw", 2, 250_000, true, Path.of("/w/out")))
                .containsExactly(
                        "/usr/bin/mydumper",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        "3306",
                        "--user",
                        "u",
                        "--password",
                        "pw",
                        "--database",
                        "sbtest",
                        "--threads",
                        "2",
                        "--rows",
                        "250000",
                        "--outputdir",
                        "/w/out",
                        "--verbose",
                        "2",
                        "--compress");
        assertThat(runner.command("h", 1, "u", "p", 1, 1, false, Path.of("/o"))).doesNotContain("--compress");
    }

    @Test
    void mydumperDataFiles() {
        assertThat(List.of(
                        "sbtest.sbtest1.sql",
                        "sbtest.sbtest1.00000.sql",
                        "sbtest.sbtest12.00003.sql.gz",
                        "sbtest.sbtest1.sql.gz"))
                .allMatch(MydumperRunner::isDataFile);
        assertThat(List.of(
                        "metadata",
                        "sbtest-schema-create.sql",
                        "sbtest-schema-create.sql.gz",
                        "sbtest.sbtest1-schema.sql",
                        "sbtest.sbtest1-schema.sql.gz",
                        "sbtest.v1-schema-view.sql"))
                .noneMatch(MydumperRunner::isDataFile);
    }
}
