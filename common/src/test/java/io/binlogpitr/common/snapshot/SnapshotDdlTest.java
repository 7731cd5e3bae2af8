package io.binlogpitr.common.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotDdlTest {

    @Test
    void createDatabaseTakesTheTargetName() {
        assertThat(SnapshotDdl.createDatabase(
                        "CREATE DATABASE `shop` /*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci */"
                                + " /*!80016 DEFAULT ENCRYPTION='N' */",
                        "shop_restored"))
                .isEqualTo("CREATE DATABASE `shop_restored` /*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE"
                        + " utf8mb4_0900_ai_ci */ /*!80016 DEFAULT ENCRYPTION='N' */");
        assertThat(SnapshotDdl.createDatabase("CREATE DATABASE /*!32312 IF NOT EXISTS*/ `a``b` /*!40100 x */", "c`d"))
                .isEqualTo("CREATE DATABASE /*!32312 IF NOT EXISTS*/ `c``d` /*!40100 x */");
        assertThat(SnapshotDdl.createDatabase(null, "n")).isEqualTo("CREATE DATABASE `n`");
        assertThatThrownBy(() -> SnapshotDdl.createDatabase("DROP DATABASE x", "y"))
                .hasMessageContaining("not a CREATE DATABASE");
    }

    @Test
    void literalsReadAlikeWithAndWithoutNoBackslashEscapes() {
        // a backslash escape would mean two characters to a session in NO_BACKSLASH_ESCAPES
        assertThat(SnapshotDdl.literal("a\\b")).isEqualTo("_utf8mb4 X'615C62'");
        assertThat(SnapshotDdl.literal("it's")).isEqualTo("_utf8mb4'it''s'");
        assertThat(SnapshotDdl.literal("ANSI_QUOTES,NO_BACKSLASH_ESCAPES"))
                .isEqualTo("_utf8mb4'ANSI_QUOTES,NO_BACKSLASH_ESCAPES'");
        assertThat(SnapshotDdl.literal("caf\u00e9")).isEqualTo("_utf8mb4 X'636166C3A9'");
        assertThat(SnapshotDdl.literal("")).isEqualTo("_utf8mb4''");
    }

    @Test
    void viewQualifiersFollowTheRenamesInOnePass() {
        String view = "CREATE VIEW `a`.`v` AS select `a`.`t`.`x` AS `x` from (`a`.`t` join `b`.`u`)"
                + " where `a`.`t`.`s` = '`a`.' and `x``a`.`y` = 1";
        assertThat(SnapshotDdl.renameQualifiers(view, Map.of("a", "b", "b", "c")))
                .isEqualTo("CREATE VIEW `b`.`v` AS select `b`.`t`.`x` AS `x` from (`b`.`t` join `c`.`u`)"
                        // documented: a string literal holding exactly `a`. is rewritten too
                        + " where `b`.`t`.`s` = '`b`.' and `x``a`.`y` = 1");
        assertThat(SnapshotDdl.renameQualifiers(view, Map.of())).isSameAs(view);
        assertThat(SnapshotDdl.renameQualifiers(view, Map.of("a", "a"))).isSameAs(view);
    }

    @Test
    void enabledEventsAreCreatedDisabledOnTheReplicaSide() {
        String event = "CREATE DEFINER=`root`@`localhost` EVENT `e` ON SCHEDULE EVERY 1 DAY STARTS"
                + " '2030-01-01 00:00:00' ON COMPLETION NOT PRESERVE ENABLE COMMENT 'ENABLE' DO insert into t values (1)";
        assertThat(SnapshotDdl.disableEvent(event))
                .isEqualTo("CREATE DEFINER=`root`@`localhost` EVENT `e` ON SCHEDULE EVERY 1 DAY STARTS"
                        + " '2030-01-01 00:00:00' ON COMPLETION NOT PRESERVE DISABLE ON SLAVE COMMENT 'ENABLE' DO"
                        + " insert into t values (1)");
        String disabled = event.replace("PRESERVE ENABLE", "PRESERVE DISABLE");
        assertThat(SnapshotDdl.disableEvent(disabled)).isEqualTo(disabled);
        assertThat(SnapshotDdl.disableEvent(event.replace("NOT PRESERVE", "PRESERVE")))
                .contains("ON COMPLETION PRESERVE DISABLE ON SLAVE COMMENT");
    }

    @Test
    void settingsRefuseBadValuesNamingThem() {
        assertThatThrownBy(() -> SnapshotLoadSettings.defaults().withThreads(0))
                .hasMessage("threads must be between 1 and 64: 0");
        assertThatThrownBy(() -> SnapshotLoadSettings.defaults().withRenames(Map.of("a", "x", "b", "x")))
                .hasMessageContaining("cannot both be renamed to x");
    }

    @org.junit.jupiter.api.Test
    void findsTheTableOfATrigger() {
        org.assertj.core.api.Assertions.assertThat(SnapshotDdl.triggerTable(
                        "CREATE DEFINER=`root`@`%` TRIGGER `t_audit` AFTER INSERT ON `all types` FOR EACH ROW"
                                + " INSERT INTO audit (at) VALUES (NOW(6))"))
                .isEqualTo("all types");
        org.assertj.core.api.Assertions.assertThat(SnapshotDdl.triggerTable(
                        "CREATE TRIGGER tr BEFORE UPDATE ON shop.orders FOR EACH ROW SET NEW.x = 1"))
                .isEqualTo("orders");
        org.assertj.core.api.Assertions.assertThat(SnapshotDdl.triggerTable(
                        "CREATE TRIGGER `a``b` AFTER DELETE ON" + " `we``ird` FOR EACH ROW BEGIN END"))
                .isEqualTo("we`ird");
    }
}
