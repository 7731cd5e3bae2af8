package io.binlogpitr.common.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reader leases: written and removed by their reader, expired by a dead pid or a stopped heartbeat. */
class ReaderLeaseTest {
    @TempDir
    Path dir;

    private static final GtidSet SET = GtidSet.parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5000");

    @Test
    void aLeaseIsSeenWhileHeldAndGoneWhenClosed() {
        RepositoryLayout layout = RepositoryLayout.createOrOpen(dir);
        try (ReaderLease lease =
                ReaderLease.take(layout, LeaseClaim.snapshot("pitr-restore restore", "20261203T101500Z", SET))) {
            List<ReaderLease.Holder> live = ReaderLease.live(layout, Clock.systemUTC());
            assertThat(live).singleElement().satisfies(h -> {
                assertThat(h.pid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(h.claim().needsSnapshot("20261203T101500Z")).isTrue();
                assertThat(h.claim().needsSnapshot("20261202T101500Z")).isFalse();
                assertThat(h.claim().journalAfter()).isEqualTo(SET);
            });
            lease.narrow(LeaseClaim.everything("pitr-restore restore"));
            assertThat(ReaderLease.live(layout, Clock.systemUTC()))
                    .singleElement()
                    .satisfies(h -> assertThat(h.claim().allSnapshots()).isTrue());
        }
        assertThat(ReaderLease.live(layout, Clock.systemUTC())).isEmpty();
    }

    @Test
    void aLeaseWhoseHeartbeatStoppedHasExpiredAndIsDeleted() {
        RepositoryLayout layout = RepositoryLayout.createOrOpen(dir);
        try (ReaderLease lease = ReaderLease.take(layout, LeaseClaim.everything("pitr-restore find"))) {
            Clock later = Clock.offset(Clock.systemUTC(), ReaderLease.STALE.plusSeconds(1));
            assertThat(ReaderLease.live(layout, later)).isEmpty();
            assertThat(ReaderLease.live(layout, Clock.systemUTC()))
                    .as("expired leases are deleted")
                    .isEmpty();
        }
    }

    @Test
    void expiryByPidOnThisHostOnlyAndByAgeAnywhere() {
        Instant now = Instant.now();
        LeaseClaim claim = LeaseClaim.everything("pitr-restore verify");
        ReaderLease.Holder deadHere = new ReaderLease.Holder(dir, Long.MAX_VALUE - 1, "db1", now, now, claim);
        assertThat(ReaderLease.expiry(deadHere, "db1", now)).contains("no longer runs");
        assertThat(ReaderLease.expiry(deadHere, "backup-host", now))
                .as("another host's pid cannot be checked from here")
                .isNull();
        ReaderLease.Holder silent =
                new ReaderLease.Holder(dir, Long.MAX_VALUE - 1, "db1", now, now.minus(Duration.ofMinutes(5)), claim);
        assertThat(ReaderLease.expiry(silent, "backup-host", now)).contains("not refreshed for 300 s");
    }

    @Test
    void anUnreadableLeaseHoldsEverything() throws Exception {
        RepositoryLayout layout = RepositoryLayout.createOrOpen(dir);
        Files.createDirectories(dir.resolve("leases"));
        Files.writeString(dir.resolve("leases/123-x.json"), "{not json");
        assertThat(ReaderLease.live(layout, Clock.systemUTC()))
                .singleElement()
                .satisfies(h -> assertThat(h.claim().allSnapshots()).isTrue());
    }
}
