package io.binlogpitr.common.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schema history's evolution by DDL, as tables of cases: the statements run in order on a view that starts
 * from {@code shop.t (id INT UNSIGNED PRIMARY KEY, a INT, b INT, c VARCHAR(20))}, then the columns of one table
 * as {@code name:type[+u]} in order and its primary key, or the start of the reason it is unknown.
 */
class DdlSchemaEvolverTest {
    private static final String BASE =
            "CREATE TABLE `t` (`id` int unsigned NOT NULL, `a` int DEFAULT NULL, `b` int DEFAULT NULL,"
                    + " `c` varchar(20) DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB";

    static Stream<Arguments> known() {
        return Stream.of(
                Arguments.of(List.of(), "t", "id:int+u a:int b:int c:varchar", "id"),
                // the swap in one statement: references are to the columns as they were before it
                Arguments.of(
                        List.of("ALTER TABLE t RENAME COLUMN a TO b, RENAME COLUMN b TO a"),
                        "t",
                        "id:int+u b:int a:int c:varchar",
                        "id"),
                Arguments.of(
                        List.of(
                                "ALTER TABLE t RENAME COLUMN a TO tmp",
                                "ALTER TABLE t RENAME COLUMN b TO a",
                                "alter table `shop`.`t` rename column `tmp` to `b`"),
                        "t",
                        "id:int+u b:int a:int c:varchar",
                        "id"),
                Arguments.of(
                        List.of("ALTER TABLE t ADD COLUMN d BIGINT UNSIGNED AFTER a, ADD e TEXT FIRST, ADD (f DATE)"),
                        "t",
                        "e:text id:int+u a:int d:bigint+u b:int c:varchar f:date",
                        "id"),
                Arguments.of(
                        List.of("ALTER TABLE t DROP COLUMN a, MODIFY c TEXT FIRST, CHANGE b bb DECIMAL(10,2) AFTER id"),
                        "t",
                        "c:text id:int+u bb:decimal",
                        "id"),
                Arguments.of(
                        List.of("ALTER TABLE t CHANGE COLUMN id pk SERIAL", "ALTER TABLE t MODIFY a INTEGER ZEROFILL"),
                        "t",
                        "pk:bigint+u a:int+u b:int c:varchar",
                        "pk"),
                Arguments.of(
                        List.of("ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (a, b)"),
                        "t",
                        "id:int+u a:int b:int c:varchar",
                        "a b"),
                Arguments.of(List.of("DROP INDEX `PRIMARY` ON t"), "t", "id:int+u a:int b:int c:varchar", ""),
                Arguments.of(List.of("RENAME TABLE t TO u, u TO v"), "v", "id:int+u a:int b:int c:varchar", "id"),
                Arguments.of(
                        List.of("ALTER TABLE t RENAME TO other.w"), "other.w", "id:int+u a:int b:int c:varchar", "id"),
                Arguments.of(List.of("CREATE TABLE k LIKE t"), "k", "id:int+u a:int b:int c:varchar", "id"),
                Arguments.of(
                        List.of(
                                "DROP TABLE t",
                                "CREATE TABLE t (x DOUBLE PRECISION, y BOOL, z REAL, w FLOAT(30),"
                                        + " v FLOAT(7,3), n NATIONAL VARCHAR(3), l LONG, s SET('a','b'), e ENUM('x'), j JSON,"
                                        + " g POINT, yy YEAR, tt TIMESTAMP(3), bb BIT(3), vb VARBINARY(3), id INT PRIMARY KEY)"),
                        "t",
                        "x:double y:tinyint z:double w:double v:float n:varchar l:mediumtext s:set e:enum j:json"
                                + " g:point yy:year tt:timestamp bb:bit vb:varbinary id:int",
                        "id"),
                // a statement in a procedure body changes nothing when the procedure is created
                Arguments.of(
                        List.of("CREATE PROCEDURE p() BEGIN DROP TABLE t; END"),
                        "t",
                        "id:int+u a:int b:int c:varchar",
                        "id"),
                Arguments.of(
                        List.of("CREATE TABLE IF NOT EXISTS t (z INT)"), "t", "id:int+u a:int b:int c:varchar", "id"),
                Arguments.of(
                        List.of(
                                "SET @@session.sql_mode = 'ANSI_QUOTES'",
                                "TRUNCATE TABLE t",
                                "CREATE INDEX i ON t (c)"),
                        "t",
                        "id:int+u a:int b:int c:varchar",
                        "id"));
    }

    @ParameterizedTest
    @MethodSource("known")
    void knownAfter(List<String> ddl, String table, String columns, String key) {
        TableState s = run(ddl, "").table(db(table), name(table));
        assertThat(s.unknownReason()).isNull();
        assertThat(describe(s.schema())).isEqualTo(columns);
        assertThat(String.join(" ", s.schema().primaryKey())).isEqualTo(key);
    }

    static Stream<Arguments> unknown() {
        return Stream.of(
                Arguments.of(List.of("CREATE TABLE x AS SELECT * FROM t"), "x", "it was created at"),
                Arguments.of(List.of("CREATE TABLE x (extra INT) SELECT a FROM t"), "x", "it was created at"),
                Arguments.of(List.of("ALTER TABLE t DROP COLUMN nope"), "t", "the alter table names column `nope`"),
                Arguments.of(
                        List.of("ALTER TABLE t RENAME COLUMN a TO b"), "t", "after the alter table the history has"),
                Arguments.of(List.of("ALTER TABLE t ADD z INT AFTER nope"), "t", "the alter table places a column"),
                Arguments.of(List.of("CREATE TABLE q LIKE unknown_db.src"), "q", "it was created at"),
                Arguments.of(List.of("ALTER TABLE t DROPP COLUMN a"), "t", "the statement at"),
                Arguments.of(List.of("ALTER TABLE t DROPP COLUMN a"), "other.never", "the statement at"),
                Arguments.of(List.of("RENAME TABLE t TO u"), "t", "the schema history holds no table"),
                Arguments.of(List.of("DROP DATABASE shop"), "t", "the schema history holds no table"));
    }

    @ParameterizedTest
    @MethodSource("unknown")
    void unknownAfter(List<String> ddl, String table, String reasonStart) {
        TableState s = run(ddl, "").table(db(table), name(table));
        assertThat(s.schema()).isNull();
        assertThat(s.unknownReason().toLowerCase(java.util.Locale.ROOT)).startsWith(reasonStart);
    }

    @Test
    void doubleQuotesAreIdentifiersUnderAnsiQuotes() {
        SchemaView v = run(List.of("ALTER TABLE \"t\" RENAME COLUMN \"a\" TO \"q\""), "ANSI_QUOTES");
        assertThat(describe(v.table("shop", "t").schema())).isEqualTo("id:int+u q:int b:int c:varchar");
    }

    /**
     * Which columns are generated (VIRTUAL or STORED), as SHOW CREATE TABLE writes them and as a user does, through
     * ADD, MODIFY and CHANGE; an expression default ({@code DEFAULT (expr)}) is a base column.
     */
    @Test
    void generatedColumnsAreKnownThroughCreateAndAlter() {
        String create = "CREATE TABLE `g` (`id` int NOT NULL, `qty` int NOT NULL,"
                + " `total` decimal(12,2) GENERATED ALWAYS AS ((`qty` * 2)) STORED,"
                + " `label` varchar(30) GENERATED ALWAYS AS (concat(_utf8mb4'L',`id`)) VIRTUAL,"
                + " `at` datetime DEFAULT (now()), `d` int DEFAULT ((1 + 1)), PRIMARY KEY (`id`))";
        SchemaView v = DdlSchemaEvolver.apply(run(List.of(), ""), "shop", create, "", "g:1");
        assertThat(generated(v.table("shop", "g").schema())).isEqualTo("total label");
        assertThat(generated(v.table("shop", "t").schema())).isEmpty();
        SchemaView w = run(
                List.of(
                        "ALTER TABLE t ADD COLUMN twice INT AS (a * 2), ADD s BIGINT GENERATED ALWAYS AS (a + b) STORED",
                        "ALTER TABLE t MODIFY b INT AS (a + 1) VIRTUAL, CHANGE c cc VARCHAR(20)",
                        "ALTER TABLE t RENAME COLUMN twice TO double_a",
                        "ALTER TABLE t MODIFY s BIGINT"),
                "");
        assertThat(describe(w.table("shop", "t").schema()))
                .isEqualTo("id:int+u a:int b:int cc:varchar double_a:int s:bigint");
        assertThat(generated(w.table("shop", "t").schema())).isEqualTo("b double_a");
    }

    private static String generated(TableSchema t) {
        return t.columns().stream()
                .filter(ColumnSchema::generated)
                .map(ColumnSchema::name)
                .collect(Collectors.joining(" "));
    }

    @Test
    void aTableCreatedInTheJournalIsKnownWithoutAnyBaseline() {
        SchemaView v = DdlSchemaEvolver.apply(
                SchemaView.empty(SchemaView.NO_BASELINE), "shop", "CREATE TABLE n (a INT, b TEXT)", "", "g:1");
        assertThat(describe(v.table("shop", "n").schema())).isEqualTo("a:int b:text");
        assertThat(v.table("shop", "old").unknownReason()).isEqualTo(SchemaView.NO_BASELINE);
        // without a complete baseline, IF NOT EXISTS may have met an existing table
        SchemaView w = DdlSchemaEvolver.apply(v, "shop", "CREATE TABLE IF NOT EXISTS old (a INT)", "", "g:2");
        assertThat(w.table("shop", "old").unknownReason()).contains("IF NOT EXISTS");
    }

    /**
     * Every integer type, signed or unsigned or zerofill, in each DDL shape the history reads: CREATE TABLE, the
     * baseline's SHOW CREATE text (lower case), ALTER ADD, MODIFY and CHANGE. The TABLE_MAP check compares an
     * integer's signedness with this (a false SCHEMA_UNKNOWN once came from the binlog side of that check).
     */
    static Stream<Arguments> integerSignedness() {
        List<String> types = List.of("TINYINT", "SMALLINT", "MEDIUMINT", "INT", "INTEGER", "BIGINT");
        List<String> modifiers = List.of("", " SIGNED", " UNSIGNED", " ZEROFILL", "(10) UNSIGNED ZEROFILL", "(4)");
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String type : types) {
            String stored = type.equals("INTEGER") ? "int" : type.toLowerCase(java.util.Locale.ROOT);
            for (String modifier : modifiers) {
                String declared = type + modifier;
                String expected =
                        "n:" + stored + (modifier.contains("UNSIGNED") || modifier.contains("ZEROFILL") ? "+u" : "");
                for (String form : List.of("create", "baseline", "add", "modify", "change")) {
                    cases.add(Arguments.of(form, declared, expected));
                }
            }
        }
        for (String form : List.of("create", "baseline", "add", "modify", "change")) {
            cases.add(Arguments.of(form, "SERIAL", "n:bigint+u"));
            cases.add(Arguments.of(form, "BOOL", "n:tinyint"));
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("integerSignedness")
    void integerSignednessInEveryShape(String form, String declared, String expected) {
        TableState s =
                switch (form) {
                    case "create" -> run(List.of("CREATE TABLE n1 (n " + declared + " NOT NULL)"), "")
                            .table("shop", "n1");
                    case "baseline" -> BaselineViews.definition(
                            "shop",
                            new SchemaBaseline.Table(
                                    "n1",
                                    "CREATE TABLE `n1` (\n  `n` " + declared.toLowerCase(java.util.Locale.ROOT)
                                            + " NOT NULL\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"),
                            "b1");
                    case "add" -> run(
                                    List.of(
                                            "CREATE TABLE n1 (x INT)",
                                            "ALTER TABLE n1 ADD COLUMN n " + declared + " NOT NULL, DROP COLUMN x"),
                                    "")
                            .table("shop", "n1");
                    case "modify" -> run(
                                    List.of("CREATE TABLE n1 (n VARCHAR(5))", "ALTER TABLE n1 MODIFY n " + declared),
                                    "")
                            .table("shop", "n1");
                    default -> run(
                                    List.of("CREATE TABLE n1 (m VARCHAR(5))", "ALTER TABLE n1 CHANGE m n " + declared),
                                    "")
                            .table("shop", "n1");
                };
        assertThat(s.unknownReason()).isNull();
        assertThat(describe(s.schema())).isEqualTo(expected);
    }

    private static SchemaView run(List<String> ddl, String modes) {
        SchemaBaseline b = new SchemaBaseline(
                "b1",
                null,
                "",
                "2026-01-01T00:00:00Z",
                true,
                List.of(new SchemaBaseline.Database("shop", List.of(new SchemaBaseline.Table("t", BASE)))));
        SchemaView v = BaselineViews.apply(SchemaView.empty(SchemaView.NO_BASELINE), b);
        int n = 0;
        for (String sql : ddl) {
            v = DdlSchemaEvolver.apply(v, "shop", sql, modes, "uuid:" + ++n);
        }
        return v;
    }

    private static String db(String qualified) {
        return qualified.contains(".") ? qualified.substring(0, qualified.indexOf('.')) : "shop";
    }

    private static String name(String qualified) {
        return qualified.substring(qualified.indexOf('.') + 1);
    }

    private static String describe(TableSchema t) {
        return t.columns().stream()
                .map(c -> c.name() + ":" + c.dataType() + (c.unsigned() ? "+u" : ""))
                .collect(Collectors.joining(" "));
    }
}
