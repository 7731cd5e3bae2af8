package io.binlogpitr.common.binlog;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The Java charset that decodes text a client sent in a MySQL character set (the SQL text of Query events); the
 * names are {@link Collations}'.
 */
final class MysqlCharsets {
    private MysqlCharsets() {}

    /** Without a lookup: the collation ids of utf8mb3, utf8mb4, latin1 and ascii a server ships. */
    static Charset forClientCollation(int id) {
        if (id == 33 || id == 76 || id == 83 || (id >= 192 && id <= 215) || id == 223) {
            return StandardCharsets.UTF_8; // utf8mb3
        }
        if (id == 45 || id == 46 || (id >= 224 && id <= 247) || (id >= 255 && id <= 323)) {
            return StandardCharsets.UTF_8; // utf8mb4
        }
        if (id == 5 || id == 8 || id == 15 || id == 31 || id == 47 || id == 48 || id == 49 || id == 94) {
            return Charset.forName("windows-1252"); // latin1
        }
        if (id == 11 || id == 65) {
            return StandardCharsets.US_ASCII;
        }
        return null;
    }

    /** Through a collation-id → name lookup ({@code information_schema.COLLATIONS}). */
    static Charset forClientCollation(int id, IntFunction<String> collationName) {
        Charset known = forClientCollation(id);
        if (known != null) {
            return known;
        }
        String name = collationName.apply(id);
        if (name == null) {
            throw unsupported(id, "unknown to the lookup");
        }
        String charset = name.toLowerCase(Locale.ROOT);
        int underscore = charset.indexOf('_');
        charset = underscore < 0 ? charset : charset.substring(0, underscore);
        Charset java = Collations.javaCharset(charset);
        if (java == null) {
            throw unsupported(id, name + " (character set " + charset + " has no Java decoder here)");
        }
        return java;
    }

    private static PitrException unsupported(int id, String why) {
        return new PitrException(
                ErrorCode.INTERNAL,
                "cannot decode a statement sent in client collation " + id + ": " + why,
                "decode it with QueryEvent.sql(collationName) and a lookup of the target's information_schema.COLLATIONS");
    }
}
