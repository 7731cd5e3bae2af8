package io.binlogpitr.common.ddl;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A statement with the database names it writes renamed: only the identifiers {@link DdlObjects} found naming a
 * database are replaced (each by the new name in backquotes); every other character is kept as it was, comments,
 * string literals and white space included. Unqualified names need no rewrite: they resolve to the default
 * database (which the restore switches to the renamed one) or to the object's own database.
 */
public final class DdlRename {
    private DdlRename() {}

    public static String apply(String sql, DdlScope scope, Map<String, String> renames) {
        List<DdlScope.Qualifier> hits = scope.qualifiers().stream()
                .filter(q -> renames.containsKey(q.database()))
                .sorted(Comparator.comparingInt(DdlScope.Qualifier::start))
                .distinct()
                .toList();
        if (hits.isEmpty()) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length() + 16 * hits.size());
        int last = 0;
        for (DdlScope.Qualifier q : hits) {
            if (q.start() < last) {
                continue; // the same identifier reached through two rules
            }
            out.append(sql, last, q.start()).append(quoted(renames.get(q.database())));
            last = q.end();
        }
        return out.append(sql, last, sql.length()).toString();
    }

    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
