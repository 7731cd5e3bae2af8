package io.binlogpitr.common.sql;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the doubles in a JSON text, with their paths. MySQL's JSON parser reads some 17-digit doubles as
 * a neighbouring double (-0.000045599456132507677, however written), while its SQL parser reads
 * approximate literals exactly; so {@link SqlLiteral} loads the text and then sets each double through
 * {@code JSON_SET(doc, path, <double literal>)}. Integers, strings and structure stay byte for byte.
 */
final class JsonDoubles {

    /** A double at {@code path} (a MySQL JSON path, e.g. {@code $."a"[2]}) written as {@code value}. */
    record Found(String path, double value) {}

    private final byte[] json;
    private final List<Found> found = new ArrayList<>();

    private JsonDoubles(byte[] json) {
        this.json = json;
    }

    /** The doubles of {@code json} (utf8mb4 text as MySQL prints it) in document order. */
    static List<Found> find(byte[] json) {
        JsonDoubles walker = new JsonDoubles(json);
        int end = walker.value(walker.skipSpace(0), "$");
        if (walker.skipSpace(end) != json.length) {
            throw new IllegalArgumentException("not one JSON value: trailing bytes at " + end);
        }
        return walker.found;
    }

    private int value(int at, String path) {
        if (at >= json.length) {
            throw new IllegalArgumentException("JSON text ends early");
        }
        byte b = json[at];
        if (b == '{') {
            return object(at, path);
        }
        if (b == '[') {
            return array(at, path);
        }
        if (b == '"') {
            return endOfString(at);
        }
        if (b == '-' || (b >= '0' && b <= '9')) {
            int end = endOfNumber(at);
            String token = new String(json, at, end - at, StandardCharsets.US_ASCII);
            if (token.indexOf('.') >= 0 || token.indexOf('e') >= 0 || token.indexOf('E') >= 0) {
                found.add(new Found(path, Double.parseDouble(token)));
            }
            return end;
        }
        int end = at;
        while (end < json.length && json[end] >= 'a' && json[end] <= 'z') {
            end++; // true, false, null
        }
        if (end == at) {
            throw new IllegalArgumentException("unexpected byte '" + (char) b + "' in JSON at " + at);
        }
        return end;
    }

    private int object(int at, String path) {
        int i = skipSpace(at + 1);
        if (json[i] == '}') {
            return i + 1;
        }
        while (true) {
            int keyEnd = endOfString(i);
            String key = new String(json, i, keyEnd - i, StandardCharsets.UTF_8); // quoted, escapes as in JSON
            i = skipSpace(keyEnd);
            expect(i, ':');
            i = skipSpace(value(skipSpace(i + 1), path + "." + key));
            if (json[i] == '}') {
                return i + 1;
            }
            expect(i, ',');
            i = skipSpace(i + 1);
        }
    }

    private int array(int at, String path) {
        int i = skipSpace(at + 1);
        if (json[i] == ']') {
            return i + 1;
        }
        for (int index = 0; ; index++) {
            i = skipSpace(value(skipSpace(i), path + "[" + index + "]"));
            if (json[i] == ']') {
                return i + 1;
            }
            expect(i, ',');
            i++;
        }
    }

    private void expect(int at, char c) {
        if (at >= json.length || json[at] != c) {
            throw new IllegalArgumentException("expected '" + c + "' in JSON at " + at);
        }
    }

    private int skipSpace(int at) {
        int i = at;
        while (i < json.length && (json[i] == ' ' || json[i] == '\n' || json[i] == '\t' || json[i] == '\r')) {
            i++;
        }
        return i;
    }

    private int endOfString(int quote) {
        expect(quote, '"');
        int i = quote + 1;
        while (i < json.length && json[i] != '"') {
            i += json[i] == '\\' ? 2 : 1;
        }
        expect(i, '"');
        return i + 1;
    }

    private int endOfNumber(int start) {
        int i = start;
        while (i < json.length) {
            byte b = json[i];
            if ((b >= '0' && b <= '9') || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E') {
                i++;
            } else {
                break;
            }
        }
        return i;
    }
}
