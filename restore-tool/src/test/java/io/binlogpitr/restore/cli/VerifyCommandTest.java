package io.binlogpitr.restore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.cli.ToolRunner;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.Events;
import io.binlogpitr.common.journal.JournalSettings;
import io.binlogpitr.common.journal.JournalWriter;
import io.binlogpitr.common.repository.RepositoryLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pitr-restore verify}: exit 0 for a whole journal; 1 for damage, holes or duplicates; 2 for a wrong path. */
class VerifyCommandTest {
    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {}

    private Result verify(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = ToolRunner.execute(new RestoreMain(), args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    /** A repository whose journal starts after {@code uuid:1-10} and holds the given transaction numbers. */
    private Path repository(long... gnos) {
        RepositoryLayout layout = RepositoryLayout.createOrOpen(dir.resolve("repo"));
        Random random = new Random(3);
        try (JournalWriter w = JournalWriter.open(layout.journal(), JournalSettings.defaults())) {
            w.recordBase(GtidSet.parse(Events.UUID_A + ":1-10"), Events.UUID_A);
            long position = 4;
            for (long gno : gnos) {
                List<byte[]> events = Events.transaction(random, 2000);
                position = Events.write(w, Events.start(Events.UUID_A, gno, position), events);
            }
        }
        return layout.root();
    }

    @Test
    void aWholeJournalPasses() {
        Path repo = repository(11, 12, 13, 14, 15);
        Result r = verify("verify", "--repo", repo.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("verified 5 transactions").contains("OK: every checksum is valid");
    }

    @Test
    void aSnapshotWithoutItsManifestIsReportedUnlessJournalOnly() throws IOException {
        Path repo = repository(11, 12);
        Files.createDirectories(repo.resolve("snapshots/20261121T000000Z/shop"));
        Result r = verify("verify", "--repo", repo.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL: snapshot 20261121T000000Z: no manifest.json");
        Result journalOnly = verify("verify", "--repo", repo.toString(), "--journal-only");
        assertThat(journalOnly.exitCode()).as(journalOnly.out()).isZero();
        assertThat(journalOnly.out()).contains("(snapshots not checked)");
    }

    @Test
    void aHoleInTheGtidSequenceIsReported() {
        Path repo = repository(11, 12, 15, 16);
        Result r = verify("verify", "--repo", repo.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL: GTID hole: " + Events.UUID_A + ":13-14 is missing from the journal");
    }

    @Test
    void aDamagedByteIsFoundAndNamed() throws IOException {
        Path repo = repository(11, 12, 13);
        flipAByteInTheMiddleOfTheJournal(repo.resolve("journal"));
        Result r = verify("verify", "--repo", repo.toString(), "--json");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("\"ok\" : false").contains("index");
    }

    @Test
    void aDirectoryThatIsNotARepositoryIsBadInput() {
        Result r = verify("verify", "--repo", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .contains("error[REPOSITORY_INVALID]: ")
                .contains("is not a binlog-pitr repository")
                .contains("HINT: ");
    }

    @Test
    void aMissingOptionIsAUsageError() {
        Result r = verify("verify");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("error[USAGE]: missing required option: '--repo=DIR'");
    }

    /** Flips a byte inside the second transaction's event bytes (found by its size: the largest excerpt region). */
    private static void flipAByteInTheMiddleOfTheJournal(Path journal) throws IOException {
        Path cycle;
        try (Stream<Path> files = Files.list(journal)) {
            cycle = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        byte[] all = Files.readAllBytes(cycle);
        int lastNonZero = all.length - 1;
        while (lastNonZero > 0 && all[lastNonZero] == 0) {
            lastNonZero--;
        }
        int target = lastNonZero - 3000; // inside the last transaction's events, before its checksum
        try (RandomAccessFile raf = new RandomAccessFile(cycle.toFile(), "rw")) {
            raf.seek(target);
            raf.write(all[target] ^ 0x5a);
        }
    }
}
