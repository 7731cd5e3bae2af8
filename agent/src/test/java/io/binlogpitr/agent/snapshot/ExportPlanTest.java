package io.binlogpitr.agent.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.snapshot.KeyRange;
import io.binlogpitr.common.snapshot.TableSpec;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExportPlanTest {
    private static final SourceCatalog.Table ORDERS = table("orders");
    private static final SourceCatalog.Table LOG = table("log");
    private static final ExportTask ORDERS_1 = new ExportTask(ORDERS, KeyRange.ALL, "shop/orders.00001.chunk", 9);
    private static final ExportTask ORDERS_2 = new ExportTask(ORDERS, KeyRange.ALL, "shop/orders.00002.chunk", 9);
    private static final ExportTask LOG_1 = new ExportTask(LOG, KeyRange.ALL, "shop/log.00001.chunk", 1);
    private static final SourceCatalog CATALOG = new SourceCatalog(List.of(new SourceCatalog.Db(
            "shop", "CREATE DATABASE shop", List.of(LOG, ORDERS), List.of(), List.of(), List.of(), List.of())));

    private static SourceCatalog.Table table(String name) {
        return new SourceCatalog.Table(
                new TableSpec("shop", name, List.of(), List.of()), "CREATE TABLE " + name, 100, 10);
    }

    @Test
    void theWorkersGetWhatWasNotExportedUnderTheLockInPlanOrder() {
        ExportPlan plan = new ExportPlan(CATALOG, List.of(LOG_1, ORDERS_1, ORDERS_2), Set.of(LOG_1));
        assertThat(plan.remaining()).containsExactly(ORDERS_1, ORDERS_2);
        assertThat(ExportPlan.of(CATALOG, List.of(LOG_1, ORDERS_1)).remaining()).containsExactly(LOG_1, ORDERS_1);
    }

    @Test
    void aTablesChunksAreItsOwnInPlanOrder() {
        ExportPlan plan = ExportPlan.of(CATALOG, List.of(ORDERS_1, LOG_1, ORDERS_2));
        assertThat(plan.of(ORDERS)).containsExactly(ORDERS_1, ORDERS_2);
        assertThat(plan.of(LOG)).containsExactly(LOG_1);
    }

    @Test
    void aChunkExportedUnderTheLockMustBeInThePlan() {
        assertThatThrownBy(() -> new ExportPlan(CATALOG, List.of(ORDERS_1), Set.of(LOG_1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not in the plan");
    }
}
