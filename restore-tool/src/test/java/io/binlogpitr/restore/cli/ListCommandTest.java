package io.binlogpitr.restore.cli;

import static io.binlogpitr.restore.plan.RepositoryFixture.A;
import static io.binlogpitr.restore.plan.RepositoryFixture.B;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.binlogpitr.common.cli.ToolRunner;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.restore.plan.RepositoryFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pitr-restore list}: snapshots, journal coverage and the restorable window; exit 0, or 2 for a wrong path. */
class ListCommandTest {
    private static final String OLD = "20261121T130000Z";
    private static final String S1 = "20261121T140000Z";
    private static final String S2 = "20261121T140002Z";
    private static final String DAMAGED = "20261121T140005Z";

    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {}

    private Result run(String... args) {
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

    /** Base A:1-10; A:11, B:1, A:12, B:2, A:13 journaled; one snapshot too old, two usable, one damaged. */
    private RepositoryLayout repository() {
        return journal(RepositoryFixture.create(dir.resolve("repo"), A + ":1-10"))
                .snapshot(OLD, "2026-11-21T13:00:00Z", A + ":1-5")
                .snapshot(S1, "2026-11-21T14:00:00.500Z", A + ":1-11")
                .snapshot(S2, "2026-11-21T14:00:02.500Z", A + ":1-12," + B + ":1-2")
                .snapshotMissingAChunk(DAMAGED, "2026-11-21T14:00:05Z", A + ":1-13," + B + ":1-2")
                .done();
    }

    private static RepositoryFixture journal(RepositoryFixture f) {
        return f.tx(A, 11, "2026-11-21T14:00:00Z")
                .tx(B, 1, "2026-11-21T14:00:01Z")
                .tx(A, 12, "2026-11-21T14:00:02Z")
                .tx(B, 2, "2026-11-21T14:00:03Z")
                .tx(A, 13, "2026-11-21T14:00:04.123456Z");
    }

    @Test
    void textShowsSnapshotsJournalAndTheWindow() {
        RepositoryLayout repo = repository();
        Result r = run("list", "--repo", repo.root().toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("repository    " + repo.root() + "\n")
                .contains("journal       5 transactions\n")
                .contains("starts after  " + A + ":1-10\n")
                .contains("GTID set      " + A + ":11-13," + B + ":1-2\n")
                .contains("first commit  2026-11-21T14:00:00Z\n")
                .contains("last commit   2026-11-21T14:00:04.123456Z (" + A + ":13)\n")
                .contains("snapshots     4; 2 usable as a restore base\n")
                .containsPattern("  " + OLD + "  2026-11-21T13:00:00Z +\\.\\. 2026-11-21T13:00:01Z +10 rows +100 B"
                        + "  not usable: older than the journal's start  GTID set " + A + ":1-5\n")
                .contains("  " + S1 + "  2026-11-21T14:00:00.500Z .. 2026-11-21T14:00:01.500Z          10 rows"
                        + "       100 B  usable" + " ".repeat(36) + "  GTID set " + A + ":1-11\n")
                .contains("  " + DAMAGED + "  2026-11-21T14:00:05Z")
                .contains("DAMAGED: shop/t.00001.chunk.zst is missing")
                .contains("restorable    from 2026-11-21T14:00:00.500Z (snapshot " + S1 + ", after " + A + ":1-11)\n"
                        + "              to   2026-11-21T14:00:04.123456Z (" + A + ":13)\n");
    }

    @Test
    void jsonHasTheSameFacts() throws Exception {
        RepositoryLayout repo = repository();
        Result r = run("list", "--repo", repo.root().toString(), "--json");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.path("repository").asText()).isEqualTo(repo.root().toString());
        assertThat(n.path("journal").path("base").asText()).isEqualTo(A + ":1-10");
        assertThat(n.path("journal").path("gtidSet").asText()).isEqualTo(A + ":11-13," + B + ":1-2");
        assertThat(n.path("journal").path("transactions").asLong()).isEqualTo(5);
        assertThat(n.path("journal").path("firstCommit").asText()).isEqualTo("2026-11-21T14:00:00Z");
        assertThat(n.path("journal").path("lastCommit").asText()).isEqualTo("2026-11-21T14:00:04.123456Z");
        assertThat(n.path("journal").path("lastGtid").asText()).isEqualTo(A + ":13");
        JsonNode snapshots = n.path("snapshots");
        assertThat(snapshots).hasSize(4);
        assertThat(snapshots.get(0).path("id").asText()).isEqualTo(OLD);
        assertThat(snapshots.get(0).path("usable").asBoolean()).isFalse();
        assertThat(snapshots.get(0).path("state").asText()).isEqualTo("not usable: older than the journal's start");
        assertThat(snapshots.get(2).path("id").asText()).isEqualTo(S2);
        assertThat(snapshots.get(2).path("usable").asBoolean()).isTrue();
        assertThat(snapshots.get(2).path("gtidSet").asText()).isEqualTo(A + ":1-12," + B + ":1-2");
        assertThat(snapshots.get(2).path("startedAt").asText()).isEqualTo("2026-11-21T14:00:02.500Z");
        assertThat(snapshots.get(2).path("rows").asLong()).isEqualTo(10);
        assertThat(snapshots.get(2).path("damaged").asBoolean()).isFalse();
        assertThat(snapshots.get(3).path("damaged").asBoolean()).isTrue();
        assertThat(snapshots.get(3).path("problem").asText()).isEqualTo("shop/t.00001.chunk.zst is missing");
        JsonNode window = n.path("restorable");
        assertThat(window.path("earliest").path("time").asText()).isEqualTo("2026-11-21T14:00:00.500Z");
        assertThat(window.path("earliest").path("snapshot").asText()).isEqualTo(S1);
        assertThat(window.path("earliest").path("gtidSet").asText()).isEqualTo(A + ":1-11");
        assertThat(window.path("latest").path("time").asText()).isEqualTo("2026-11-21T14:00:04.123456Z");
        assertThat(window.path("latest").path("gtid").asText()).isEqualTo(A + ":13");
    }

    @Test
    void withoutAUsableSnapshotItSaysNothingIsRestorableAndStillExitsZero() throws Exception {
        RepositoryLayout repo = journal(RepositoryFixture.create(dir.resolve("repo"), A + ":1-10"))
                .snapshot(OLD, "2026-11-21T13:00:00Z", A + ":1-5")
                .done();
        Result r = run("list", "--repo", repo.root().toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("snapshots     1; 0 usable as a restore base\n")
                .contains("restorable    nothing yet: no snapshot can start a restore; take one with 'pitr-agent"
                        + " snapshot --config agent.yml'\n");
        Result json = run("list", "--repo", repo.root().toString(), "--json");
        assertThat(new ObjectMapper().readTree(json.out()).path("restorable").isNull())
                .isTrue();
    }

    @Test
    void anEmptyRepositoryListsNothing() {
        RepositoryLayout repo = RepositoryLayout.createOrOpen(dir.resolve("repo"));
        Result r = run("list", "--repo", repo.root().toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("journal       0 transactions\n")
                .contains("first commit  -\n")
                .contains("snapshots     none yet\n")
                .contains("restorable    nothing yet");
    }

    @Test
    void anUnreadableManifestIsFlaggedDamaged() throws Exception {
        RepositoryLayout repo = repository();
        Files.writeString(repo.snapshots().resolve(S2).resolve("manifest.json"), "{ not json");
        Result r = run("list", "--repo", repo.root().toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("  " + S2 + "  DAMAGED: unreadable manifest.json");
    }

    @Test
    void aDirectoryThatIsNotARepositoryIsBadInput() {
        Result r = run("list", "--repo", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("error[REPOSITORY_INVALID]: ").contains("HINT: ");
    }
}
