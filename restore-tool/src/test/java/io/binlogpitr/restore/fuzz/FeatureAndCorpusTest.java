package io.binlogpitr.restore.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
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
