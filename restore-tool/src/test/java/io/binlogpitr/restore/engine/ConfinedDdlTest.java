package io.binlogpitr.restore.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a side-database or partial restore does with each shape of DDL: run it renamed, skip it, or refuse it. */
class ConfinedDdlTest {
    private static final String GTID = "3e11fa47-71ca-11e1-9e33-c80aa9429562:77";

    /** --rename-db shop=shop_before alone: database shop only. */
    private static final RestoreOptions SIDE = options(Set.of(), Set.of(), Map.of("shop", "shop_before"));
    /** --databases shop,crm --rename-db shop=shop_before. */
    private static final RestoreOptions TWO = options(Set.of("shop", "crm"), Set.of(), Map.of("shop", "shop_before"));
    /** --tables shop.orders,shop.audit. */
    private static final RestoreOptions TABLES = options(Set.of(), Set.of("shop.orders", "shop.audit"), Map.of());

    static Stream<Arguments> cases() {
        return Stream.of(
                // run, renamed
                a(SIDE, "ALTER TABLE shop.orders ADD note TEXT", "", "ALTER TABLE `shop_before`.orders ADD note TEXT"),
                a(SIDE, "ALTER TABLE orders ADD note TEXT", "shop", "ALTER TABLE orders ADD note TEXT"),
                a(
                        SIDE,
                        "ALTER TABLE shop.orders ADD note TEXT",
                        "crm",
                        "ALTER TABLE `shop_before`.orders ADD note TEXT"),
                a(SIDE, "RENAME TABLE shop.a TO shop.b", "", "RENAME TABLE `shop_before`.a TO `shop_before`.b"),
                a(
                        SIDE,
                        "CREATE TABLE shop.t2 LIKE shop.t",
                        "crm",
                        "CREATE TABLE `shop_before`.t2 LIKE `shop_before`.t"),
                a(SIDE, "DROP DATABASE shop", "shop", "DROP DATABASE `shop_before`"),
                a(SIDE, "CREATE DATABASE shop", "shop", "CREATE DATABASE `shop_before`"),
                a(
                        SIDE,
                        "CREATE TRIGGER shop.trg AFTER INSERT ON shop.orders FOR EACH ROW INSERT INTO audit VALUES"
                                + " (NEW.id)",
                        "",
                        "CREATE TRIGGER `shop_before`.trg AFTER INSERT ON `shop_before`.orders FOR EACH ROW INSERT"
                                + " INTO audit VALUES (NEW.id)"),
                a(
                        TWO,
                        "RENAME TABLE shop.t TO crm.t",
                        "",
                        "RENAME TABLE `shop_before`.t TO crm.t"), // both restored: crm keeps its name
                a(SIDE, "SAVEPOINT s1", "shop", "SAVEPOINT s1"),
                // skipped: nothing restored changes
                a(SIDE, "ALTER TABLE crm.contacts ADD c INT", "shop", null),
                a(SIDE, "ALTER TABLE contacts ADD c INT", "crm", null),
                a(SIDE, "CREATE VIEW crm.v AS SELECT * FROM shop.orders", "", null),
                a(SIDE, "DROP DATABASE crm", "crm", null),
                a(SIDE, "GRANT SELECT ON shop.* TO 'reporter'@'%'", "", null),
                a(SIDE, "CREATE USER 'reporter'@'%'", "shop", null),
                a(SIDE, "CREATE TABLESPACE ts ADD DATAFILE 'ts.ibd'", "", null),
                a(TABLES, "ALTER TABLE shop.customers ADD c INT", "shop", null),
                a(TABLES, "CREATE VIEW shop.v AS SELECT id FROM shop.orders", "", null),
                a(TABLES, "CREATE PROCEDURE shop.p() DELETE FROM shop.orders", "", null),
                a(TABLES, "CREATE TRIGGER trg BEFORE INSERT ON customers FOR EACH ROW SET NEW.c = 1", "shop", null),
                // run with --tables
                a(TABLES, "ALTER TABLE orders ADD c INT", "shop", "ALTER TABLE orders ADD c INT"),
                a(
                        TABLES,
                        "CREATE TRIGGER trg AFTER DELETE ON orders FOR EACH ROW INSERT INTO audit VALUES (OLD.id)",
                        "shop",
                        "CREATE TRIGGER trg AFTER DELETE ON orders FOR EACH ROW INSERT INTO audit VALUES (OLD.id)"));
    }

    @ParameterizedTest(name = "{1} (default ''{2}'')")
    @MethodSource("cases")
    void runsRenamedOrSkips(RestoreOptions options, String sql, String defaultDb, String expected) {
        Optional<String> out = new ConfinedDdl(options).confine(sql, defaultDb, 0, GTID);
        assertThat(out).isEqualTo(Optional.ofNullable(expected));
    }

    static Stream<Arguments> spanning() {
        return Stream.of(
                Arguments.of(SIDE, "RENAME TABLE shop.orders TO archive.orders", ""),
                Arguments.of(SIDE, "ALTER TABLE shop.orders RENAME TO archive.orders", ""),
                Arguments.of(SIDE, "DROP TABLE shop.a, crm.b", ""),
                Arguments.of(SIDE, "DROP TABLE a, crm.b", "shop"),
                Arguments.of(SIDE, "CREATE VIEW shop.v AS SELECT * FROM crm.contacts", ""),
                Arguments.of(SIDE, "CREATE VIEW v AS SELECT * FROM crm.contacts", "shop"),
                Arguments.of(SIDE, "CREATE TABLE shop.t2 LIKE crm.t", ""),
                Arguments.of(SIDE, "CREATE TABLE shop.c (p INT, FOREIGN KEY (p) REFERENCES crm.p (id))", ""),
                Arguments.of(
                        SIDE,
                        "CREATE TRIGGER shop.trg AFTER INSERT ON shop.orders FOR EACH ROW INSERT INTO crm.log VALUES"
                                + " (NEW.id)",
                        ""),
                Arguments.of(SIDE, "CREATE PROCEDURE shop.p() BEGIN UPDATE crm.contacts SET n = 0; END", ""),
                Arguments.of(SIDE, "CREATE FUNCTION shop.f() RETURNS INT DETERMINISTIC RETURN crm.g()", ""),
                Arguments.of(SIDE, "CREATE EVENT shop.e ON SCHEDULE EVERY 1 DAY DO DELETE FROM crm.old", ""),
                Arguments.of(TABLES, "RENAME TABLE shop.orders TO shop.orders_old", ""),
                Arguments.of(TABLES, "CREATE TABLE shop.orders LIKE shop.template", ""),
                Arguments.of(SIDE, "ALTER TABLE shop.orders ADD c INT WHAT", ""));
    }

    @ParameterizedTest(name = "{1} (default ''{2}'')")
    @MethodSource("spanning")
    void refusesWhatReachesBothSidesOrCannotBeParsed(RestoreOptions options, String sql, String defaultDb) {
        assertThatThrownBy(() -> new ConfinedDdl(options).confine(sql, defaultDb, 0, GTID))
                .isInstanceOfSatisfying(
                        PitrException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DDL_NOT_CONFINED))
                .hasMessageContaining("transaction " + GTID)
                .hasMessageContaining(sql.length() > 40 ? sql.substring(0, 40) : sql);
    }

    @Test
    void theRefusalNamesTheDatabasesOnEachSide() {
        assertThatThrownBy(() -> new ConfinedDdl(SIDE).confine("RENAME TABLE shop.t TO archive.t", "", 0, GTID))
                .hasMessageContaining("(restored: shop; not restored: archive)")
                .hasMessageContaining("nothing of it ran");
        assertThatThrownBy(() -> new ConfinedDdl(TABLES).confine("RENAME TABLE orders TO orders_old", "shop", 0, GTID))
                .hasMessageContaining("(restored: shop.orders; not restored: shop.orders_old)");
    }

    /** shop holds orders (restored, trigger trg_orders) and customers (not, trigger trg_customers) at the snapshot. */
    private static ConfinedDdl withSnapshotTriggers() {
        SnapshotManifest.Database shop = new SnapshotManifest.Database(
                "shop",
                "CREATE DATABASE `shop`",
                List.of(),
                List.of(),
                List.of(
                        trigger("trg_orders", "orders"),
                        trigger("trg_customers", "customers"),
                        trigger("trg_customers2", "customers")),
                List.of(),
                List.of());
        SnapshotManifest m = new SnapshotManifest(
                SnapshotManifest.FORMAT, "s1", null, "", "", "", null, "none", 1, null, List.of(shop));
        return new ConfinedDdl(TABLES, m);
    }

    private static SnapshotManifest.DdlObject trigger(String name, String table) {
        return new SnapshotManifest.DdlObject(
                "TRIGGER",
                name,
                "CREATE DEFINER=`root`@`localhost` TRIGGER `" + name + "` BEFORE INSERT ON `" + table
                        + "` FOR EACH ROW SET NEW.c = 1",
                "",
                "utf8mb4",
                "utf8mb4_0900_ai_ci");
    }

    /** Failed before: DROP TRIGGER names only the trigger, and a trigger counted as restored with its database. */
    @Test
    void aDropTriggerGoesWithTheTriggersTableAsTheReplayStands() {
        ConfinedDdl c = withSnapshotTriggers();
        assertThat(c.confine("DROP TRIGGER trg_customers", "shop", 0, GTID)).isEmpty();
        assertThat(c.confine("DROP TRIGGER IF EXISTS shop.trg_customers2", "crm", 0, GTID))
                .isEmpty();
        assertThat(c.confine("DROP TRIGGER shop.trg_orders", "", 0, GTID)).contains("DROP TRIGGER shop.trg_orders");
        // created in the window: on a table not restored (skipped), then on a restored one under the same name
        assertThat(c.confine(
                        "CREATE TRIGGER shop.t1 BEFORE INSERT ON shop.customers FOR EACH ROW SET NEW.c = 1",
                        "",
                        0,
                        GTID))
                .isEmpty();
        assertThat(c.confine("DROP TRIGGER shop.t1", "", 0, GTID)).isEmpty();
        assertThat(c.confine("CREATE TRIGGER t1 BEFORE INSERT ON orders FOR EACH ROW SET NEW.c = 1", "shop", 0, GTID))
                .isPresent();
        assertThat(c.confine("DROP TRIGGER IF EXISTS t1", "shop", 0, GTID)).contains("DROP TRIGGER IF EXISTS t1");
        // a trigger of a database not restored at all is skipped as before
        assertThat(c.confine("DROP TRIGGER crm.trg_contacts", "", 0, GTID)).isEmpty();
    }

    @Test
    void aDropTriggerWhoseTableIsUnknownIsRefused() {
        ConfinedDdl c = withSnapshotTriggers();
        c.confine("DROP TRIGGER shop.trg_orders", "", 0, GTID);
        for (String sql : List.of("DROP TRIGGER shop.trg_orders", "DROP TRIGGER IF EXISTS shop.never")) {
            assertThatThrownBy(() -> c.confine(sql, "", 0, GTID))
                    .isInstanceOfSatisfying(
                            PitrException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DDL_NOT_CONFINED))
                    .hasMessageContaining("transaction " + GTID + " drops trigger shop.")
                    .hasMessageContaining("whose table is unknown")
                    .hasMessageContaining(sql);
        }
    }

    @Test
    void aRestoreRunAgainFollowsTheTriggersAnEarlierRunCreated() {
        ConfinedDdl c = withSnapshotTriggers();
        c.track("CREATE TRIGGER t9 BEFORE INSERT ON customers FOR EACH ROW SET NEW.c = 1", "shop", 0);
        assertThat(c.confine("DROP TRIGGER t9", "shop", 0, GTID)).isEmpty();
    }

    @Test
    void aRenameOfADatabaseLeftOutIsRefused() {
        assertThatThrownBy(() -> options(Set.of("crm"), Set.of(), Map.of("shop", "shop_before")))
                .isInstanceOfSatisfying(
                        PitrException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining(
                        "--rename-db shop=shop_before renames a database that --databases crm leaves out");
        assertThat(SIDE.includesDatabase("shop")).isTrue();
        assertThat(SIDE.includesDatabase("crm"))
                .as("--rename-db alone restores the renamed database only")
                .isFalse();
        assertThat(options(Set.of(), Set.of(), Map.of()).includesDatabase("crm"))
                .isTrue();
    }

    private static RestoreOptions options(Set<String> databases, Set<String> tables, Map<String, String> renames) {
        return new RestoreOptions(null, null, databases, tables, renames, false, 1, 1, false);
    }

    private static Arguments a(RestoreOptions options, String sql, String defaultDb, String expected) {
        return Arguments.of(options, sql, defaultDb, expected);
    }
}
