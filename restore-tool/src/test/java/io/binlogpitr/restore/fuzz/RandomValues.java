package io.binlogpitr.restore.fuzz;

import io.binlogpitr.restore.fuzz.TableShape.ColumnShape;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** SQL literals of random values for any column, within its type's range; edge values and 4-byte text by switch. */
final class RandomValues {
    private static final String PLAIN = "abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789-_.,'\\\"%";
    private static final String[] ACCENTED = {"é", "ß", "ø", "Ł", "ж", "中", "文", "ü"};
    private static final String[] FOUR_BYTE = {"😀", "𝄞", "🍣", "𠜎"};

    private final Random random;
    private final boolean edges;
    private final boolean fourByte;

    RandomValues(Random random, Set<Feature> features) {
        this.random = random;
        this.edges = features.contains(Feature.EDGE_VALUES);
        this.fourByte = features.contains(Feature.FOUR_BYTE_CHARS);
    }

    Random random() {
        return random;
    }

    /** A literal for {@code c}; NULL now and then where the column allows it. */
    String literal(ColumnShape c) {
        if (c.nullable() && random.nextInt(12) == 0) {
            return "NULL";
        }
        return switch (c.dataType()) {
            case "tinyint" -> integer(c, 8);
            case "smallint" -> integer(c, 16);
            case "mediumint" -> integer(c, 24);
            case "int", "integer" -> integer(c, 32);
            case "bigint" -> integer(c, 64);
            case "decimal", "numeric" -> decimal(c.precision(), c.scale(), c.unsigned());
            case "float" -> String.valueOf((float) ((random.nextDouble() - 0.5) * 2000));
            case "double", "real" -> String.valueOf((random.nextDouble() - 0.5) * 1e6);
            case "bit" -> "b'" + Long.toBinaryString(random.nextLong() & mask(Math.max(1, c.precision()))) + "'";
            case "char", "varchar" -> text((int) Math.min(c.maxLength(), 40));
            case "tinytext", "text", "mediumtext", "longtext" -> text(random.nextInt(4) == 0 ? 300 : 30);
            case "binary", "varbinary" -> bytes(
                    (int) Math.min(c.maxLength(), 16), c.dataType().equals("binary"));
            case "tinyblob", "blob", "mediumblob", "longblob" -> bytes(random.nextInt(64), false);
            case "enum" -> member(c.members());
            case "set" -> set(c.members());
            case "date" -> "'" + (1970 + random.nextInt(60)) + "-" + two(1 + random.nextInt(12)) + "-"
                    + two(1 + random.nextInt(28)) + "'";
            case "datetime" -> "'" + dateTime(1000 + random.nextInt(8999), c.scale()) + "'";
            case "timestamp" -> "'" + dateTime(1971 + random.nextInt(66), c.scale()) + "'";
            case "time" -> "'" + (random.nextBoolean() ? "-" : "") + random.nextInt(839) + ":" + two(random.nextInt(60))
                    + ":" + two(random.nextInt(60)) + fraction(c.scale()) + "'";
            case "year" -> String.valueOf(1901 + random.nextInt(255));
            case "json" -> json();
            case "point",
                    "geometry",
                    "linestring",
                    "polygon",
                    "multipoint",
                    "multilinestring",
                    "multipolygon",
                    "geomcollection",
                    "geometrycollection" -> "ST_GeomFromText('" + geometry(c.dataType()) + "')";
            default -> throw new IllegalArgumentException("no random values for " + c.columnType() + " " + c.name());
        };
    }

    private String integer(ColumnShape c, int bits) {
        boolean unsigned = c.unsigned();
        BigInteger max = unsigned
                ? BigInteger.TWO.pow(bits).subtract(BigInteger.ONE)
                : BigInteger.TWO.pow(bits - 1).subtract(BigInteger.ONE);
        BigInteger min =
                unsigned ? BigInteger.ZERO : BigInteger.TWO.pow(bits - 1).negate();
        if (edges && random.nextInt(6) == 0) {
            BigInteger edge = random.nextBoolean() ? max.subtract(BigInteger.valueOf(random.nextInt(3))) : min;
            return edge.toString();
        }
        long span = Math.min(
                bits == 8 ? 100 : 100_000,
                max.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue());
        long v = random.nextLong(span);
        return String.valueOf(unsigned || random.nextInt(4) != 0 ? v : -v);
    }

    private String decimal(int precision, int scale, boolean unsigned) {
        int intDigits = Math.max(1, Math.min(precision - scale, 12));
        BigDecimal v = new BigDecimal(random.nextLong((long) Math.pow(10, intDigits)))
                .add(new BigDecimal(random.nextInt(1000)).movePointLeft(3))
                .setScale(scale, java.math.RoundingMode.DOWN);
        if (v.precision() - v.scale() > precision - scale) {
            v = BigDecimal.ZERO.setScale(scale);
        }
        return (unsigned || random.nextBoolean() ? v : v.negate()).toPlainString();
    }

    private static long mask(int bits) {
        return bits >= 64 ? -1L : (1L << bits) - 1;
    }

    private String text(int maxLength) {
        int n = maxLength == 0 ? 0 : random.nextInt(maxLength + 1);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int p = random.nextInt(20);
            if (p == 0) {
                s.append(ACCENTED[random.nextInt(ACCENTED.length)]);
            } else if (p == 1 && fourByte) {
                s.append(FOUR_BYTE[random.nextInt(FOUR_BYTE.length)]);
            } else {
                s.append(PLAIN.charAt(random.nextInt(PLAIN.length())));
            }
        }
        return quote(s.toString());
    }

    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private String bytes(int max, boolean fixed) {
        byte[] b = new byte[fixed ? max : random.nextInt(max + 1)];
        random.nextBytes(b);
        return b.length == 0 ? "''" : "x'" + HexFormat.of().formatHex(b) + "'";
    }

    private String member(List<String> members) {
        return quote(members.get(random.nextInt(members.size())));
    }

    private String set(List<String> members) {
        StringBuilder s = new StringBuilder();
        for (String m : members) {
            if (random.nextInt(3) == 0) {
                s.append(s.length() > 0 ? "," : "").append(m);
            }
        }
        return quote(s.toString());
    }

    private String dateTime(int year, int fraction) {
        return year + "-" + two(1 + random.nextInt(12)) + "-" + two(1 + random.nextInt(28)) + " "
                + two(random.nextInt(24)) + ":" + two(random.nextInt(60)) + ":" + two(random.nextInt(60))
                + fraction(fraction);
    }

    /** {@code .ddd} with {@code digits} random digits, or nothing for a column without fractions. */
    private String fraction(int digits) {
        if (digits <= 0) {
            return "";
        }
        return "." + String.valueOf(1_000_000 + random.nextInt(1_000_000)).substring(1, 1 + digits);
    }

    /** WKT of the column's geometry type (SRID 0); a GEOMETRY column gets any of the instantiable types. */
    private String geometry(String type) {
        String kind = type.equals("geometry")
                ? new String[] {"point", "linestring", "polygon", "multipoint", "geomcollection"}[random.nextInt(5)]
                : type;
        int x = random.nextInt(180);
        int y = random.nextInt(90);
        String ring = "(" + x + " " + y + ", " + (x + 1 + random.nextInt(9)) + " " + y + ", " + x + " "
                + (y + 1 + random.nextInt(9)) + ", " + x + " " + y + ")";
        String line = x + " " + y + ", " + (x + random.nextInt(20)) + " " + (y + 1 + random.nextInt(20));
        return switch (kind) {
            case "point" -> "POINT(" + x + " " + y + ")";
            case "linestring" -> "LINESTRING(" + line + ")";
            case "polygon" -> "POLYGON(" + ring + ")";
            case "multipoint" -> "MULTIPOINT((" + x + " " + y + "), (" + y + " " + x + "))";
            case "multilinestring" -> "MULTILINESTRING((" + line + "), (0 0, 1 1))";
            case "multipolygon" -> "MULTIPOLYGON((" + ring + "), ((200 200, 201 200, 201 201, 200 200)))";
            default -> "GEOMETRYCOLLECTION(POINT(" + x + " " + y + "), LINESTRING(" + line + "))";
        };
    }

    private String json() {
        return quote("{\"k\": " + random.nextInt(1000) + ", \"s\": \"v" + random.nextInt(50) + "\", \"a\": [1, "
                + random.nextBoolean() + ", null]}");
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : String.valueOf(n);
    }
}
