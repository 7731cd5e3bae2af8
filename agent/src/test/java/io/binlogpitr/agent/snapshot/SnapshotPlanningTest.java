package io.binlogpitr.agent.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.snapshot.KeyRange;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SnapshotPlanningTest {

    @Test
    void rangesCoverEveryKeyWithoutOverlap() {
        List<KeyRange> ranges = ChunkPlanner.split(BigInteger.valueOf(1), BigInteger.valueOf(1000), 4);
        assertThat(ranges).hasSize(4);
        assertThat(ranges.get(0).lower()).isNull();
        assertThat(ranges.get(3).upper()).isNull();
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i).lower()).isEqualTo(ranges.get(i - 1).upper());
        }
        assertThat(ranges.get(0).upper()).containsExactly(251L);
        // every key in [min, max] and beyond falls in exactly one range
        for (long key = -5; key <= 1005; key++) {
            long k = key;
            assertThat(ranges.stream().filter(r -> contains(r, k)).count())
                    .as("key %d", key)
                    .isEqualTo(1);
        }
    }

    private static boolean contains(KeyRange r, long key) {
        boolean aboveLower = r.lower() == null || key >= (Long) r.lower().get(0);
        boolean belowUpper = r.upper() == null || key < (Long) r.upper().get(0);
        return aboveLower && belowUpper;
    }

    @Test
    void neverMoreRangesThanValues() {
        assertThat(ChunkPlanner.split(BigInteger.valueOf(7), BigInteger.valueOf(9), 100))
                .hasSize(3);
        assertThat(ChunkPlanner.split(BigInteger.valueOf(7), BigInteger.valueOf(7), 100))
                .containsExactly(KeyRange.ALL);
    }

    @Test
    void unsignedBigintBoundsAreExactDecimals() {
        BigInteger max = new BigInteger("18446744073709551615");
        List<KeyRange> ranges = ChunkPlanner.split(BigInteger.ZERO, max, 2);
        assertThat(ranges).hasSize(2);
        assertThat(ranges.get(0).upper().get(0)).isEqualTo(new BigDecimal("9223372036854775808"));
        List<KeyRange> negative = ChunkPlanner.split(BigInteger.valueOf(Long.MIN_VALUE), BigInteger.ZERO, 2);
        assertThat(negative.get(0).upper().get(0)).isInstanceOf(Long.class);
    }

    @Test
    void filterTakesUserDatabasesOnlyAndExclusionsWin() {
        NameFilter all = new NameFilter(List.of(), List.of());
        assertThat(all.everyDatabase()).isTrue();
        assertThat(new NameFilter(List.of(), List.of("shop.cache_*")).everyDatabase())
                .as("a table-level exclusion keeps the database")
                .isTrue();
        assertThat(new NameFilter(List.of(), List.of("shop_tmp")).everyDatabase())
                .isFalse();
        assertThat(new NameFilter(List.of("shop*"), List.of()).everyDatabase()).isFalse();
        assertThat(all.database("shop")).isTrue();
        assertThat(all.database("mysql")).isFalse();
        assertThat(all.database("PERFORMANCE_SCHEMA")).isFalse();
        assertThat(all.database("sys")).isFalse();

        NameFilter f = new NameFilter(List.of("shop*", "crm.audit"), List.of("shop_tmp", "shop.cache_*"));
        assertThat(f.database("shop")).isTrue();
        assertThat(f.database("shop_eu")).isTrue();
        assertThat(f.database("shop_tmp")).isFalse();
        assertThat(f.table("shop", "orders")).isTrue();
        assertThat(f.table("shop", "cache_pages")).isFalse();
        assertThat(f.database("crm")).isTrue();
        assertThat(f.table("crm", "audit")).isTrue();
        assertThat(f.table("crm", "contacts")).isFalse();
        assertThat(f.table("other", "audit")).isFalse();
    }

    @Test
    void filterReadsBackquotedNamesWithDots() {
        NameFilter f = new NameFilter(List.of("`a.b`.`t.1`"), List.of());
        assertThat(f.table("a.b", "t.1")).isTrue();
        assertThat(f.table("a.b", "t") || f.table("a", "b")).isFalse();
    }

    @Test
    void fileNamesAreSafeAndDistinct() {
        assertThat(FileNames.safe("orders_2026-q1")).isEqualTo("orders_2026-q1");
        assertThat(FileNames.safe("a/b")).isEqualTo("a@002fb");
        assertThat(FileNames.safe("..")).isEqualTo("@002e@002e");
        assertThat(FileNames.safe("ünï")).isEqualTo("@00fcn@00ef");
        assertThat(FileNames.safe("x".repeat(64 * 5))).hasSize(160);
        Set<String> used = new HashSet<>();
        assertThat(FileNames.unique("t", used)).isEqualTo("t");
        assertThat(FileNames.unique("t", used)).isEqualTo("t~2");
        assertThat(FileNames.unique("t", used)).isEqualTo("t~3");
    }
}
