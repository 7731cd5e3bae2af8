package io.binlogpitr.common.sql;

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

    private JsonDoubles() {}

    /** The doubles of {@code json} (utf8mb4 text as MySQL prints it) in document order. */
    static List<Found> find(byte[] json) {
        List<Found> found = new ArrayList<>();
        JsonTextWalker.walk(json, new JsonTextWalker.Scalars() {
            @Override
            public void number(String path, String token) {
                if (token.indexOf('.') >= 0 || token.indexOf('e') >= 0 || token.indexOf('E') >= 0) {
                    found.add(new Found(path, Double.parseDouble(token)));
                }
            }

            @Override
            public void string(String path, String content) {}
        });
        return found;
    }
}
