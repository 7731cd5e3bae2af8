package io.binlogpitr.common.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which {@code information_schema.COLUMNS.EXTRA} values name a generated column (left out of snapshots). */
class TableSpecTest {
    @Test
    void onlyVirtualAndStoredGeneratedColumnsAreLeftOut() {
        assertThat(TableSpec.isGenerated("VIRTUAL GENERATED")).isTrue();
        assertThat(TableSpec.isGenerated("STORED GENERATED")).isTrue();
        assertThat(TableSpec.isGenerated("VIRTUAL GENERATED INVISIBLE")).isTrue();
        assertThat(TableSpec.isGenerated("stored generated")).isTrue();

        assertThat(TableSpec.isGenerated("DEFAULT_GENERATED")).isFalse();
        assertThat(TableSpec.isGenerated("DEFAULT_GENERATED on update CURRENT_TIMESTAMP"))
                .isFalse();
        assertThat(TableSpec.isGenerated("DEFAULT_GENERATED INVISIBLE")).isFalse();
        assertThat(TableSpec.isGenerated("INVISIBLE")).isFalse();
        assertThat(TableSpec.isGenerated("auto_increment")).isFalse();
        assertThat(TableSpec.isGenerated("")).isFalse();
        assertThat(TableSpec.isGenerated(null)).isFalse();
    }
}
