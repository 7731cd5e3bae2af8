package io.binlogpitr.common.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonScalarsTest {

    @Test
    void everyNumberAndEveryDateOrOpaqueShapedStringIsACandidateWithItsPath() {
        String json =
                "{\"a\": [1, 2.50, \"2026-12-04\", \"x\", true, null], \"\uD83D\uDE00\": {\"t\": \"12:00:00.000000\","
                        + " \"o\": \"base64:type15:AQ==\", \"e\": [], \"f\": {}}, \"esc\\\"k\": -7, \"dt\": \"2026-12-04 01:02:03.000000\"}";
        assertThat(JsonScalars.find(json.getBytes(StandardCharsets.UTF_8)))
                .containsExactly(
                        new JsonScalars.Candidate("$.\"a\"[0]", "1", "INTEGER"),
                        new JsonScalars.Candidate("$.\"a\"[1]", "2.50", "DOUBLE"),
                        new JsonScalars.Candidate("$.\"a\"[2]", "2026-12-04", "STRING"),
                        new JsonScalars.Candidate("$.\"\uD83D\uDE00\".\"t\"", "12:00:00.000000", "STRING"),
                        new JsonScalars.Candidate("$.\"\uD83D\uDE00\".\"o\"", "base64:type15:AQ==", "STRING"),
                        new JsonScalars.Candidate("$.\"esc\\\"k\"", "-7", "INTEGER"),
                        new JsonScalars.Candidate("$.\"dt\"", "2026-12-04 01:02:03.000000", "STRING"));
    }

    @Test
    void aTopLevelScalarHasTheRootPath() {
        assertThat(JsonScalars.find("5000000000".getBytes(StandardCharsets.US_ASCII)))
                .containsExactly(new JsonScalars.Candidate("$", "5000000000", "UNSIGNED INTEGER"));
        assertThat(JsonScalars.find("\"plain\"".getBytes(StandardCharsets.US_ASCII)))
                .isEmpty();
        assertThat(JsonScalars.find("[]".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    }

    /** What MySQL's parser makes of a number: rapidjson's Int/Uint are signed, Uint64 unsigned, the rest double. */
    @ParameterizedTest
    @CsvSource({
        "0, INTEGER",
        "4294967295, INTEGER",
        "4294967296, UNSIGNED INTEGER",
        "18446744073709551615, UNSIGNED INTEGER",
        "18446744073709551616, DOUBLE",
        "-9223372036854775808, INTEGER",
        "-9223372036854775809, DOUBLE",
        "1.0, DOUBLE",
        "1e300, DOUBLE",
        "-1E-5, DOUBLE"
    })
    void theTextTypeOfANumberIsWhatMysqlsParserGives(String number, String type) {
        assertThat(JsonScalars.textType(number)).isEqualTo(type);
    }

    @Test
    void stringsThatCannotBeATemporalValueAreNotCandidates() {
        for (String s : List.of("12", "2026", "a-b", "--------", "1234567", "v1.2.3")) {
            assertThat(JsonScalars.typedShape(s)).as(s).isFalse();
        }
        assertThatThrownBy(() -> JsonScalars.find("[1,".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(RuntimeException.class);
    }
}
