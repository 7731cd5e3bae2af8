package io.binlogpitr.common.binlog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer, reused between values. */
final class ByteSink {
    private byte[] buf = new byte[256];
    private int len;

    void reset() {
        len = 0;
    }

    int length() {
        return len;
    }

    void setLength(int n) {
        len = n;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    void put(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    void put(byte[] src, int from, int n) {
        ensure(n);
        System.arraycopy(src, from, buf, len, n);
        len += n;
    }

    void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    void ascii(long v) {
        ascii(Long.toString(v));
    }

    /** The internal buffer: valid up to {@link #length()} until the next write. */
    byte[] array() {
        return buf;
    }

    byte[] toArray() {
        return Arrays.copyOf(buf, len);
    }

    String utf8(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }

    byte[] copy(int from, int to) {
        return Arrays.copyOfRange(buf, from, to);
    }
}
