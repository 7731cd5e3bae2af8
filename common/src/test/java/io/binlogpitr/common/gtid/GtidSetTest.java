package io.binlogpitr.common.gtid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GtidSetTest {
    private static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final String B = "5a511a63-e564-11f1-9a5d-02fc00000001";

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "'' | ''",
                A + ":1-5 | " + A + ":1-5",
                A + ":1-3:4-5 | " + A + ":1-5",
                A + ":7:1-3:5 | " + A + ":1-3:5:7",
                B + ":2," + A + ":1 | " + A + ":1," + B + ":2",
                "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-2 | " + A + ":1-2",
                A + ":tag_a:1-2:3 | " + A + ":tag_a:1-3",
            })
    void parsesAndPrintsMysqlForm(String in, String out) {
        assertThat(GtidSet.parse(in).toString()).isEqualTo(out);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "nonsense:1 | is not a server UUID",
                A + " | has no transaction numbers",
                A + ":0 | is not a transaction number",
                A + ":5-3 | ends before it starts",
                A + ":x-3 | is not a GTID tag",
            })
    void rejectsMalformedWithTheReason(String in, String reason) {
        assertThatThrownBy(() -> GtidSet.parse(in))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void ignoresTheNewlinesMysqlPutsInLongSets() {
        assertThat(GtidSet.parse(A + ":1-2,\n" + B + ":3").toString()).isEqualTo(A + ":1-2," + B + ":3");
    }

    @Test
    void addReportsDuplicatesAndMergesNeighbours() {
        GtidSet s = new GtidSet();
        assertThat(s.add(A, 1)).isTrue();
        assertThat(s.add(A, 3)).isTrue();
        assertThat(s.add(A, 3)).isFalse();
        assertThat(s.toString()).isEqualTo(A + ":1:3");
        assertThat(s.add(A, 2)).isTrue();
        assertThat(s.toString()).isEqualTo(A + ":1-3");
        assertThat(s.size()).isEqualTo(3);
    }

    @Test
    void subtractIntersectHolesAndContainment() {
        GtidSet s = GtidSet.parse(A + ":1-10:20-30," + B + ":1-5");
        GtidSet t = GtidSet.parse(A + ":5-22," + B + ":1-5");
        assertThat(s.subtract(t).toString()).isEqualTo(A + ":1-4:23-30");
        assertThat(s.intersect(t).toString()).isEqualTo(A + ":5-10:20-22," + B + ":1-5");
        assertThat(s.holes().toString()).isEqualTo(A + ":11-19");
        assertThat(s.containsAll(GtidSet.parse(A + ":2-3:25"))).isTrue();
        assertThat(s.containsAll(GtidSet.parse(A + ":2-11"))).isFalse();
        assertThat(s.contains(new Gtid(B, 5))).isTrue();
        assertThat(s.contains(new Gtid(B, 6))).isFalse();
    }

    /** The interval arithmetic against a plain sorted set of numbers, for many random sequences. */
    @Test
    void agreesWithANaiveModel() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            GtidSet s = new GtidSet();
            GtidSet other = new GtidSet();
            TreeSet<Long> model = new TreeSet<>();
            TreeSet<Long> otherModel = new TreeSet<>();
            for (int i = 0; i < 60; i++) {
                long n = 1 + random.nextInt(80);
                assertThat(s.add(A, n)).isEqualTo(model.add(n));
                long m = 1 + random.nextInt(80);
                other.add(A, m);
                otherModel.add(m);
            }
            TreeSet<Long> diff = new TreeSet<>(model);
            diff.removeAll(otherModel);
            assertThat(s.size()).isEqualTo(model.size());
            assertThat(s.subtract(other).size()).isEqualTo(diff.size());
            for (long n = 1; n <= 80; n++) {
                assertThat(s.subtract(other).contains(A, n)).isEqualTo(diff.contains(n));
            }
            assertThat(GtidSet.parse(s.toString())).isEqualTo(s);
        }
    }

    @Test
    void gtidParsesTaggedAndUntagged() {
        assertThat(Gtid.parse(A + ":7")).isEqualTo(new Gtid(A, 7));
        assertThat(Gtid.parse(A + ":Tag:7").toString()).isEqualTo(A + ":tag:7");
        assertThatThrownBy(() -> Gtid.parse(A)).hasMessageContaining("expected uuid:n");
    }
}
