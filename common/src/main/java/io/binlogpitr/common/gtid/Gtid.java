package io.binlogpitr.common.gtid;

import java.util.Locale;

/**
 * One global transaction identifier: {@code uuid:n}, or with a MySQL 8.4 tag {@code uuid:tag:n}.
 *
 * @param uuid lower-case server UUID of the originating server
 * @param tag lower-case tag, or null when untagged
 * @param transactionId the transaction number (from 1)
 */
public record Gtid(String uuid, String tag, long transactionId) {

    public Gtid {
        uuid = uuid.toLowerCase(Locale.ROOT);
        tag = tag == null || tag.isEmpty() ? null : tag.toLowerCase(Locale.ROOT);
        if (transactionId < 1) {
            throw new IllegalArgumentException("GTID transaction number must be at least 1, got " + transactionId);
        }
    }

    public Gtid(String uuid, long transactionId) {
        this(uuid, null, transactionId);
    }

    /** Parses {@code uuid:n} or {@code uuid:tag:n}. */
    public static Gtid parse(String text) {
        String t = text == null ? "" : text.trim();
        String[] parts = t.split(":");
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("malformed GTID '" + text + "': expected uuid:n or uuid:tag:n");
        }
        String uuid = GtidSet.normaliseUuid(parts[0], text);
        String tag = parts.length == 3 ? parts[1] : null;
        long n;
        try {
            n = Long.parseLong(parts[parts.length - 1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "malformed GTID '" + text + "': '" + parts[parts.length - 1] + "' is not a transaction number");
        }
        if (n < 1) {
            throw new IllegalArgumentException("malformed GTID '" + text + "': transaction numbers start at 1");
        }
        return new Gtid(uuid, tag, n);
    }

    /** The key under which {@link GtidSet} groups this GTID: "uuid" or "uuid:tag". */
    public String sourceKey() {
        return tag == null ? uuid : uuid + ":" + tag;
    }

    @Override
    public String toString() {
        return sourceKey() + ":" + transactionId;
    }
}
