package io.binlogpitr.agent.snapshot;

import java.util.Set;

/**
 * File names for databases and tables inside a snapshot: letters, digits, {@code _} and {@code -} kept, every
 * other character written as {@code @} and four hex digits (as MySQL names its own files), so names stay
 * readable, never contain {@code /} or {@code ..}, and two names never map to one file.
 */
final class FileNames {
    /** Longest encoded name used as is; longer ones are cut and made unique by {@link #unique}. */
    private static final int MAX = 160;

    private FileNames() {}

    static String safe(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if ((ch >= 'a' && ch <= 'z')
                    || (ch >= 'A' && ch <= 'Z')
                    || (ch >= '0' && ch <= '9')
                    || ch == '_'
                    || ch == '-') {
                sb.append(ch);
            } else {
                sb.append('@').append(String.format("%04x", (int) ch));
            }
        }
        return sb.length() > MAX ? sb.substring(0, MAX) : sb.toString();
    }

    /** {@code name}, or {@code name~2}, {@code name~3}... when taken; records the result in {@code used}. */
    static String unique(String name, Set<String> used) {
        String candidate = name;
        for (int n = 2; !used.add(candidate); n++) {
            candidate = name + "~" + n;
        }
        return candidate;
    }
}
