package io.binlogpitr.restore.plan;

import io.binlogpitr.common.gtid.Gtid;
import java.time.Instant;

/** Parsing of the GTIDs and times the commands take, with the errors {@link RestorePoint} gives. */
public final class Arguments {
    private Arguments() {}

    /** An ISO-8601 time with Z or an offset, for {@code option}; USAGE otherwise. */
    public static Instant time(String option, String text) {
        return RestorePoint.time(option, text);
    }

    /** One untagged GTID for {@code option}; USAGE otherwise. */
    public static Gtid gtid(String option, String text) {
        return RestorePoint.gtid(option, text);
    }
}
