package io.binlogpitr.common.sql;

import java.nio.charset.StandardCharsets;

/**
 * Walks a JSON text as MySQL prints it (utf8mb4, one value), telling a {@link Scalars} each number and each string
 * with its MySQL JSON path ({@code $."a"[2]}: keys quoted, escapes as in the text). Structure and literals
 * ({@code true}, {@code false}, {@code null}) are passed over. Pure; throws IllegalArgumentException for what is
 * not one JSON value.
 */
final class JsonTextWalker {
    /** What the walk reports. */
    interface Scalars {
        /** A number at {@code path}, as printed. */
        void number(String path, String token);

        /** A string at {@code path}: its content between the quotes, JSON escapes kept. */
        void string(String path, String content);
    }

    private final byte[] json;
    private final Scalars scalars;

    private JsonTextWalker(byte[] json, Scalars scalars) {
        this.json = json;
        this.scalars = scalars;
    }

    /** Walks {@code json}, reporting its scalars in document order. */
    static void walk(byte[] json, Scalars scalars) {
        JsonTextWalker w = new JsonTextWalker(json, scalars);
        int end = w.value(w.skipSpace(0), "$");
        if (w.skipSpace(end) != json.length) {
            throw new IllegalArgumentException("not one JSON value: trailing bytes at " + end);
        }
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
            int end = endOfString(at);
            scalars.string(path, new String(json, at + 1, end - at - 2, StandardCharsets.UTF_8));
            return end;
        }
        if (b == '-' || (b >= '0' && b <= '9')) {
            int end = endOfNumber(at);
            scalars.number(path, new String(json, at, end - at, StandardCharsets.US_ASCII));
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
