package io.binlogpitr.restore.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fuzzer's switches parse as documented, and every corpus script splits into whole statements. */
class FeatureAndCorpusTest {
    @Test
    void featureSpecsAddAndRemoveClasses() {
        assertThat(Feature.parse("default")).isEqualTo(Feature.PASSING);
        assertThat(Feature.parse("all")).isEqualTo(EnumSet.allOf(Feature.class));
        assertThat(Feature.parse("none,+ctas,online-schema-change"))
                .containsExactlyInAnyOrder(Feature.CTAS, Feature.ONLINE_SCHEMA_CHANGE);
        assertThat(Feature.parse("all,-flashback"))
                .doesNotContain(Feature.FLASHBACK)
                .contains(Feature.CTAS);
        assertThatThrownBy(() -> Feature.parse("default,+nonsense"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown feature class 'nonsense'");
    }

    @Test
    void delimiterBlocksStayWholeAndCommentsGo() {
        List<String> statements = Corpus.statements(
                "-- a comment\nCREATE TABLE t (a INT);\nDELIMITER $$\n"
                        + "CREATE PROCEDURE p() BEGIN\n  SELECT 1;\n  SELECT 2;\nEND$$\nDELIMITER ;\nINSERT INTO t VALUES (1);\n");
        assertThat(statements)
                .containsExactly(
                        "CREATE TABLE t (a INT)",
                        "CREATE PROCEDURE p() BEGIN\n  SELECT 1;\n  SELECT 2;\nEND",
                        "INSERT INTO t VALUES (1)");
    }

    @Test
    void randomValuesCoverEveryGeometryTypeAndFractionalTime() {
        RandomValues values = new RandomValues(new java.util.Random(7), Feature.PASSING);
        for (String type : List.of(
                "geometry",
                "point",
                "linestring",
                "polygon",
                "multipoint",
                "multilinestring",
                "multipolygon",
                "geomcollection")) {
            for (int i = 0; i < 20; i++) {
                assertThat(values.literal(column(type, 0, false))).as(type).startsWith("ST_GeomFromText('");
            }
        }
        assertThat(values.literal(column("linestring", 0, false))).contains("LINESTRING(");
        assertThat(values.literal(column("geomcollection", 0, false))).contains("GEOMETRYCOLLECTION(");
        assertThat(values.literal(column("time", 6, false))).matches("'-?\\d+:\\d\\d:\\d\\d\\.\\d{6}'");
        assertThat(values.literal(column("time", 0, false))).matches("'-?\\d+:\\d\\d:\\d\\d'");
    }

    private static TableShape.ColumnShape column(String type, int scale, boolean nullable) {
        return new TableShape.ColumnShape("c", type, type, nullable, false, true, 0, 0, scale, null, null);
    }

    @Test
    void autoIncrementCountersCompareUnsignedUpTo2To64Minus1() {
        long max = Long.parseUnsignedLong("18446744073709551615");
        DatabaseState replica = state(Map.of("table t", max));
        DatabaseState ours = state(Map.of("table t", 5L));
        assertThat(replica.firstDifference(ours)).hasValueSatisfying(d -> assertThat(d.toString())
                .contains("AUTO_INCREMENT counter")
                .contains("18446744073709551615"));
        assertThat(ours.firstDifference(replica)).isEmpty();
    }

    private static DatabaseState state(Map<String, Long> counters) {
        return new DatabaseState("d", Map.of("database", "CREATE DATABASE d"), Map.of(), counters);
    }

    @Test
    void everyCorpusSchemaHasStatementsAndData() {
        for (String name : Corpus.NAMES) {
            assertThat(Corpus.statements(Corpus.read(name + "/schema.sql")))
                    .as(name)
                    .anyMatch(s -> s.startsWith("CREATE TABLE"));
            assertThat(Corpus.statements(Corpus.read(name + "/data.sql")))
                    .as(name)
                    .allMatch(s -> s.startsWith("INSERT") || s.startsWith("UPDATE") || s.startsWith("-- "));
        }
    }
}
