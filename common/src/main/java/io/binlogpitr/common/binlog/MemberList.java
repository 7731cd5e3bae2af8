package io.binlogpitr.common.binlog;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The members of an ENUM or SET as the TABLE_MAP event carries them: bytes in the column's character set, and
 * strings decoded from them for display. Row values are built from the bytes, so a character set Java cannot decode
 * loses nothing.
 */
final class MemberList extends AbstractList<String> implements RandomAccess {
    private final byte[][] bytes;
    private final String[] strings;

    MemberList(byte[][] bytes, String[] strings) {
        this.bytes = bytes;
        this.strings = strings;
    }

    @Override
    public String get(int index) {
        return strings[index];
    }

    @Override
    public int size() {
        return strings.length;
    }

    /** The stored bytes of member {@code index} (0-based: ENUM value 1 is member 0). */
    byte[] bytes(int index) {
        return bytes[index];
    }
}
