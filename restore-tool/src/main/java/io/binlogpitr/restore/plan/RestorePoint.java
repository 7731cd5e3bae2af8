package io.binlogpitr.restore.plan;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a restore stops, as the command line names it: {@code --to-gtid G} (G included), {@code --before-gtid G}
 * (everything before G in journal order, G excluded: undoing a mistaken transaction) or {@code --to-time T}
 * (every transaction committed at or before T, by its original commit time).
 */
public sealed interface RestorePoint permits RestorePoint.ToGtid, RestorePoint.BeforeGtid, RestorePoint.ToTime {

    /** The point as the option that names it, for messages: {@code --to-gtid uuid:42}. */
    String describe();

    /** Restore up to and including {@code gtid}. */
    record ToGtid(Gtid gtid) implements RestorePoint {
        @Override
        public String describe() {
            return "--to-gtid " + gtid;
        }
    }

    /** Restore up to the transaction just before {@code gtid} in journal order. */
    record BeforeGtid(Gtid gtid) implements RestorePoint {
        @Override
        public String describe() {
            return "--before-gtid " + gtid;
        }
    }

    /** Restore every transaction whose original commit time is at or before {@code time}. */
    record ToTime(Instant time) implements RestorePoint {
        @Override
        public String describe() {
            return "--to-time " + time;
        }
    }

    /**
     * The point from the three options, exactly one of which must be given (null when absent).
     *
     * @throws PitrException USAGE for none or more than one, a malformed GTID or time, a time without a zone, or a
     *     tagged GTID
     */
    static RestorePoint parse(String toGtid, String beforeGtid, String toTime) {
        List<String> given = new ArrayList<>();
        if (toGtid != null) {
            given.add("--to-gtid");
        }
        if (beforeGtid != null) {
            given.add("--before-gtid");
        }
        if (toTime != null) {
            given.add("--to-time");
        }
        if (given.size() != 1) {
            throw new PitrException(
                    ErrorCode.USAGE,
                    "exactly one of --to-gtid, --before-gtid and --to-time is needed, got "
                            + (given.isEmpty() ? "none" : String.join(" and ", given)),
                    "name the point to restore to once; 'pitr-restore list --repo DIR' shows what can be restored");
        }
        if (toGtid != null) {
            return new ToGtid(gtid("--to-gtid", toGtid));
        }
        if (beforeGtid != null) {
            return new BeforeGtid(gtid("--before-gtid", beforeGtid));
        }
        return new ToTime(time("--to-time", toTime));
    }

    /** A single GTID named by {@code option}; USAGE for a malformed or tagged one. */
    static Gtid gtid(String option, String text) {
        Gtid g;
        try {
            g = Gtid.parse(text);
        } catch (IllegalArgumentException e) {
            throw new PitrException(
                    ErrorCode.USAGE,
                    option + ": " + e.getMessage(),
                    "a GTID is the source's server UUID and a transaction number, e.g. "
                            + "3e11fa47-71ca-11e1-9e33-c80aa9429562:4821");
        }
        if (g.tag() != null) {
            throw new PitrException(
                    ErrorCode.USAGE,
                    option + ": tagged GTID '" + text.trim() + "' (MySQL 8.4 uuid:tag:n): this version journals "
                            + "untagged GTIDs only, so no journal holds one",
                    "name an untagged GTID (uuid:n); see docs/troubleshooting.md#tagged-gtids-mysql-84-refused");
        }
        return g;
    }

    /** An ISO-8601 time with a zone named by {@code option}; USAGE otherwise. */
    static Instant time(String option, String text) {
        String t = text.trim();
        try {
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            boolean noZone;
            try {
                noZone = DateTimeFormatter.ISO_LOCAL_DATE_TIME.parse(t).isSupported(ChronoField.HOUR_OF_DAY);
            } catch (DateTimeParseException notLocalEither) {
                noZone = false;
            }
            throw new PitrException(
                    ErrorCode.USAGE,
                    option + ": '" + text + "' "
                            + (noZone
                                    ? "has no time zone"
                                    : "is not an ISO-8601 time ("
                                            + e.getMessage().replaceFirst("^Text '[^']*' ", "") + ")"),
                    "give a UTC time with Z or a time with its offset, e.g. 2026-11-21T14:03:17Z,"
                            + " 2026-11-21T19:33:17.250+05:30");
        }
    }
}
