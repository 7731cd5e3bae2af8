package io.binlogpitr.common.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalEntry;
import io.binlogpitr.common.journal.TransactionHeader;
import io.binlogpitr.common.repository.RepositoryLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A derived baseline, written and read back and taken by a reader, gives back the view it was made from: known
 * tables with their columns, the ones the history could not follow unknown with their reason, and a hole in the
 * history (a statement the grammar could not read) as unknown for every table it does not list.
 */
class DerivedBaselineWriterTest {
    private static final String UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final Instant NOW = Instant.parse("2026-12-04T19:00:00Z");

    @TempDir
    Path dir;

    /** A complete view (a table it does not hold does not exist) with t(id, a, b) and u(x). */
    private static SchemaView foundation() {
        SchemaView v = SchemaView.builder(null).build();
        v = DdlSchemaEvolver.apply(
                v, "shop", "CREATE TABLE `t` (`id` int unsigned PRIMARY KEY, `a` int, `b` varchar(8))", "", "b1");
        return DdlSchemaEvolver.apply(v, "shop", "CREATE TABLE `u` (`x` int)", "", "b1");
    }

    @Test
    void aRenameAndAnAlterTheHistoryCannotFollowSurviveTheRoundTrip() throws Exception {
        SchemaView v = foundation();
        v = DdlSchemaEvolver.apply(
                v, "shop", "ALTER TABLE t RENAME COLUMN a TO b, RENAME COLUMN b TO a", "", UUID + ":6");
        v = DdlSchemaEvolver.apply(v, "shop", "ALTER TABLE u DROP COLUMN nope", "", UUID + ":7");
        assertThat(v.table("shop", "u").unknownReason())
                .as("the evolver's own verdict")
                .isNotNull();

        SchemaView back = roundTrip(v);
        assertThat(back.table("shop", "t")).isEqualTo(v.table("shop", "t"));
        assertThat(back.table("shop", "t").schema().columns().stream().map(ColumnSchema::name))
                .containsExactly("id", "b", "a");
        assertThat(back.table("shop", "t").schema().primaryKey()).containsExactly("id");
        assertThat(back.table("shop", "u").unknownReason())
                .isEqualTo(v.table("shop", "u").unknownReason());
        assertThat(back.table("shop", "never").unknownReason()).isEqualTo(SchemaView.ABSENT);
    }

    @Test
    void aHoleInTheHistoryLeavesEveryTableUnknown() throws Exception {
        SchemaView v = DdlSchemaEvolver.apply(foundation(), "shop", "ALTER TABLE t FROBNICATE", "", UUID + ":6");
        v = DdlSchemaEvolver.apply(v, "shop", "CREATE TABLE `n` (`k` int)", "", UUID + ":7");
        SchemaView back = roundTrip(v);
        assertThat(back.table("shop", "t").unknownReason())
                .isEqualTo(v.table("shop", "t").unknownReason())
                .contains("could not be read with MySQL's grammar");
        assertThat(back.table("shop", "n").schema())
                .as("created after the hole")
                .isNotNull();
    }

    @Test
    void aReaderTakesTheDerivedBaselineBeforeTheFirstTransactionAfterItsSet() throws Exception {
        SchemaView v =
                DdlSchemaEvolver.apply(foundation(), "shop", "ALTER TABLE t RENAME COLUMN a TO c", "", UUID + ":6");
        RepositoryLayout repo = RepositoryLayout.createOrOpen(dir.resolve("repo"));
        SchemaBaselineStore.write(
                repo,
                DerivedBaselineWriter.fromView(
                        "20261204T190000.000Z",
                        UUID,
                        GtidSet.parse(UUID + ":1-6"),
                        NOW,
                        v,
                        new SchemaBaseline.Derivation("b1", UUID + ":6", null)));
        SchemaTracker tracker = new SchemaTracker(SchemaBaselineStore.readAll(repo));
        assertThat(tracker.enter(entry(7)).table("shop", "t").schema().indexOf("c"))
                .contains(1);
        assertThat(tracker.lastCompleteBaseline()).isEqualTo("20261204T190000.000Z");
        Path file = SchemaBaselineStore.directory(repo).resolve("baseline-20261204T190000.000Z.json");
        assertThat(Files.readString(file)).contains("\"format\" : 2").contains("\"from\" : \"b1\"");
    }

    private SchemaView roundTrip(SchemaView v) throws Exception {
        RepositoryLayout repo = RepositoryLayout.createOrOpen(dir.resolve("repo"));
        SchemaBaseline b = DerivedBaselineWriter.fromView(
                "20261204T190000.000Z",
                UUID,
                GtidSet.parse(UUID + ":1-7"),
                NOW,
                v,
                new SchemaBaseline.Derivation("b1", UUID + ":6-7", null));
        SchemaBaselineStore.write(repo, b);
        List<SchemaBaseline> read = SchemaBaselineStore.readAll(repo);
        assertThat(read).containsExactly(b);
        return BaselineViews.apply(SchemaView.empty("none"), read.get(0));
    }

    /** A DML transaction as far as the tracker reads it: its GTID event, then BEGIN would follow. */
    private static JournalEntry entry(long n) {
        TransactionHeader h = new TransactionHeader(new Gtid(UUID, n), 0, 0, "binlog.000001", 4, 100, 1, 19);
        byte[] gtidEvent = new byte[19];
        gtidEvent[4] = 33;
        return new JournalEntry() {
            @Override
            public TransactionHeader header() {
                return h;
            }

            @Override
            public long index() {
                return n;
            }

            @Override
            public byte[] formatDescription() {
                return null;
            }

            @Override
            public Iterator<byte[]> events() {
                return List.of(gtidEvent).iterator();
            }
        };
    }
}
