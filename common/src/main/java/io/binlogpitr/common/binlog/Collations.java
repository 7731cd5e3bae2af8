package io.binlogpitr.common.binlog;

import java.nio.charset.Charset;
import java.util.Map;

/**
 * The character set of each collation id of MySQL 8.0 ({@code information_schema.COLLATIONS} of 8.0.31), and the
 * Java charset that decodes a MySQL character set where one exists.
 */
final class Collations {
    private static final String[] CHARSETS = new String[324];

    static {
        String low = "1:big5 2:latin2 3:dec8 4:cp850 5:latin1 6:hp8 7:koi8r 8:latin1 9:latin2 10:swe7 11:ascii 12:ujis"
                + " 13:sjis 14:cp1251 15:latin1 16:hebrew 18:tis620 19:euckr 20:latin7 21:latin2 22:koi8u 23:cp1251"
                + " 24:gb2312 25:greek 26:cp1250 27:latin2 28:gbk 29:cp1257 30:latin5 31:latin1 32:armscii8"
                + " 33:utf8mb3 34:cp1250 35:ucs2 36:cp866 37:keybcs2 38:macce 39:macroman 40:cp852 41:latin7"
                + " 42:latin7 43:macce 44:cp1250 45:utf8mb4 46:utf8mb4 47:latin1 48:latin1 49:latin1 50:cp1251"
                + " 51:cp1251 52:cp1251 53:macroman 54:utf16 55:utf16 56:utf16le 57:cp1256 58:cp1257 59:cp1257"
                + " 60:utf32 61:utf32 62:utf16le 63:binary 64:armscii8 65:ascii 66:cp1250 67:cp1256 68:cp866 69:dec8"
                + " 70:greek 71:hebrew 72:hp8 73:keybcs2 74:koi8r 75:koi8u 76:utf8mb3 77:latin2 78:latin5 79:latin7"
                + " 80:cp850 81:cp852 82:swe7 83:utf8mb3 84:big5 85:euckr 86:gb2312 87:gbk 88:sjis 89:tis620 90:ucs2"
                + " 91:ujis 92:geostd8 93:geostd8 94:latin1 95:cp932 96:cp932 97:eucjpms 98:eucjpms 99:cp1250";
        for (String pair : low.split(" ")) {
            int colon = pair.indexOf(':');
            CHARSETS[Integer.parseInt(pair.substring(0, colon))] = pair.substring(colon + 1);
        }
        fill(101, 124, "utf16");
        fill(128, 151, "ucs2");
        fill(159, 159, "ucs2");
        fill(160, 183, "utf32");
        fill(192, 215, "utf8mb3");
        fill(223, 223, "utf8mb3");
        fill(224, 247, "utf8mb4");
        fill(248, 250, "gb18030");
        fill(255, 323, "utf8mb4");
    }

    private static final Map<String, String> JAVA_NAMES = Map.ofEntries(
            Map.entry("utf8mb4", "UTF-8"),
            Map.entry("utf8mb3", "UTF-8"),
            Map.entry("utf8", "UTF-8"), // the pre-8.0.30 name of utf8mb3, as collation names still spell it
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
            Map.entry("tis620", "TIS-620"),
            Map.entry("ucs2", "UTF-16BE"),
            Map.entry("utf16", "UTF-16BE"),
            Map.entry("utf16le", "UTF-16LE"),
            Map.entry("utf32", "UTF-32BE"));

    private Collations() {}

    private static void fill(int from, int to, String charset) {
        for (int i = from; i <= to; i++) {
            CHARSETS[i] = charset;
        }
    }

    /** The character set name of a collation id, or null if MySQL 8.0 has no such collation. */
    static String charset(int collationId) {
        return collationId > 0 && collationId < CHARSETS.length ? CHARSETS[collationId] : null;
    }

    /**
     * The Java charset for a MySQL character set, or null if Java has none here ({@code binary} included: callers
     * choose what raw bytes become).
     */
    static Charset javaCharset(String mysqlCharset) {
        String name = mysqlCharset == null ? null : JAVA_NAMES.get(mysqlCharset);
        return name != null && Charset.isSupported(name) ? Charset.forName(name) : null;
    }

    /** The bytes of ',' (the SET member separator) in a character set: 1 byte, or 2/4 in the UCS encodings. */
    static byte[] comma(String mysqlCharset) {
        return switch (mysqlCharset) {
            case "ucs2", "utf16" -> new byte[] {0, ','};
            case "utf16le" -> new byte[] {',', 0};
            case "utf32" -> new byte[] {0, 0, 0, ','};
            default -> new byte[] {','};
        };
    }
}
