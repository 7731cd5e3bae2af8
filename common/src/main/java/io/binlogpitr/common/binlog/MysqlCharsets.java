package io.binlogpitr.common.binlog;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/** The Java charset that decodes text a client sent in a MySQL character set (the SQL text of Query events). */
final class MysqlCharsets {
    private static final Map<String, String> JAVA_NAMES = Map.ofEntries(
            Map.entry("utf8mb4", "UTF-8"),
            Map.entry("utf8mb3", "UTF-8"),
            Map.entry("utf8", "UTF-8"),
            Map.entry("latin1", "windows-1252"), // MySQL's latin1 is cp1252
            Map.entry("ascii", "US-ASCII"),
            Map.entry("latin2", "ISO-8859-2"),
            Map.entry("latin5", "ISO-8859-9"),
            Map.entry("latin7", "ISO-8859-13"),
            Map.entry("greek", "ISO-8859-7"),
            Map.entry("hebrew", "ISO-8859-8"),
            Map.entry("cp1250", "windows-1250"),
            Map.entry("cp1251", "windows-1251"),
            Map.entry("cp1256", "windows-1256"),
            Map.entry("cp1257", "windows-1257"),
            Map.entry("cp850", "IBM850"),
            Map.entry("cp852", "IBM852"),
            Map.entry("cp866", "IBM866"),
            Map.entry("koi8r", "KOI8-R"),
            Map.entry("koi8u", "KOI8-U"),
            Map.entry("sjis", "Shift_JIS"),
            Map.entry("cp932", "windows-31j"),
            Map.entry("ujis", "EUC-JP"),
            Map.entry("eucjpms", "x-eucJP-Open"),
            Map.entry("gbk", "GBK"),
            Map.entry("gb2312", "GB2312"),
            Map.entry("gb18030", "GB18030"),
            Map.entry("big5", "Big5"),
            Map.entry("euckr", "EUC-KR"),
            Map.entry("tis620", "TIS-620"));

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
        String java = JAVA_NAMES.get(charset);
        if (java == null || !Charset.isSupported(java)) {
            throw unsupported(id, name + " (character set " + charset + " has no Java decoder here)");
        }
        return Charset.forName(java);
    }

    private static PitrException unsupported(int id, String why) {
        return new PitrException(
                ErrorCode.INTERNAL,
                "cannot decode a statement sent in client collation " + id + ": " + why,
                "decode it with QueryEvent.sql(collationName) and a lookup of the target's information_schema.COLLATIONS");
    }
}
