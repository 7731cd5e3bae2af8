package io.binlogpitr.restore.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** CREATE TABLE statements with a random mix of every column type and, by switch, every default and column kind. */
final class RandomTables {
    private static final String[] TYPES = {
        "TINYINT",
        "TINYINT UNSIGNED",
        "SMALLINT",
        "SMALLINT UNSIGNED",
        "MEDIUMINT",
        "MEDIUMINT UNSIGNED",
        "INT",
        "INT UNSIGNED",
        "BIGINT",
        "BIGINT UNSIGNED",
        "DECIMAL(10,2)",
        "DECIMAL(30,9) UNSIGNED",
        "DECIMAL(65,30)",
        "FLOAT",
        "DOUBLE",
        "BIT(1)",
        "BIT(13)",
        "BIT(64)",
        "CHAR(10)",
        "VARCHAR(64)",
        "VARCHAR(300)",
        "VARCHAR(20) CHARACTER SET latin1",
        "CHAR(5) CHARACTER SET ascii",
        "TINYTEXT",
        "TEXT",
        "MEDIUMTEXT",
        "LONGTEXT",
        "BINARY(8)",
        "VARBINARY(40)",
        "TINYBLOB",
        "BLOB",
        "MEDIUMBLOB",
        "LONGBLOB",
        "ENUM('small','medium','large','x-large')",
        "SET('red','green','blue','it''s')",
        "DATE",
        "DATETIME",
        "DATETIME(6)",
        "TIMESTAMP NULL",
        "TIMESTAMP(3) NULL",
        "TIME",
        "TIME(2)",
        "YEAR",
        "JSON"
    };
    private static final String[] FOUR_BYTE_TYPES = {
        "ENUM('plain','caf\u00e9','\ud83d\ude00 smile','\ud834\udd1e clef')",
        "SET('a','\ud83c\udf63','\ud841\udf0e','b')",
        "VARCHAR(30) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
    };
    private static final String[] LITERAL_DEFAULTS = {
        "INT NOT NULL DEFAULT 7",
        "VARCHAR(20) NOT NULL DEFAULT 'n/a'",
        "DECIMAL(8,3) DEFAULT 1.500",
        "DATE DEFAULT '2020-02-29'",
        "ENUM('on','off') NOT NULL DEFAULT 'off'"
    };
    private static final String[] EXPRESSION_DEFAULTS = {
        "TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP",
        "TIMESTAMP(3) NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)",
        "DATETIME DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP",
        "INT NOT NULL DEFAULT (42 * 2)",
        "VARCHAR(40) DEFAULT (CONCAT('id-', 'x'))",
        "JSON DEFAULT (JSON_OBJECT('k', 1))",
        "BINARY(16) DEFAULT (UUID_TO_BIN('6ccd780c-baba-1026-9564-5b8c656024db'))"
    };

    private final Random random;
    private final Set<Feature> features;

    RandomTables(Random random, Set<Feature> features) {
        this.random = random;
        this.features = features;
    }

    /** A CREATE TABLE for {@code qualifiedName}; with no primary key when {@code keyless}. */
    String create(String qualifiedName, boolean keyless) {
        List<String> defs = new ArrayList<>();
        boolean partitioned = !keyless && features.contains(Feature.PARTITIONS) && random.nextInt(3) == 0;
        if (!keyless) {
            defs.add("id INT NOT NULL AUTO_INCREMENT");
        }
        int n = 3 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            defs.add("c" + i + " " + columnType());
        }
        defs.add("d0 " + LITERAL_DEFAULTS[random.nextInt(LITERAL_DEFAULTS.length)]);
        if (features.contains(Feature.EXPRESSION_DEFAULTS)) {
            defs.add("e0 " + EXPRESSION_DEFAULTS[random.nextInt(EXPRESSION_DEFAULTS.length)]);
        }
        if (features.contains(Feature.INVISIBLE_COLUMNS)) {
            defs.add("h0 INT NULL DEFAULT 3 INVISIBLE");
        }
        if (features.contains(Feature.GENERATED_COLUMNS)) {
            defs.add("g0 INT AS (CHAR_LENGTH(d0) + 1) " + (random.nextBoolean() ? "STORED" : "VIRTUAL"));
            defs.add("g1 VARCHAR(80) AS (CONCAT(d0, '/', d0)) VIRTUAL");
        }
        if (!keyless) {
            defs.add("PRIMARY KEY (id)");
            defs.add("KEY k_d0 (d0)");
        }
        String sql = "CREATE TABLE " + qualifiedName + " (\n  " + String.join(",\n  ", defs) + "\n)";
        if (partitioned) {
            sql += random.nextBoolean()
                    ? " PARTITION BY HASH (id) PARTITIONS 3"
                    : " PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (100), PARTITION p1 VALUES LESS THAN"
                            + " (100000), PARTITION pmax VALUES LESS THAN MAXVALUE)";
        }
        return sql;
    }

    String columnType() {
        if (features.contains(Feature.FOUR_BYTE_CHARS) && random.nextInt(5) == 0) {
            return FOUR_BYTE_TYPES[random.nextInt(FOUR_BYTE_TYPES.length)];
        }
        String type = TYPES[random.nextInt(TYPES.length)];
        return type + (random.nextInt(4) == 0 && !type.contains("NULL") ? " NOT NULL" : "");
    }

    /** A column definition for ALTER TABLE ADD COLUMN: a type with a literal default, or NULL allowed. */
    String addedColumn() {
        if (features.contains(Feature.EXPRESSION_DEFAULTS) && random.nextInt(3) == 0) {
            return EXPRESSION_DEFAULTS[random.nextInt(EXPRESSION_DEFAULTS.length)];
        }
        return random.nextBoolean()
                ? LITERAL_DEFAULTS[random.nextInt(LITERAL_DEFAULTS.length)]
                : columnType().replace(" NOT NULL", "");
    }
}
