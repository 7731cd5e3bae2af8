package io.binlogpitr.common.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.repository.LeaseClaim;
import io.binlogpitr.common.repository.ReaderLease;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which baselines retention deletes, by where the pruned journal starts: three agent baselines b1 (u:1-10), b2
 * (u:1-20), b3 (u:1-30), each a complete one taken at an agent start.
 */
class BaselineRetentionTest {
    private static final String U = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final SchemaBaselineStore.Stored B1 = stored("20261201T100000.000Z", "1-10", true);
    private static final SchemaBaselineStore.Stored B2 = stored("20261202T100000.000Z", "1-20", true);
    private static final SchemaBaselineStore.Stored B3 = stored("20261203T100000.000Z", "1-30", true);
    private static final List<SchemaBaselineStore.Stored> ALL = List.of(B3, B1, B2);

    @Test
    void aJournalNeverPrunedNeedsEveryBaseline() {
        BaselineRetention.Plan p = BaselineRetention.plan(ALL, set("1-10"), List.of());
        assertThat(p.foundation()).contains(B1);
        assertThat(p.deletable()).isEmpty();
    }

    @Test
    void theBaselineTheOldestKeptRecordNeedsStaysAndTheOlderOnesGo() {
        // the journal starts after u:1-25: its first record (u:26) is described by b2 and the DDL after it
        BaselineRetention.Plan p = BaselineRetention.plan(ALL, set("1-25"), List.of());
        assertThat(p.foundation()).contains(B2);
        assertThat(p.deletable()).containsExactly(B1);
        // the journal starts exactly after b2's set: still b2
        assertThat(BaselineRetention.plan(ALL, set("1-20"), List.of()).deletable())
                .containsExactly(B1);
        // the journal starts before b2's set: b1 describes its first record
        assertThat(BaselineRetention.plan(ALL, set("1-19"), List.of()).deletable())
                .isEmpty();
    }

    @Test
    void aNewerBaselineCoveringTheWholeKeptJournalLeavesOnlyItself() {
        BaselineRetention.Plan p = BaselineRetention.plan(ALL, set("1-40"), List.of());
        assertThat(p.foundation()).contains(B3);
        assertThat(p.deletable()).containsExactly(B1, B2);
    }

    @Test
    void anIncompleteBaselineIsNeverTheFoundationAndOneAfterItStays() {
        SchemaBaselineStore.Stored partial = stored("20261202T120000.000Z", "1-22", false);
        BaselineRetention.Plan p = BaselineRetention.plan(List.of(B1, B2, partial, B3), set("1-25"), List.of());
        assertThat(p.foundation()).contains(B2);
        assertThat(p.deletable()).containsExactly(B1);
        SchemaBaselineStore.Stored olderPartial = stored("20261201T120000.000Z", "1-12", false);
        assertThat(BaselineRetention.plan(List.of(B1, olderPartial, B2), set("1-25"), List.of())
                        .deletable())
                .containsExactly(B1, olderPartial);
    }

    @Test
    void twoBaselinesOfOneSetKeepTheLaterFile() {
        SchemaBaselineStore.Stored again = stored("20261202T110000.000Z", "1-20", true);
        BaselineRetention.Plan p = BaselineRetention.plan(List.of(again, B2, B1), set("1-25"), List.of());
        assertThat(p.foundation()).contains(again);
        assertThat(p.deletable()).containsExactly(B1, B2);
    }

    @Test
    void noBaselineBeforeTheJournalStartDeletesNothing() {
        assertThat(BaselineRetention.plan(ALL, set("1-5"), List.of()).deletable())
                .isEmpty();
        assertThat(BaselineRetention.plan(ALL, new GtidSet(), List.of()).foundation())
                .isEmpty();
        assertThat(BaselineRetention.plan(List.of(), set("1-40"), List.of()).deletable())
                .isEmpty();
    }

    @Test
    void aLeaseKeepsTheBaselinesWhereItsReaderStartsAndSaysWho() {
        ReaderLease.Holder find = holder(LeaseClaim.everything("pitr-restore find"));
        BaselineRetention.Plan p = BaselineRetention.plan(ALL, set("1-40"), List.of(find));
        assertThat(p.deletable()).isEmpty();
        assertThat(p.heldBack()).containsExactly(B1, B2);
        assertThat(p.readers()).containsExactly(find.describe());

        // a restore that reads the journal after u:1-25 keeps b2 (its start), not b1
        ReaderLease.Holder restore = holder(LeaseClaim.snapshot("pitr-restore restore", "s1", set("1-25")));
        BaselineRetention.Plan q = BaselineRetention.plan(ALL, set("1-40"), List.of(restore));
        assertThat(q.deletable()).containsExactly(B1);
        assertThat(q.heldBack()).containsExactly(B2);
        assertThat(q.readers()).containsExactly(restore.describe());

        // a lease that limits nothing is not named
        ReaderLease.Holder later = holder(LeaseClaim.snapshot("pitr-restore restore", "s9", set("1-50")));
        BaselineRetention.Plan r = BaselineRetention.plan(ALL, set("1-40"), List.of(later));
        assertThat(r.deletable()).containsExactly(B1, B2);
        assertThat(r.heldBack()).isEmpty();
        assertThat(r.readers()).isEmpty();
    }

    private static GtidSet set(String range) {
        return GtidSet.parse(U + ":" + range);
    }

    private static SchemaBaselineStore.Stored stored(String id, String range, boolean complete) {
        SchemaBaseline b = new SchemaBaseline(id, U, U + ":" + range, "2026-12-01T10:00:00Z", complete, List.of());
        return new SchemaBaselineStore.Stored(Path.of("schema", "baseline-" + id + ".json"), b);
    }

    private static ReaderLease.Holder holder(LeaseClaim claim) {
        Instant now = Instant.now();
        return new ReaderLease.Holder(Path.of("leases", "1-x.json"), 1, "db1", now, now, claim);
    }
}
