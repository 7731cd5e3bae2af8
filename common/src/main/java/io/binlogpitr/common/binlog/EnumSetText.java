package io.binlogpitr.common.binlog;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored text of an ENUM or SET value that a {@code binlog_row_metadata=MINIMAL} row image carries as its number
 * (ENUM: the member's index, 1-based, 0 for the invalid '' value; SET: the bitmask of its members), given the
 * column's members from elsewhere (a snapshot's {@code SHOW CREATE TABLE}) and its character set: the bytes a
 * {@code SELECT} of the column returns, as FULL metadata gives them.
 */
public final class EnumSetText {
    private EnumSetText() {}

    /**
     * The bytes of ENUM value {@code index} in {@code charset}; IllegalArgumentException when the index is past the
     * members or Java cannot encode the character set.
     */
    public static byte[] enumValue(List<String> members, String charset, long index) {
        Charset java = charsetOf(charset);
        if (index == 0) {
            return new byte[0];
        }
        if (index < 0 || index > members.size()) {
            throw new IllegalArgumentException(
                    "ENUM value " + index + " but the column has " + members.size() + " members");
        }
        return members.get((int) index - 1).getBytes(java);
    }

    /**
     * The bytes of SET bitmask {@code bits} (all 64 bits; negative when the 64th member is set) in {@code charset}:
     * its members in declaration order, joined with ','; IllegalArgumentException when a bit is past the members or
     * Java cannot encode the character set.
     */
    public static byte[] setValue(List<String> members, String charset, long bits) {
        Charset java = charsetOf(charset);
        if (members.size() < 64 && (bits >>> members.size()) != 0) {
            throw new IllegalArgumentException("SET bitmask " + Long.toUnsignedString(bits, 2) + " but the column has "
                    + members.size() + " members");
        }
        byte[] comma = Collations.comma(charset);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean first = true;
        for (int i = 0; i < members.size(); i++) {
            if ((bits & (1L << i)) != 0) {
                if (!first) {
                    out.writeBytes(comma);
                }
                out.writeBytes(members.get(i).getBytes(java));
                first = false;
            }
        }
        return out.toByteArray();
    }

    private static Charset charsetOf(String charset) {
        Charset java = Collations.javaCharset(charset);
        if (java == null) {
            throw new IllegalArgumentException("character set " + charset + " of the column has no Java encoding here");
        }
        return java;
    }

    /**
     * The members of a {@code SHOW CREATE TABLE} column type {@code enum('a','b''c')} / {@code set(...)} (from its
     * opening parenthesis on): {@code ''} and the backslash escapes MySQL writes there ({@code \\ \n \r \0 \Z \t
     * \b \' \"}) decoded. IllegalArgumentException for anything else, so a member is never guessed.
     */
    public static List<String> members(String type) {
        int at = type.indexOf('(');
        if (at < 0) {
            throw new IllegalArgumentException("no member list in " + type);
        }
        List<String> out = new ArrayList<>();
        int i = at + 1;
        while (true) {
            if (i < type.length() && type.charAt(i) == ')' && out.isEmpty()) {
                return out;
            }
            if (i >= type.length() || type.charAt(i) != '\'') {
                throw new IllegalArgumentException("cannot read the members of " + type);
            }
            StringBuilder m = new StringBuilder();
            i++;
            while (true) {
                if (i >= type.length()) {
                    throw new IllegalArgumentException("unterminated member in " + type);
                }
                char ch = type.charAt(i);
                if (ch == '\'') {
                    if (i + 1 < type.length() && type.charAt(i + 1) == '\'') {
                        m.append('\'');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                if (ch == '\\') {
                    if (i + 1 >= type.length()) {
                        throw new IllegalArgumentException("unterminated member in " + type);
                    }
                    char e = type.charAt(i + 1);
                    m.append(
                            switch (e) {
                                case '\\', '\'', '"' -> e;
                                case 'n' -> '\n';
                                case 'r' -> '\r';
                                case 't' -> '\t';
                                case 'b' -> '\b';
                                case '0' -> '\0';
                                case 'Z' -> '\032';
                                default -> throw new IllegalArgumentException(
                                        "unknown escape \\" + e + " in a member of " + type);
                            });
                    i += 2;
                    continue;
                }
                m.append(ch);
                i++;
            }
            out.add(m.toString());
            if (i < type.length() && type.charAt(i) == ',') {
                i++;
            } else if (i < type.length() && type.charAt(i) == ')') {
                return out;
            } else {
                throw new IllegalArgumentException("cannot read the members of " + type);
            }
        }
    }
}
