package io.binlogpitr.common.binlog;

/** Little-endian reads and writes on arrays whose bounds the caller has checked. */
final class Bytes {
    private Bytes() {}

    static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    static int u24(byte[] b, int at) {
        return u16(b, at) | (b[at + 2] & 0xFF) << 16;
    }

    static long u32(byte[] b, int at) {
        return (u16(b, at) | (long) u16(b, at + 2) << 16) & 0xFFFFFFFFL;
    }

    static long u48(byte[] b, int at) {
        return u32(b, at) | (long) u16(b, at + 4) << 32;
    }

    static long u56(byte[] b, int at) {
        return u32(b, at) | (long) u24(b, at + 4) << 32;
    }

    static long u64(byte[] b, int at) {
        return u32(b, at) | u32(b, at + 4) << 32;
    }

    static void put16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    static void put32(byte[] b, int at, long v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    static void put48(byte[] b, int at, long v) {
        put32(b, at, v);
        put16(b, at + 4, (int) (v >>> 32));
    }

    static void put64(byte[] b, int at, long v) {
        put32(b, at, v);
        put32(b, at + 4, v >>> 32);
    }
}
