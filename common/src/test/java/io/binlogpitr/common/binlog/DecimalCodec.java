package io.binlogpitr.common.binlog;

import java.math.BigDecimal;

/** MySQL's {@code decimal2bin}, for building test images. */
final class DecimalCodec {
    private static final int[] DIG2BYTES = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};

    private DecimalCodec() {}

    static byte[] encode(BigDecimal v, int precision, int scale) {
        int intg = precision - scale;
        String digits = v.setScale(scale).unscaledValue().abs().toString();
        digits = "0".repeat(Math.max(0, precision - digits.length())) + digits;
        String ip = digits.substring(0, intg);
        String fp = digits.substring(intg);
        byte[] out = new byte[DecimalBinary.size(precision, scale)];
        int[] at = {0};
        put(out, at, ip.substring(0, intg % 9), DIG2BYTES[intg % 9]);
        for (int g = intg % 9; g < intg; g += 9) {
            put(out, at, ip.substring(g, g + 9), 4);
        }
        for (int g = 0; g + 9 <= scale; g += 9) {
            put(out, at, fp.substring(g, g + 9), 4);
        }
        put(out, at, fp.substring(scale / 9 * 9), DIG2BYTES[scale % 9]);
        if (v.signum() < 0) {
            for (int i = 0; i < out.length; i++) {
                out[i] ^= (byte) 0xFF;
            }
        }
        out[0] ^= (byte) 0x80;
        return out;
    }

    private static void put(byte[] out, int[] at, String digits, int bytes) {
        if (bytes == 0) {
            return;
        }
        long v = digits.isEmpty() ? 0 : Long.parseLong(digits);
        for (int i = bytes - 1; i >= 0; i--) {
            out[at[0] + i] = (byte) v;
            v >>>= 8;
        }
        at[0] += bytes;
    }
}
