package io.binlogpitr.restore.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.binlog.RowChange;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.TransactionHeader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeSelectionTest {
    private static final String UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

    @TempDir
    Path dir;

    private static TransactionHeader at(long gno, Instant t) {
        long micros = t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
        return new TransactionHeader(new Gtid(UUID, gno), micros, micros, "binlog.000001", 4, 100, 3, 96);
    }

    @Test
    void timesIncludeBothEndsToTheMicrosecondAndGtidsNarrowFurther() {
        Instant from = Instant.parse("2026-11-21T10:00:00Z");
        Instant to = Instant.parse("2026-11-21T10:00:05.000001Z");
        ChangeFilter f = new ChangeFilter(
                from, to, GtidSet.parse(UUID + ":1-5"), Set.of(), Set.of(), EnumSet.allOf(RowChange.Type.class), true);
        assertThat(f.admits(at(1, from))).isTrue();
        assertThat(f.admits(at(2, to))).isTrue();
        assertThat(f.admits(at(3, from.minusNanos(1000)))).isFalse();
        assertThat(f.admits(at(4, to.plusNanos(1000)))).isFalse();
        assertThat(f.admits(at(6, from))).as("not in --gtid").isFalse();
    }

    @Test
    void databasesAndTablesMustBothMatchAndStatementsFollowTheirDatabase() {
        ChangeFilter f = new ChangeFilter(
                null, null, null, Set.of("shop"), Set.of("shop.orders"), EnumSet.of(RowChange.Type.DELETE), false);
        assertThat(f.admitsTable("shop", "orders")).isTrue();
        assertThat(f.admitsTable("shop", "items")).isFalse();
        assertThat(f.admitsTable("crm", "orders")).isFalse();
        assertThat(f.admitsType(RowChange.Type.DELETE)).isTrue();
        assertThat(f.admitsType(RowChange.Type.UPDATE)).isFalse();
        assertThat(f.admitsStatement("shop", "DROP TABLE orders"))
                .as("--type without ddl")
                .isFalse();

        ChangeFilter ddl = new ChangeFilter(
                null, null, null, Set.of(), Set.of("shop.orders"), EnumSet.noneOf(RowChange.Type.class), true);
        assertThat(ddl.admitsStatement("shop", "DROP TABLE orders")).isTrue();
        assertThat(ddl.admitsStatement("", "DROP TABLE `shop`.orders"))
                .as("named in the text")
                .isTrue();
        assertThat(ddl.admitsStatement("crm", "DROP TABLE notes")).isFalse();
        // names the database, not the table: once the text search showed these
        assertThat(ddl.admitsStatement("shop", "ALTER TABLE customers ADD COLUMN c INT"))
                .as("another table of the same database")
                .isFalse();
        assertThat(ddl.admitsStatement("", "CREATE TABLE shop.orders_archive (id INT)"))
                .isFalse();
        assertThat(ddl.admitsStatement("crm", "ALTER TABLE contacts COMMENT 'copied from shop.orders'"))
                .isFalse();
        assertThat(ddl.admitsStatement("crm", "RENAME TABLE shop.orders TO shop.orders_old"))
                .isTrue();
        assertThat(ddl.admitsStatement("shop", "CREATE TRIGGER t AFTER DELETE ON orders FOR EACH ROW SET @x = 1"))
                .isTrue();
        assertThat(ddl.admitsStatement("shop", "DROP DATABASE shop")).isTrue();

        ChangeFilter byDatabase = new ChangeFilter(
                null, null, null, Set.of("shop"), Set.of(), EnumSet.noneOf(RowChange.Type.class), true);
        assertThat(byDatabase.admitsStatement("crm", "CREATE VIEW shop.v AS SELECT 1 AS one"))
                .isTrue();
        assertThat(byDatabase.admitsStatement("shop", "CREATE VIEW crm.v AS SELECT 1 AS one"))
                .isFalse();
        assertThat(byDatabase.admitsStatement("", "GRANT SELECT ON shop.* TO 'app'@'%'"))
                .isFalse();
    }

    @Test
    void aDropTriggerGoesWithTheTableItsTriggerIsOnAsTheHistoryStands() {
        ChangeFilter f = new ChangeFilter(
                null, null, null, Set.of(), Set.of("shop.orders"), EnumSet.noneOf(RowChange.Type.class), true);
        TriggerTables none = TriggerTables.NONE;
        TriggerTables onOrders = none.after(io.binlogpitr.common.ddl.DdlObjects.resolve(
                "CREATE TRIGGER t_ai AFTER INSERT ON orders FOR EACH ROW SET @x = 1", "shop"));
        TriggerTables both = onOrders.after(io.binlogpitr.common.ddl.DdlObjects.resolve(
                "CREATE TRIGGER shop.i_ai AFTER INSERT ON shop.items FOR EACH ROW SET @x = 1", ""));
        assertThat(f.selects("shop", "DROP TRIGGER t_ai", 0, both)).isEqualTo(ChangeFilter.Selection.SELECTED);
        assertThat(f.selects("", "DROP TRIGGER IF EXISTS shop.t_ai", 0, both))
                .isEqualTo(ChangeFilter.Selection.SELECTED);
        assertThat(f.selects("shop", "DROP TRIGGER i_ai", 0, both)).isEqualTo(ChangeFilter.Selection.LEFT_OUT);
        assertThat(f.selects("crm", "DROP TRIGGER t_ai", 0, both))
                .as("another database's trigger of that name")
                .isEqualTo(ChangeFilter.Selection.LEFT_OUT);
        assertThat(f.selects("shop", "DROP TRIGGER t_ai", 0, none))
                .isEqualTo(ChangeFilter.Selection.TRIGGER_TABLE_UNKNOWN);
        TriggerTables dropped = both.after(io.binlogpitr.common.ddl.DdlObjects.resolve("DROP TRIGGER t_ai", "shop"));
        assertThat(f.selects("shop", "DROP TRIGGER t_ai", 0, dropped))
                .as("dropped before: unknown again")
                .isEqualTo(ChangeFilter.Selection.TRIGGER_TABLE_UNKNOWN);
    }

    @Test
    void aScriptFileAppearsOnlyWhenFinished() throws Exception {
        Path out = dir.resolve("undo.sql");
        try (SqlScript s = SqlScript.toFile(out)) {
            s.comment("first\nline");
            s.statement("SELECT 1");
            s.statementText("CREATE PROCEDURE p() BEGIN SELECT 1; END");
            assertThat(out).doesNotExist();
            s.finish();
        }
        assertThat(Files.readString(out))
                .isEqualTo("-- first line\nSELECT 1;\nDELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END\n$$\n"
                        + "DELIMITER ;\n");
        Path failed = dir.resolve("failed.sql");
        try (SqlScript s = SqlScript.toFile(failed)) {
            s.statement("SELECT 2");
            // no finish: as when the journal turns out damaged half-way
        }
        assertThat(failed).doesNotExist();
        assertThat(dir.toFile().list()).containsExactly("undo.sql");
        assertThatThrownBy(() -> SqlScript.toFile(dir.resolve("missing/x.sql")))
                .isInstanceOf(PitrException.class)
                .hasMessageContaining("does not exist");
    }
}
