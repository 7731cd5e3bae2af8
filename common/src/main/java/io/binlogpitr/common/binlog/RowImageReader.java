package io.binlogpitr.common.binlog;

import io.binlogpitr.common.error.PitrException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * Reads one row image value by value, in the Java forms {@link io.binlogpitr.common.sql.ValueKind} names. One per
 * thread: it reuses its text and JSON buffers.
 */
final class RowImageReader {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private final TemporalText temporal = new TemporalText();
    private final JsonBinary json = new JsonBinary();

    /** A row (null bitmap, then values) of a full image. */
    Object[] row(EventCursor c, TableDefinition table) {
        List<BinlogColumn> columns = table.columns();
        int n = columns.size();
        int nulls = c.position();
        c.skip((n + 7) / 8, "null bitmap");
        byte[] e = c.event();
        Object[] row = new Object[n];
        for (int i = 0; i < n; i++) {
            if ((e[nulls + (i >> 3)] & (1 << (i & 7))) != 0) {
                continue;
            }
            BinlogColumn col = columns.get(i);
            try {
                row[i] = value(c, col);
            } catch (PitrException ex) {
                throw new PitrException(
                        ex.code(),
                        ex.getMessage() + " (column " + (i + 1) + (col.name() == null ? "" : " `" + col.name() + "`")
                                + " " + ColumnTypes.name(col.type()) + " of " + table.database() + "." + table.table()
                                + ")",
                        ex.hint(),
                        ex);
            }
        }
        return row;
    }

    Object value(EventCursor c, BinlogColumn col) {
        int meta = col.meta();
        boolean unsigned = col.unsigned();
        switch (col.type()) {
            case ColumnTypes.TINY -> {
                int v = c.u8("value");
                return (long) (unsigned ? v : (byte) v);
            }
            case ColumnTypes.SHORT -> {
                int v = c.u16("value");
                return (long) (unsigned ? v : (short) v);
            }
            case ColumnTypes.INT24 -> {
                int v = c.u24("value");
                return (long) (unsigned ? v : v << 8 >> 8);
            }
            case ColumnTypes.LONG -> {
                long v = c.u32("value");
                return unsigned ? v : (long) (int) v;
            }
            case ColumnTypes.LONGLONG -> {
                long v = c.u64("value");
                return !unsigned || v >= 0 ? (Object) v : BigInteger.valueOf(v).add(TWO_64);
            }
            case ColumnTypes.FLOAT -> {
                return Float.intBitsToFloat((int) c.u32("value"));
            }
            case ColumnTypes.DOUBLE -> {
                return Double.longBitsToDouble(c.u64("value"));
            }
            case ColumnTypes.NEWDECIMAL -> {
                return decimal(c, meta >> 8, meta & 0xFF);
            }
            case ColumnTypes.BIT -> {
                return c.bytes((meta >> 8) + ((meta & 0xFF) != 0 ? 1 : 0), "value");
            }
            case ColumnTypes.YEAR -> {
                int v = c.u8("value");
                return v == 0 ? 0L : 1900L + v;
            }
            case ColumnTypes.DATE, ColumnTypes.NEWDATE -> {
                int v = c.u24("value");
                return temporal.date(v >> 9, (v >> 5) & 15, v & 31);
            }
            case ColumnTypes.TIME2 -> {
                return time2(c, meta);
            }
            case ColumnTypes.DATETIME2 -> {
                return datetime2(c, meta);
            }
            case ColumnTypes.TIMESTAMP2 -> {
                long seconds = bigEndian(c, 4);
                return temporal.timestamp(seconds, fraction(c, meta), meta);
            }
            case ColumnTypes.TIMESTAMP -> {
                return temporal.timestamp(c.u32("value"), 0, 0);
            }
            case ColumnTypes.TIME -> {
                int v = c.u24("value") << 8 >> 8;
                int a = Math.abs(v);
                return temporal.time(v < 0, a / 10000, a / 100 % 100, a % 100, 0, 0);
            }
            case ColumnTypes.DATETIME -> {
                long v = c.u64("value");
                long date = v / 1_000_000;
                int time = (int) (v % 1_000_000);
                return temporal.datetime(
                        (int) (date / 10000),
                        (int) (date / 100 % 100),
                        (int) (date % 100),
                        time / 10000,
                        time / 100 % 100,
                        time % 100,
                        0,
                        0);
            }
            case ColumnTypes.VARCHAR, ColumnTypes.VAR_STRING -> {
                int length = meta < 256 ? c.u8("length") : c.u16("length");
                return c.bytes(length, "value");
            }
            case ColumnTypes.STRING -> {
                int length = meta < 256 ? c.u8("length") : c.u16("length");
                byte[] v = c.bytes(length, "value");
                // BINARY(n) is logged without its trailing zero bytes; the column holds and returns all n
                return col.charset() != null && col.charset().equals("binary") && length < meta
                        ? Arrays.copyOf(v, meta)
                        : v;
            }
            case ColumnTypes.ENUM -> {
                return enumValue(col, meta == 1 ? c.u8("value") : c.u16("value"));
            }
            case ColumnTypes.SET -> {
                return setValue(col, littleEndian(c, meta));
            }
            case ColumnTypes.TINY_BLOB,
                    ColumnTypes.MEDIUM_BLOB,
                    ColumnTypes.LONG_BLOB,
                    ColumnTypes.BLOB,
                    ColumnTypes.GEOMETRY -> {
                return c.bytes(blobLength(c, meta), "value");
            }
            case ColumnTypes.JSON -> {
                int length = blobLength(c, meta);
                int at = c.position();
                c.skip(length, "JSON value");
                return json.decode(c.event(), at, length);
            }
            default -> throw EventCursor.corrupt(
                    c.event(), "a value of column type " + ColumnTypes.name(col.type()) + " cannot be decoded");
        }
    }

    private static int blobLength(EventCursor c, int meta) {
        long length =
                switch (meta) {
                    case 1 -> c.u8("length");
                    case 2 -> c.u16("length");
                    case 3 -> c.u24("length");
                    case 4 -> c.u32("length");
                    default -> throw EventCursor.corrupt(c.event(), "length prefix of " + meta + " bytes");
                };
        if (length > c.remaining()) {
            throw EventCursor.corrupt(
                    c.event(), "value of " + length + " bytes, the event has " + c.remaining() + " left");
        }
        return (int) length;
    }

    private static BigDecimal decimal(EventCursor c, int precision, int scale) {
        if (precision < 1 || precision > 65 || scale > precision) {
            throw EventCursor.corrupt(c.event(), "DECIMAL(" + precision + "," + scale + ") in the table map");
        }
        int at = c.position();
        c.skip(DecimalBinary.size(precision, scale), "DECIMAL value");
        BigDecimal d = DecimalBinary.read(c.event(), at, precision, scale);
        if (d == null) {
            throw EventCursor.corrupt(c.event(), "DECIMAL value has a digit group out of range");
        }
        return d;
    }

    /** ENUM index 1..n as its member's bytes (FULL metadata), else the index; 0 (an invalid value) is ''. */
    private static Object enumValue(BinlogColumn col, int index) {
        if (!(col.enumOrSetValues() instanceof MemberList members)) {
            return (long) index;
        }
        if (index == 0) {
            return new byte[0];
        }
        if (index > members.size()) {
            throw new PitrException(
                    io.binlogpitr.common.error.ErrorCode.JOURNAL_CORRUPT,
                    "ENUM value " + index + " but the table map lists " + members.size() + " members",
                    EventCursor.HINT);
        }
        return members.bytes(index - 1);
    }

    /**
     * SET bitmask as its members' bytes joined with ',' (FULL metadata), else the bitmask as a Long of its 64 bits:
     * negative when the 64th member is set, which is how MySQL compares a SET with a number (as a signed BIGINT).
     */
    private static Object setValue(BinlogColumn col, long bits) {
        if (!(col.enumOrSetValues() instanceof MemberList members)) {
            return bits;
        }
        if (members.size() < 64 && (bits >>> members.size()) != 0) {
            throw new PitrException(
                    io.binlogpitr.common.error.ErrorCode.JOURNAL_CORRUPT,
                    "SET bitmask " + Long.toUnsignedString(bits, 2) + " but the table map lists " + members.size()
                            + " members",
                    EventCursor.HINT);
        }
        byte[] comma = Collations.comma(col.charset());
        int length = 0;
        for (int i = 0; i < members.size(); i++) {
            if ((bits & (1L << i)) != 0) {
                length += (length == 0 ? 0 : comma.length) + members.bytes(i).length;
            }
        }
        byte[] out = new byte[length];
        int at = 0;
        for (int i = 0; i < members.size(); i++) {
            if ((bits & (1L << i)) != 0) {
                if (at > 0 || i > Long.numberOfTrailingZeros(bits)) {
                    System.arraycopy(comma, 0, out, at, comma.length);
                    at += comma.length;
                }
                byte[] m = members.bytes(i);
                System.arraycopy(m, 0, out, at, m.length);
                at += m.length;
            }
        }
        return out;
    }

    /**
     * TIME2: 3 big-endian bytes (1 sign bit, 1 unused, 10 bits hour, 6 minute, 6 second) offset by 2^23, then the
     * fraction; a negative value's fraction counts down from the next second (MySQL's {@code
     * my_time_packed_from_binary}).
     */
    private String time2(EventCursor c, int fsp) {
        long intPart = bigEndian(c, 3) - 0x800000L;
        long total;
        switch (fsp) {
            case 0 -> total = intPart << 24;
            case 1, 2 -> {
                long frac = bigEndian(c, 1);
                if (intPart < 0 && frac != 0) {
                    intPart++;
                    frac -= 0x100;
                }
                total = (intPart << 24) + frac * 10000;
            }
            case 3, 4 -> {
                long frac = bigEndian(c, 2);
                if (intPart < 0 && frac != 0) {
                    intPart++;
                    frac -= 0x10000;
                }
                total = (intPart << 24) + frac * 100;
            }
            case 5, 6 -> total = ((intPart + 0x800000L) << 24 | bigEndian(c, 3)) - 0x800000000000L;
            default -> throw EventCursor.corrupt(c.event(), "fractional precision " + fsp + ", 0 to 6 expected");
        }
        boolean negative = total < 0;
        long v = Math.abs(total);
        int hms = (int) (v >> 24);
        int us = (int) (v & 0xFFFFFF);
        if (us > 999_999) {
            throw EventCursor.corrupt(c.event(), "TIME fraction " + us + " out of range");
        }
        return temporal.time(negative, (hms >> 12) & 0x3FF, (hms >> 6) & 0x3F, hms & 0x3F, us, fsp);
    }

    private String datetime2(EventCursor c, int fsp) {
        long packed = bigEndian(c, 5) - 0x80_0000_0000L;
        int micros = fraction(c, fsp);
        if (packed < 0) {
            throw EventCursor.corrupt(c.event(), "negative DATETIME");
        }
        long ymd = packed >> 17;
        long ym = ymd >> 5;
        int hms = (int) (packed & 0x1FFFF);
        return temporal.datetime(
                (int) (ym / 13),
                (int) (ym % 13),
                (int) (ymd & 31),
                hms >> 12,
                (hms >> 6) & 0x3F,
                hms & 0x3F,
                micros,
                fsp);
    }

    /** The fraction of DATETIME2/TIMESTAMP2 as microseconds: 1, 2 or 3 big-endian bytes for 1-2, 3-4, 5-6 digits. */
    private static int fraction(EventCursor c, int fsp) {
        int micros =
                switch (fsp) {
                    case 0 -> 0;
                    case 1, 2 -> (int) bigEndian(c, 1) * 10000;
                    case 3, 4 -> (int) bigEndian(c, 2) * 100;
                    case 5, 6 -> (int) bigEndian(c, 3);
                    default -> throw EventCursor.corrupt(
                            c.event(), "fractional precision " + fsp + ", 0 to 6 expected");
                };
        if (micros > 999_999) {
            throw EventCursor.corrupt(c.event(), "fraction of " + micros + " microseconds");
        }
        return micros;
    }

    private static long bigEndian(EventCursor c, int n) {
        int at = c.position();
        c.skip(n, "value");
        byte[] e = c.event();
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = v << 8 | (e[at + i] & 0xFF);
        }
        return v;
    }

    private static long littleEndian(EventCursor c, int n) {
        if (n < 1 || n > 8) {
            throw EventCursor.corrupt(c.event(), "SET value of " + n + " bytes");
        }
        int at = c.position();
        c.skip(n, "value");
        byte[] e = c.event();
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = v << 8 | (e[at + i] & 0xFF);
        }
        return v;
    }
}
