package io.binlogpitr.common.binlog;

import java.math.BigDecimal;

/**
 * MySQL's binary DECIMAL ({@code decimal2bin}): the integer digits then the fraction digits, each side in groups
 * of nine digits stored as 4-byte big-endian numbers, a shorter leading (integer) or trailing (fraction) group in
 * 1-4 bytes; the first bit is flipped, and a negative value has every byte inverted.
 */
final class DecimalBinary {
    private static final int[] DIG2BYTES = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
    private static final int[] POW10 = {1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private DecimalBinary() {}

    /** The size in bytes of a DECIMAL(precision, scale). */
    static int size(int precision, int scale) {
        int intg = precision - scale;
        return intg / 9 * 4 + DIG2BYTES[intg % 9] + scale / 9 * 4 + DIG2BYTES[scale % 9];
    }

    /**
     * The value at {@code b[at..at+size)} with exactly {@code scale} fraction digits; null if a group holds more
     * digits than it may (the bytes are not a decimal).
     */
    static BigDecimal read(byte[] b, int at, int precision, int scale) {
        int intg = precision - scale;
        boolean negative = (b[at] & 0x80) == 0;
        int mask = negative ? 0xFF : 0;
        char[] digits = precision > 18 ? new char[precision + 2] : null;
        int nd = 0;
        if (digits != null && negative) {
            digits[nd++] = '-';
        }
        long acc = 0;
        int p = at;
        int[] layout = {intg % 9, -(intg / 9), -(scale / 9), scale % 9}; // >0: partial group digits, <=0: -full
        for (int part = 0; part < 4; part++) {
            if (part == 2 && digits != null && scale > 0) {
                digits[nd++] = '.';
            }
            int groups = layout[part] > 0 ? 1 : -layout[part];
            int groupDigits = layout[part] > 0 ? layout[part] : 9;
            int bytes = layout[part] > 0 ? DIG2BYTES[layout[part]] : 4;
            if (part == 0 && layout[0] == 0 || part == 3 && layout[3] == 0) {
                groups = 0;
            }
            for (int g = 0; g < groups; g++) {
                int v = 0;
                for (int k = 0; k < bytes; k++) {
                    int x = (b[p] & 0xFF) ^ mask;
                    if (p == at) {
                        x ^= 0x80;
                    }
                    v = v << 8 | x;
                    p++;
                }
                if (v < 0 || (groupDigits < 9 ? v >= POW10[groupDigits] : v > 999_999_999)) {
                    return null;
                }
                if (digits == null) {
                    acc = acc * (groupDigits == 9 ? 1_000_000_000L : POW10[groupDigits]) + v;
                } else {
                    for (int i = nd + groupDigits - 1; i >= nd; i--) {
                        digits[i] = (char) ('0' + v % 10);
                        v /= 10;
                    }
                    nd += groupDigits;
                }
            }
        }
        if (digits == null) {
            return BigDecimal.valueOf(negative ? -acc : acc, scale);
        }
        if (nd == (negative ? 1 : 0)) {
            return BigDecimal.ZERO.setScale(scale);
        }
        return new BigDecimal(digits, 0, nd);
    }
}
