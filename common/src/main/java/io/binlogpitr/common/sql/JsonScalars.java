package io.binlogpitr.common.sql;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds, in a JSON text as MySQL prints it, the scalars whose text may not say their type: every number (an
 * INTEGER, UNSIGNED INTEGER, DECIMAL or DOUBLE of the binary JSON may print alike) and every string shaped like a
 * date, a time, a datetime or MySQL's {@code base64:typeN:} form of an opaque value (a DATE, TIME, DATETIME,
 * TIMESTAMP or OPAQUE scalar prints as such a string). For each it says what MySQL's JSON parser makes of the text
 * ({@link #textType}), so that a caller that asks the server for the stored type ({@code JSON_TYPE}) knows which
 * scalars the text would change. Pure; paths are as {@link JsonTextWalker} builds them.
 */
public final class JsonScalars {
    private static final BigInteger MAX_U32 = BigInteger.valueOf(0xFFFF_FFFFL);
    private static final BigInteger MAX_U64 = new BigInteger("18446744073709551615");
    private static final BigInteger MIN_I64 = BigInteger.valueOf(Long.MIN_VALUE);

    /**
     * One scalar whose type the text may lose.
     *
     * @param path a MySQL JSON path, e.g. {@code $."a"[2]}
     * @param token the number as printed, or the string's content between its quotes (JSON escapes kept)
     * @param textType the {@code JSON_TYPE} that parsing the text gives it: {@code INTEGER},
     *     {@code UNSIGNED INTEGER}, {@code DOUBLE} or {@code STRING}
     */
    public record Candidate(String path, String token, String textType) {}

    private JsonScalars() {}

    /** The candidates of {@code json} in document order. */
    public static List<Candidate> find(byte[] json) {
        List<Candidate> found = new ArrayList<>();
        JsonTextWalker.walk(json, new JsonTextWalker.Scalars() {
            @Override
            public void number(String path, String token) {
                found.add(new Candidate(path, token, textType(token)));
            }

            @Override
            public void string(String path, String content) {
                if (typedShape(content)) {
                    found.add(new Candidate(path, content, "STRING"));
                }
            }
        });
        return found;
    }

    /** What MySQL's JSON parser (rapidjson's handlers in json_dom.cc) makes of a number token. */
    static String textType(String number) {
        if (number.indexOf('.') >= 0 || number.indexOf('e') >= 0 || number.indexOf('E') >= 0) {
            return "DOUBLE";
        }
        BigInteger v = new BigInteger(number);
        if (v.signum() < 0) {
            return v.compareTo(MIN_I64) >= 0 ? "INTEGER" : "DOUBLE";
        }
        if (v.compareTo(MAX_U32) <= 0) {
            return "INTEGER"; // Int and Uint both make a signed Json_int
        }
        return v.compareTo(MAX_U64) <= 0 ? "UNSIGNED INTEGER" : "DOUBLE"; // Uint64 makes a Json_uint
    }

    /**
     * Whether a string's content could be how MySQL prints a DATE ({@code 2026-12-04}), TIME ({@code
     * -838:59:59.000000}), DATETIME or TIMESTAMP ({@code 2026-12-04 21:59:11.000000}) or an opaque value ({@code
     * base64:type15:AQ==}). Loose on purpose: a false candidate costs a question to the server, a missed one a
     * changed value.
     */
    static boolean typedShape(String s) {
        if (s.startsWith("base64:type")) {
            return true;
        }
        int n = s.length();
        if (n < 8 || n > 32) {
            return false;
        }
        int first = s.charAt(0) == '-' ? 1 : 0; // a negative TIME
        if (!(s.charAt(first) >= '0' && s.charAt(first) <= '9')) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '-' && c != ':' && c != '.' && c != ' ') {
                return false;
            }
        }
        return s.indexOf('-', 1) > 0 || s.indexOf(':') > 0;
    }
}
