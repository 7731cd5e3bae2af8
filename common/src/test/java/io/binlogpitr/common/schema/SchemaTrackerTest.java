package io.binlogpitr.common.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.journal.JournalEntry;
import io.binlogpitr.common.journal.ListEntry;
import io.binlogpitr.common.journal.TransactionHeader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which baseline names which transaction as the tracker walks the journal. */
class SchemaTrackerTest {
    private static final String UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

    @Test
    void eachBaselineTakesOverAtTheFirstTransactionItsSetDoesNotHold() {
        SchemaTracker tracker = new SchemaTracker(List.of(
                // out of order on purpose: the sets decide
                baseline("b2", "1-8", true, "shop", "CREATE TABLE `t` (`b` int, `a` int)"),
                baseline("b1", "1-5", true, "shop", "CREATE TABLE `t` (`a` int, `b` int)")));
        assertThat(columns(tracker.enter(entry(3)))).isEqualTo(SchemaView.NO_BASELINE);
        assertThat(columns(tracker.enter(entry(6)))).isEqualTo("a b");
        assertThat(columns(tracker.enter(entry(8))))
                .as("8 is before b2's point")
                .isEqualTo("a b");
        assertThat(columns(tracker.enter(entry(9)))).isEqualTo("b a");
        assertThat(columns(tracker.enter(entry(10)))).isEqualTo("b a");
    }

    @Test
    void aSnapshotReplacesOnlyTheDatabasesItHolds() {
        SchemaTracker tracker = new SchemaTracker(List.of(
                baseline("agent", "1-2", true, "shop", "CREATE TABLE `t` (`a` int, `b` int)"),
                baseline("snapshot-x", "1-4", false, "crm", "CREATE TABLE `t` (`z` int)")));
        SchemaView v = tracker.enter(entry(5));
        assertThat(describe(v.table("shop", "t"))).isEqualTo("a b");
        assertThat(describe(v.table("crm", "t"))).isEqualTo("z");
        assertThat(v.table("shop", "never").unknownReason()).isEqualTo(SchemaView.ABSENT);
    }

    @Test
    void aShowCreateTheGrammarCannotReadMakesThatTableUnknownOnly() {
        SchemaTracker tracker = new SchemaTracker(List.of(new SchemaBaseline(
                "b",
                UUID,
                UUID + ":1-2",
                "2026-01-01T00:00:00Z",
                true,
                List.of(new SchemaBaseline.Database(
                        "shop",
                        List.of(
                                new SchemaBaseline.Table("bad", "CREATE TABLE `bad` (`a` int,,)"),
                                new SchemaBaseline.Table("ok", "CREATE TABLE `ok` (`we``ird name` int)")))))));
        SchemaView v = tracker.enter(entry(3));
        assertThat(v.table("shop", "bad").unknownReason()).startsWith("its SHOW CREATE TABLE in baseline b");
        assertThat(describe(v.table("shop", "ok"))).isEqualTo("we`ird name");
    }

    private static SchemaBaseline baseline(String id, String range, boolean complete, String db, String create) {
        String table = create.substring(create.indexOf('`') + 1, create.indexOf('`', create.indexOf('`') + 1));
        return new SchemaBaseline(
                id,
                UUID,
                UUID + ":" + range,
                "2026-01-01T00:00:00Z",
                complete,
                List.of(new SchemaBaseline.Database(db, List.of(new SchemaBaseline.Table(table, create)))));
    }

    private static String columns(SchemaView v) {
        TableState s = v.table("shop", "t");
        return s.schema() == null ? s.unknownReason() : describe(s);
    }

    private static String describe(TableState s) {
        return String.join(
                " ", s.schema().columns().stream().map(ColumnSchema::name).toList());
    }

    /** A DML transaction as far as the tracker reads it: its GTID event, then BEGIN would follow. */
    private static JournalEntry entry(long n) {
        TransactionHeader h = new TransactionHeader(new Gtid(UUID, n), 0, 0, "binlog.000001", 4, 100, 1, 19);
        byte[] gtidEvent = new byte[19];
        gtidEvent[4] = 33;
        return new ListEntry(h, n, null, List.of(gtidEvent));
    }
}
