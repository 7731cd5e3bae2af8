package io.binlogpitr.common.gtid;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A mutable set of GTIDs, kept per source (server UUID, optionally with an 8.4 tag) as sorted, merged,
 * closed intervals of transaction numbers. The textual form is MySQL's ({@code uuid:1-5:7,uuid2:3}).
 *
 * <p>Adding the next transaction number of a source (the common case while streaming) is O(1) amortised;
 * any add is O(log n) in the number of intervals of that source. Not thread-safe.
 */
public final class GtidSet {
    /** Source key ("uuid" or "uuid:tag") to intervals start -> end (inclusive), never adjacent or overlapping. */
    private final TreeMap<String, TreeMap<Long, Long>> sources = new TreeMap<>();

    public GtidSet() {}

    /** Parses MySQL's textual form; whitespace and newlines (as in {@code @@gtid_executed}) are ignored. */
    public static GtidSet parse(String text) {
        GtidSet set = new GtidSet();
        if (text == null) {
            return set;
        }
        String compact = text.replaceAll("\\s+", "");
        if (compact.isEmpty()) {
            return set;
        }
        for (String sourcePart : compact.split(",")) {
            set.parseSourcePart(sourcePart, text);
        }
        return set;
    }

    private void parseSourcePart(String part, String whole) {
        String[] fields = part.split(":");
        if (fields.length < 2) {
            throw new IllegalArgumentException("malformed GTID set '" + whole + "': '" + part
                    + "' has no transaction numbers (expected uuid:n or uuid:a-b)");
        }
        String uuid = normaliseUuid(fields[0], whole);
        String tag = null;
        for (int i = 1; i < fields.length; i++) {
            String field = fields[i];
            if (!field.isEmpty() && Character.isLetter(field.charAt(0)) || field.startsWith("_")) {
                tag = normaliseTag(field, whole);
                continue;
            }
            String key = tag == null ? uuid : uuid + ":" + tag;
            int dash = field.indexOf('-');
            long start = parseNumber(dash < 0 ? field : field.substring(0, dash), whole);
            long end = dash < 0 ? start : parseNumber(field.substring(dash + 1), whole);
            if (end < start) {
                throw new IllegalArgumentException(
                        "malformed GTID set '" + whole + "': interval " + field + " ends before it starts");
            }
            addRange(key, start, end);
        }
    }

    private static long parseNumber(String s, String whole) {
        try {
            long n = Long.parseLong(s);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed GTID set '" + whole + "': '" + s
                    + "' is not a transaction number (a whole number from 1)");
        }
    }

    static String normaliseUuid(String uuid, String whole) {
        String u = uuid.toLowerCase(Locale.ROOT);
        if (!u.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            throw new IllegalArgumentException("malformed GTID set '" + whole + "': '" + uuid
                    + "' is not a server UUID (expected 8-4-4-4-12 hex digits)");
        }
        return u;
    }

    private static String normaliseTag(String tag, String whole) {
        String t = tag.toLowerCase(Locale.ROOT);
        if (!t.matches("[a-z_][a-z0-9_]{0,31}")) {
            throw new IllegalArgumentException("malformed GTID set '" + whole + "': '" + tag + "' is not a GTID tag");
        }
        return t;
    }

    /** Adds one GTID; returns false if it was already present. */
    public boolean add(Gtid gtid) {
        return add(gtid.sourceKey(), gtid.transactionId());
    }

    /** Adds one transaction of a source key ("uuid" or "uuid:tag"); returns false if already present. */
    public boolean add(String sourceKey, long gno) {
        if (contains(sourceKey, gno)) {
            return false;
        }
        addRange(sourceKey, gno, gno);
        return true;
    }

    public void addAll(GtidSet other) {
        other.sources.forEach((key, intervals) -> intervals.forEach((s, e) -> addRange(key, s, e)));
    }

    private void addRange(String key, long start, long end) {
        TreeMap<Long, Long> intervals = sources.computeIfAbsent(key, k -> new TreeMap<>());
        long newStart = start;
        long newEnd = end;
        Map.Entry<Long, Long> before = intervals.floorEntry(start);
        if (before != null && before.getValue() >= start - 1) {
            if (before.getValue() >= end) {
                return;
            }
            newStart = before.getKey();
            newEnd = Math.max(end, before.getValue());
            intervals.remove(before.getKey());
        }
        Map.Entry<Long, Long> next = intervals.ceilingEntry(newStart);
        while (next != null && next.getKey() <= newEnd + 1) {
            newEnd = Math.max(newEnd, next.getValue());
            intervals.remove(next.getKey());
            next = intervals.ceilingEntry(newStart);
        }
        intervals.put(newStart, newEnd);
    }

    public boolean contains(Gtid gtid) {
        return contains(gtid.sourceKey(), gtid.transactionId());
    }

    public boolean contains(String sourceKey, long gno) {
        TreeMap<Long, Long> intervals = sources.get(sourceKey);
        if (intervals == null) {
            return false;
        }
        Map.Entry<Long, Long> e = intervals.floorEntry(gno);
        return e != null && e.getValue() >= gno;
    }

    /** True if every GTID of {@code other} is in this set. */
    public boolean containsAll(GtidSet other) {
        return other.subtract(this).isEmpty();
    }

    /** A new set: this minus {@code other}. */
    public GtidSet subtract(GtidSet other) {
        GtidSet result = new GtidSet();
        sources.forEach((key, intervals) -> {
            TreeMap<Long, Long> removing = other.sources.getOrDefault(key, new TreeMap<>());
            intervals.forEach((s, e) -> {
                long cursor = s;
                Map.Entry<Long, Long> r = removing.floorEntry(s);
                if (r == null || r.getValue() < s) {
                    r = removing.higherEntry(s);
                }
                while (cursor <= e && r != null && r.getKey() <= e) {
                    if (r.getKey() > cursor) {
                        result.addRange(key, cursor, r.getKey() - 1);
                    }
                    cursor = Math.max(cursor, r.getValue() + 1);
                    r = removing.higherEntry(r.getKey());
                }
                if (cursor <= e) {
                    result.addRange(key, cursor, e);
                }
            });
        });
        return result;
    }

    /** A new set: the GTIDs present in both. */
    public GtidSet intersect(GtidSet other) {
        return subtract(subtract(other));
    }

    public boolean isEmpty() {
        return sources.values().stream().allMatch(TreeMap::isEmpty);
    }

    /** Number of transactions in the set. */
    public long size() {
        long n = 0;
        for (TreeMap<Long, Long> intervals : sources.values()) {
            for (Map.Entry<Long, Long> e : intervals.entrySet()) {
                n += e.getValue() - e.getKey() + 1;
            }
        }
        return n;
    }

    /** Source keys ("uuid" or "uuid:tag") present, sorted. */
    public List<String> sourceKeys() {
        List<String> keys = new ArrayList<>();
        sources.forEach((k, v) -> {
            if (!v.isEmpty()) {
                keys.add(k);
            }
        });
        return keys;
    }

    /** Closed intervals of one source key, in order. */
    public List<Interval> intervals(String sourceKey) {
        TreeMap<Long, Long> intervals = sources.get(sourceKey);
        if (intervals == null) {
            return Collections.emptyList();
        }
        List<Interval> list = new ArrayList<>(intervals.size());
        intervals.forEach((s, e) -> list.add(new Interval(s, e)));
        return list;
    }

    /** The holes between the intervals of each source, e.g. {@code uuid:1-3:7} has the hole {@code uuid:4-6}. */
    public GtidSet holes() {
        GtidSet result = new GtidSet();
        sources.forEach((key, intervals) -> {
            Long previousEnd = null;
            for (Map.Entry<Long, Long> e : intervals.entrySet()) {
                if (previousEnd != null) {
                    result.addRange(key, previousEnd + 1, e.getKey() - 1);
                }
                previousEnd = e.getValue();
            }
        });
        return result;
    }

    public GtidSet copy() {
        GtidSet copy = new GtidSet();
        copy.addAll(this);
        return copy;
    }

    /** MySQL's textual form, sources sorted, tagged intervals after the untagged ones of the same UUID. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        String lastUuid = null;
        for (Map.Entry<String, TreeMap<Long, Long>> source : sources.entrySet()) {
            if (source.getValue().isEmpty()) {
                continue;
            }
            String key = source.getKey();
            int colon = key.indexOf(':');
            String uuid = colon < 0 ? key : key.substring(0, colon);
            if (uuid.equals(lastUuid)) {
                sb.append(':');
            } else {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(uuid).append(':');
            }
            if (colon >= 0) {
                sb.append(key.substring(colon + 1)).append(':');
            }
            boolean first = true;
            for (Map.Entry<Long, Long> e : source.getValue().entrySet()) {
                if (!first) {
                    sb.append(':');
                }
                first = false;
                sb.append(e.getKey());
                if (!e.getValue().equals(e.getKey())) {
                    sb.append('-').append(e.getValue());
                }
            }
            lastUuid = uuid;
        }
        return sb.toString();
    }

    /** The textual form cut to about 200 characters for logs and messages, with the size when cut. */
    public String abbreviated() {
        String s = toString();
        if (s.isEmpty()) {
            return "nothing";
        }
        return s.length() <= 200 ? s : s.substring(0, 200) + "... (" + size() + " transactions)";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GtidSet)) {
            return false;
        }
        GtidSet other = (GtidSet) o;
        return toString().equals(other.toString());
    }

    @Override
    public int hashCode() {
        return Objects.hash(toString());
    }

    /** A closed interval of transaction numbers. */
    public record Interval(long start, long end) {}
}
