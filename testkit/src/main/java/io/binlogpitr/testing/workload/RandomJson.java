package io.binlogpitr.testing.workload;

import java.util.Random;

/** Random JSON documents as text: objects, arrays and scalars, nested, with awkward strings and numbers. */
final class RandomJson {

    private static final String[] EDGES = {
        "{}",
        "[]",
        "null",
        "true",
        "false",
        "0",
        "-0.0",
        "\"\"",
        "18446744073709551615",
        "-9223372036854775808",
        "1.7976931348623157e308",
        "0.1",
        "1e-300",
        "\"\\u0000 \\\" \\\\ \\n \\t \\u001f 😀 é\"",
        "{\"a\": {\"b\": [1, 2.5, \"x\", null, [], {}]}, \"\": 0, \"😀\": true}",
        "[[[[[[1]]]]]]"
    };

    private RandomJson() {}

    static String value(Random random, boolean edge) {
        if (edge) {
            return EDGES[random.nextInt(EDGES.length)];
        }
        StringBuilder sb = new StringBuilder();
        write(random, sb, 0);
        return sb.toString();
    }

    private static void write(Random random, StringBuilder sb, int depth) {
        int pick = depth >= 3 ? 2 + random.nextInt(5) : random.nextInt(7);
        switch (pick) {
            case 0 -> object(random, sb, depth);
            case 1 -> array(random, sb, depth);
            case 2 -> sb.append(random.nextLong() >> random.nextInt(64));
            case 3 -> sb.append(Double.toString((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20)));
            case 4 -> string(random, sb);
            case 5 -> sb.append(random.nextBoolean());
            default -> sb.append("null");
        }
    }

    private static void object(Random random, StringBuilder sb, int depth) {
        sb.append('{');
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append("\"k").append(random.nextInt(20)).append(i).append("\": ");
            write(random, sb, depth + 1);
        }
        sb.append('}');
    }

    private static void array(Random random, StringBuilder sb, int depth) {
        sb.append('[');
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            write(random, sb, depth + 1);
        }
        sb.append(']');
    }

    private static void string(Random random, StringBuilder sb) {
        String[] pieces = {"a", "Z", " ", "é", "中", "😀", "\\\"", "\\\\", "\\n", "\\u0001", "/"};
        sb.append('"');
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            sb.append(pieces[random.nextInt(pieces.length)]);
        }
        sb.append('"');
    }
}
