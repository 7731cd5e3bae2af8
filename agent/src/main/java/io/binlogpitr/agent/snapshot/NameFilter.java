package io.binlogpitr.agent.snapshot;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which databases and tables a snapshot takes. Patterns are {@code db} or {@code db.table}, with {@code *} as a
 * wildcard; an empty include list means every user database. Exclusions win. The system schemas are never
 * taken: the target's own are what a restored server needs.
 */
final class NameFilter {
    static final Set<String> SYSTEM_SCHEMAS = io.binlogpitr.common.snapshot.SnapshotManifest.Filter.SYSTEM_SCHEMAS;

    private final List<Pattern[]> include;
    private final List<Pattern[]> exclude;

    NameFilter(List<String> include, List<String> exclude) {
        this.include = include.stream().map(NameFilter::compile).toList();
        this.exclude = exclude.stream().map(NameFilter::compile).toList();
    }

    /** Whether every database but the system schemas is taken: no include list, no database-level exclusion. */
    boolean everyDatabase() {
        return include.isEmpty() && exclude.stream().noneMatch(p -> p[1] == null);
    }

    /** True if some of the database may be taken (a table-level include names it). */
    boolean database(String db) {
        if (SYSTEM_SCHEMAS.contains(db.toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (exclude.stream().anyMatch(p -> p[1] == null && p[0].matcher(db).matches())) {
            return false;
        }
        return include.isEmpty()
                || include.stream().anyMatch(p -> p[0].matcher(db).matches());
    }

    /** True if the table (or view) is taken. */
    boolean table(String db, String table) {
        if (!database(db)) {
            return false;
        }
        if (exclude.stream().anyMatch(p -> matches(p, db, table))) {
            return false;
        }
        return include.isEmpty() || include.stream().anyMatch(p -> matches(p, db, table));
    }

    private static boolean matches(Pattern[] p, String db, String table) {
        return p[0].matcher(db).matches()
                && (p[1] == null || p[1].matcher(table).matches());
    }

    /** {@code db} or {@code db.table}; a name containing a dot is written with backquotes: {@code `a.b`.t}. */
    private static Pattern[] compile(String pattern) {
        String db;
        String table = null;
        if (pattern.startsWith("`")) {
            int close = pattern.indexOf('`', 1);
            if (close < 0) {
                throw new IllegalArgumentException("unbalanced backquote in '" + pattern + "'");
            }
            db = pattern.substring(1, close);
            String rest = pattern.substring(close + 1);
            if (rest.startsWith(".")) {
                table = unquote(rest.substring(1));
            } else if (!rest.isEmpty()) {
                throw new IllegalArgumentException("expected db or db.table, not '" + pattern + "'");
            }
        } else {
            int dot = pattern.indexOf('.');
            db = dot < 0 ? pattern : pattern.substring(0, dot);
            table = dot < 0 ? null : unquote(pattern.substring(dot + 1));
        }
        return new Pattern[] {glob(db), table == null ? null : glob(table)};
    }

    private static String unquote(String name) {
        return name.length() >= 2 && name.startsWith("`") && name.endsWith("`")
                ? name.substring(1, name.length() - 1)
                : name;
    }

    private static Pattern glob(String glob) {
        return Pattern.compile(java.util.Arrays.stream(glob.split("\\*", -1))
                .map(Pattern::quote)
                .collect(java.util.stream.Collectors.joining(".*")));
    }
}
