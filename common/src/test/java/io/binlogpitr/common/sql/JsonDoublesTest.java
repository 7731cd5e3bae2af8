package io.binlogpitr.common.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.sql.JsonDoubles.Found;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonDoublesTest {

    @Test
    void findsDoublesWithTheirPathsAndLeavesIntegersAndStrings() {
        String json =
                "{\"a\": {\"b c\": [1, 2.5, \"3.5\", -0.0, 1e7, 18446744073709551615]}, \"k\\\"1\": 0.5, \"n\": null}";
        assertThat(JsonDoubles.find(json.getBytes(StandardCharsets.UTF_8)))
                .containsExactly(
                        new Found("$.\"a\".\"b c\"[1]", 2.5),
                        new Found("$.\"a\".\"b c\"[3]", -0.0),
                        new Found("$.\"a\".\"b c\"[4]", 1e7),
                        new Found("$.\"k\\\"1\"", 0.5));
    }

    @Test
    void aTopLevelDoubleHasThePathDollar() {
        assertThat(JsonDoubles.find(" -3.6355664686658195e-14 ".getBytes(StandardCharsets.US_ASCII)))
                .containsExactly(new Found("$", -3.6355664686658195e-14));
    }

    @Test
    void emptyContainersAndScalarsHaveNone() {
        for (String json : new String[] {"{}", "[]", "[[], {}]", "true", "\"x\"", "42", "{\"\": [null, false]}"}) {
            assertThat(JsonDoubles.find(json.getBytes(StandardCharsets.UTF_8)))
                    .as(json)
                    .isEmpty();
        }
    }
}
