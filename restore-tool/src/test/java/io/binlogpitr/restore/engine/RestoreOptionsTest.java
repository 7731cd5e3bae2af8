package io.binlogpitr.restore.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What --databases, --tables and --rename-db choose, and the combinations refused before anything is done. */
class RestoreOptionsTest {
    private static RestoreOptions options(Set<String> databases, Set<String> tables, Map<String, String> renames) {
        return new RestoreOptions(null, null, databases, tables, renames, false, 1, 1, false);
    }

    @Test
    void nothingChosenRestoresEverythingUnderItsOwnName() {
        RestoreOptions all = options(Set.of(), Set.of(), Map.of());
        assertThat(all.partial()).isFalse();
        assertThat(all.includesDatabase("shop")).isTrue();
        assertThat(all.includesTable("shop", "orders")).isTrue();
        assertThat(all.includesViewsAndRoutines()).isTrue();
        assertThat(all.targetName("shop")).isEqualTo("shop");
    }

    @Test
    void aRenameAloneRestoresOnlyTheRenamedDatabase() {
        RestoreOptions side = options(Set.of(), Set.of(), Map.of("shop", "shop_before"));
        assertThat(side.partial()).isTrue();
        assertThat(side.includesDatabase("shop")).isTrue();
        assertThat(side.includesDatabase("crm")).isFalse();
        assertThat(side.targetName("shop")).isEqualTo("shop_before");
        assertThat(side.targetName("crm")).isEqualTo("crm");
    }

    @Test
    void tablesChooseTheirDatabasesAndLeaveViewsAndRoutinesOut() {
        RestoreOptions t = options(Set.of(), Set.of("shop.orders"), Map.of());
        assertThat(t.includesDatabase("shop")).isTrue();
        assertThat(t.includesDatabase("crm")).isFalse();
        // a database whose name begins like a chosen one is not chosen
        assertThat(t.includesDatabase("sho")).isFalse();
        assertThat(t.includesTable("shop", "orders")).isTrue();
        assertThat(t.includesTable("shop", "orders_old")).isFalse();
        assertThat(t.includesViewsAndRoutines()).isFalse();
    }

    @Test
    void databasesAndTablesTogetherChooseTheirIntersection() {
        RestoreOptions both = options(Set.of("shop"), Set.of("shop.orders", "crm.people"), Map.of());
        assertThat(both.includesTable("shop", "orders")).isTrue();
        assertThat(both.includesTable("crm", "people")).isFalse();
    }

    @Test
    void aRenameOfADatabaseLeftOutByDatabasesIsRefusedNamingIt() {
        assertThatThrownBy(() -> options(Set.of("crm"), Set.of(), Map.of("shop", "shop_before")))
                .isInstanceOfSatisfying(
                        PitrException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("--rename-db shop=shop_before")
                .hasMessageContaining("--databases crm");
    }

    @Test
    void aRenameOfADatabaseLeftOutByTablesIsRefused() {
        assertThatThrownBy(() -> options(Set.of(), Set.of("crm.people"), Map.of("shop", "shop_before")))
                .isInstanceOfSatisfying(
                        PitrException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("--tables leaves out");
        // a table of a database whose name only begins with "shop" does not count
        assertThatThrownBy(() -> options(Set.of(), Set.of("shop2.t"), Map.of("shop", "shop_before")))
                .isInstanceOf(PitrException.class);
    }

    @Test
    void theChoicesAreCopied() {
        java.util.Set<String> dbs = new java.util.HashSet<>(Set.of("shop"));
        RestoreOptions o = options(dbs, Set.of(), Map.of());
        dbs.add("crm");
        assertThat(o.includesDatabase("crm")).isFalse();
    }
}
