package io.binlogpitr.testing.workload;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.util.Random;
import java.util.StringJoiner;

/** Random numbers, bit strings, ENUM/SET members, bytes and text, with their edge cases. */
final class RandomScalars {

    /** Characters that exist in every text charset we use (ascii subset) and some that exist only in some. */
    private static final String ASCII = "abcXYZ019 _-'\"\\%\t\n";

    private static final String[] UNICODE = {"é", "ß", "€", "中", "文", "日本", "😀", "🐬", "𝄞", "ÿ", "\u0000"};
    private static final String[] GBK = {"中", "文", "汉", "字", "ａ"};
    private static final String[] SJIS = {"日", "本", "ｱ", "カ", "ナ"};

    private final Random random;

    RandomScalars(Random random) {
        this.random = random;
    }

    Object integer(int bits, boolean unsigned, boolean edge) {
        BigInteger min =
                unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
        BigInteger max = unsigned
                ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
        BigInteger v;
        if (edge) {
            BigInteger[] edges = {
                min, max, BigInteger.ZERO, BigInteger.ONE, max.subtract(BigInteger.ONE), min.add(BigInteger.ONE)
            };
            v = edges[random.nextInt(edges.length)];
        } else {
            v = new BigInteger(bits, random)
                    .mod(max.subtract(min).add(BigInteger.ONE))
                    .add(min);
        }
        return v.bitLength() < 63 ? (Object) v.longValue() : v;
    }

    BigDecimal decimal(int precision, int scale, boolean edge) {
        int intDigits = precision - scale;
        if (edge) {
            String nines = intDigits == 0 ? "0" : "9".repeat(intDigits);
            String frac = scale == 0 ? "" : "." + "9".repeat(scale);
            BigDecimal max = new BigDecimal(nines + frac);
            BigDecimal tiny = scale == 0 ? BigDecimal.ONE : BigDecimal.ONE.movePointLeft(scale);
            BigDecimal[] edges = {max, max.negate(), BigDecimal.ZERO.setScale(scale), tiny, tiny.negate()};
            return edges[random.nextInt(edges.length)];
        }
        int digits = 1 + random.nextInt(precision);
        BigInteger unscaled = new BigInteger(digits * 4, random).mod(BigInteger.TEN.pow(digits));
        BigDecimal v = new BigDecimal(unscaled, Math.min(scale, digits));
        return random.nextBoolean() ? v.negate() : v;
    }

    Float floatValue(boolean edge) {
        if (edge) {
            float[] edges = {
                0f,
                -0f,
                Math.nextDown(Float.MAX_VALUE),
                -Math.nextDown(Float.MAX_VALUE),
                Float.MIN_NORMAL,
                1f,
                -1f,
                16777217f,
                0.1f,
                1e-30f
            };
            return edges[random.nextInt(edges.length)];
        }
        return (float) ((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(60) - 30));
    }

    Double doubleValue(boolean edge) {
        if (edge) {
            double[] edges = {
                0d,
                -0d,
                Double.MAX_VALUE,
                -Double.MAX_VALUE,
                Double.MIN_NORMAL,
                0.1,
                0.1 + 0.2,
                1e300,
                -1e-300,
                9007199254740993d
            };
            return edges[random.nextInt(edges.length)];
        }
        return Double.longBitsToDouble(random.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL) * (random.nextBoolean() ? 1 : -1);
    }

    byte[] bits(int width, boolean edge) {
        BigInteger v = edge
                ? (random.nextBoolean()
                        ? BigInteger.ZERO
                        : BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE))
                : new BigInteger(width, random);
        byte[] out = new byte[(width + 7) / 8];
        byte[] raw = v.toByteArray();
        int n = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - n, out, out.length - n, n);
        return out;
    }

    /** A member of the column's ENUM, as declared in its SQL type. */
    String enumValue(AllTypesSchema.Column column, boolean edge) {
        String[] members = AllTypesSchema.members(column.sqlType()).toArray(String[]::new);
        return edge ? members[members.length - 1 - random.nextInt(2)] : members[random.nextInt(members.length)];
    }

    String setValue(boolean edge) {
        if (edge) {
            return random.nextBoolean() ? "" : AllTypesSchema.setMember(63) + "," + AllTypesSchema.setMember(1);
        }
        StringJoiner j = new StringJoiner(",");
        for (int i = 0; i < 64; i++) {
            if (random.nextInt(8) == 0) {
                j.add(AllTypesSchema.setMember(i));
            }
        }
        return j.toString();
    }

    byte[] bytes(int maxLength, boolean edge) {
        if (edge) {
            byte[][] edges = {new byte[0], new byte[] {0}, new byte[] {0, 0, 0}, new byte[] {(byte) 0xFF, 0}, {' ', ' '}
            };
            return edges[random.nextInt(edges.length)];
        }
        int len = random.nextInt(100) == 0 ? maxLength : random.nextInt(Math.min(maxLength, 64) + 1);
        byte[] b = new byte[len];
        random.nextBytes(b);
        return b;
    }

    byte[] binary(int length, boolean edge) {
        if (edge) {
            byte[][] edges = {new byte[0], new byte[length], {1, 0, 0}, {' '}, {0, ' '}};
            return edges[random.nextInt(edges.length)];
        }
        byte[] b = new byte[random.nextInt(length + 1)];
        random.nextBytes(b);
        return b;
    }

    /** Text of at most {@code maxChars} characters that the charset can encode; trailing spaces sometimes. */
    String text(int maxChars, String charset, boolean edge) {
        if (edge) {
            String[] edges = {"", " ", "a ", "\u0000", "'", "\\", "😀"};
            String e = edges[random.nextInt(edges.length)];
            return encodable(e, charset) ? e : "";
        }
        int len = random.nextInt(Math.min(maxChars, 40) + 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            String piece = piece(charset);
            if (sb.codePointCount(0, sb.length()) + piece.codePointCount(0, piece.length()) > maxChars) {
                break;
            }
            sb.append(piece);
        }
        return sb.toString();
    }

    private String piece(String charset) {
        if (random.nextInt(3) > 0 || charset.equals("ascii")) {
            return String.valueOf(ASCII.charAt(random.nextInt(ASCII.length())));
        }
        String[] pool =
                switch (charset) {
                    case "gbk" -> GBK;
                    case "sjis" -> SJIS;
                    default -> UNICODE;
                };
        String p = pool[random.nextInt(pool.length)];
        return encodable(p, charset) ? p : "x";
    }

    private static boolean encodable(String s, String mysqlCharset) {
        String java =
                switch (mysqlCharset) {
                    case "utf8mb4", "utf16" -> "UTF-8";
                    case "latin1" -> "windows-1252";
                    case "ascii" -> "US-ASCII";
                    case "gbk" -> "GBK";
                    case "sjis" -> "Shift_JIS";
                    default -> throw new IllegalArgumentException("unknown charset " + mysqlCharset);
                };
        return Charset.forName(java).newEncoder().canEncode(s);
    }
}
