package io.binlogpitr.restore.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestorePointTest {
    private static final String U = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

    @Test
    void eachOptionGivesItsKind() {
        assertThat(RestorePoint.parse(U + ":42", null, null)).isEqualTo(new RestorePoint.ToGtid(new Gtid(U, 42)));
        assertThat(RestorePoint.parse(null, U.toUpperCase() + ":42", null))
                .isEqualTo(new RestorePoint.BeforeGtid(new Gtid(U, 42)));
        assertThat(RestorePoint.parse(null, null, "2026-11-21T14:03:17Z"))
                .isEqualTo(new RestorePoint.ToTime(Instant.parse("2026-11-21T14:03:17Z")));
    }

    @Test
    void timesTakeAnOffsetAndFractions() {
        assertThat(RestorePoint.parse(null, null, "2026-11-21T19:33:17+05:30"))
                .isEqualTo(new RestorePoint.ToTime(Instant.parse("2026-11-21T14:03:17Z")));
        assertThat(RestorePoint.parse(null, null, "2026-11-21T14:03:17.123456Z"))
                .isEqualTo(new RestorePoint.ToTime(Instant.parse("2026-11-21T14:03:17.123456Z")));
        assertThat(RestorePoint.parse(null, null, "2026-11-21T09:03:17.5-05:00"))
                .isEqualTo(new RestorePoint.ToTime(Instant.parse("2026-11-21T14:03:17.500Z")));
    }

    @Test
    void exactlyOneOptionIsNeeded() {
        assertUsage(() -> RestorePoint.parse(null, null, null), "got none");
        assertUsage(() -> RestorePoint.parse(U + ":1", null, "2026-11-21T14:03:17Z"), "got --to-gtid and --to-time");
        assertUsage(() -> RestorePoint.parse(U + ":1", U + ":2", null), "got --to-gtid and --before-gtid");
    }

    @Test
    void aTimeWithoutZoneOrMalformedIsRefused() {
        assertUsage(
                () -> RestorePoint.parse(null, null, "2026-11-21T14:03:17"), "'2026-11-21T14:03:17' has no time zone");
        assertUsage(
                () -> RestorePoint.parse(null, null, "yesterday"), "--to-time: 'yesterday' is not an ISO-8601 time");
        assertUsage(() -> RestorePoint.parse(null, null, "2026-11-31T14:03:17Z"), "is not an ISO-8601 time");
    }

    @Test
    void aMalformedOrTaggedGtidIsRefused() {
        assertUsage(() -> RestorePoint.parse("abc:1", null, null), "--to-gtid: malformed GTID set 'abc:1'");
        assertUsage(() -> RestorePoint.parse(null, U + ":0", null), "--before-gtid: malformed GTID");
        assertUsage(() -> RestorePoint.parse(U + ":1-5", null, null), "--to-gtid: malformed GTID");
        assertUsage(
                () -> RestorePoint.parse(U + ":blue:5", null, null),
                "--to-gtid: tagged GTID '" + U + ":blue:5' (MySQL 8.4 uuid:tag:n): this version journals untagged");
    }

    private static void assertUsage(Runnable r, String message) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(PitrException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
            assertThat(e.getMessage()).contains(message);
            assertThat(e.hint()).isNotBlank();
        });
    }
}
