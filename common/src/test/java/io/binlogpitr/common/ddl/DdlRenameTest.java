package io.binlogpitr.common.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Only the identifiers that name a renamed database change; every other character stays as it was. */
class DdlRenameTest {
    private static final Map<String, String> RENAMES = Map.of("shop", "shop_before", "a", "b", "b", "c");

    static Stream<Arguments> cases() {
        return Stream.of(
                r("ALTER TABLE shop.t ADD COLUMN c INT", "", "ALTER TABLE `shop_before`.t ADD COLUMN c INT"),
                r("ALTER TABLE `shop`.`t` ADD c INT", "", "ALTER TABLE `shop_before`.`t` ADD c INT"),
                r("ALTER TABLE t ADD c INT", "shop", "ALTER TABLE t ADD c INT"),
                r("alter table SHOP.t add c int", "", "alter table SHOP.t add c int"), // case-sensitive names
                r("ALTER TABLE shopping.t ADD c INT", "", "ALTER TABLE shopping.t ADD c INT"),
                r(
                        "ALTER TABLE shop.t COMMENT 'shop.t is `shop`.t' /* shop.t */",
                        "",
                        "ALTER TABLE `shop_before`.t COMMENT 'shop.t is `shop`.t' /* shop.t */"),
                r(
                        "RENAME TABLE a.t TO b.t, b.u TO a.u",
                        "",
                        "RENAME TABLE `b`.t TO `c`.t, `c`.u TO `b`.u"), // one pass: a→b, b→c
                r(
                        "CREATE TABLE shop.s AS SELECT shop.t.id, x.v FROM shop.t JOIN shop.u x USING (id)",
                        "",
                        "CREATE TABLE `shop_before`.s AS SELECT `shop_before`.t.id, x.v FROM `shop_before`.t JOIN"
                                + " `shop_before`.u x USING (id)"),
                r(
                        "CREATE DEFINER=`root`@`localhost` TRIGGER `shop`.`trg` AFTER INSERT ON `shop`.`t` FOR EACH"
                                + " ROW INSERT INTO shop.audit VALUES (NEW.id, 'shop')",
                        "",
                        "CREATE DEFINER=`root`@`localhost` TRIGGER `shop_before`.`trg` AFTER INSERT ON"
                                + " `shop_before`.`t` FOR EACH ROW INSERT INTO `shop_before`.audit VALUES (NEW.id,"
                                + " 'shop')"),
                r(
                        "CREATE PROCEDURE shop.p()\nBEGIN\n  -- touch shop.t\n  UPDATE shop.t SET n = shop.f(n);\nEND",
                        "",
                        "CREATE PROCEDURE `shop_before`.p()\nBEGIN\n  -- touch shop.t\n  UPDATE `shop_before`.t SET n ="
                                + " `shop_before`.f(n);\nEND"),
                r(
                        "CREATE EVENT shop.e ON SCHEDULE EVERY 1 DAY DO DELETE FROM shop.t",
                        "",
                        "CREATE EVENT `shop_before`.e ON SCHEDULE EVERY 1 DAY DO DELETE FROM `shop_before`.t"),
                r("CREATE DATABASE shop", "shop", "CREATE DATABASE `shop_before`"),
                r("DROP DATABASE IF EXISTS `shop`", "shop", "DROP DATABASE IF EXISTS `shop_before`"),
                r(
                        "/*!50001 CREATE VIEW `shop`.`v` AS select `shop`.`t`.`id` AS `id` from `shop`.`t` */",
                        "",
                        "/*!50001 CREATE VIEW `shop_before`.`v` AS select `shop_before`.`t`.`id` AS `id` from"
                                + " `shop_before`.`t` */"),
                r(
                        "ALTER TABLE shop.t ADD c VARCHAR(8) DEFAULT 'héllo 😀', RENAME TO shop.t2",
                        "",
                        "ALTER TABLE `shop_before`.t ADD c VARCHAR(8) DEFAULT 'héllo 😀', RENAME TO `shop_before`.t2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rewritesTheDatabaseIdentifiersOnly(String sql, String defaultDb, String expected) {
        DdlScope scope = DdlObjects.resolve(sql, defaultDb);
        assertThat(DdlRename.apply(sql, scope, RENAMES)).isEqualTo(expected);
    }

    private static Arguments r(String sql, String defaultDb, String expected) {
        return Arguments.of(sql, defaultDb, expected);
    }
}
