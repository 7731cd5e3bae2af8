package io.binlogpitr.restore.fuzz;

import io.binlogpitr.testing.MysqlServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The DDL side of the generator: each call runs one random schema change of an enabled feature class on the source,
 * in the generator's own database {@code fz} (and its scratch databases), or an ALTER on any table of the run.
 * Every statement it ran is kept, for the failure report.
 */
final class SchemaChanges {
    static final String DB = "fz";

    private final MysqlServer source;
    private final Set<Feature> features;
    private final Random random;
    private final RandomTables tables;
    private final List<String> log = new ArrayList<>();
    private int serial;

    SchemaChanges(MysqlServer source, Set<Feature> features, Random random) {
        this.source = source;
        this.features = features;
        this.random = random;
        this.tables = new RandomTables(random, features);
    }

    List<String> log() {
        return log;
    }

    /** Creates {@code fz} with a first few tables of the enabled kinds (the fixed part of the workload). */
    void createBase() throws SQLException {
        run("CREATE DATABASE " + DB + " CHARACTER SET utf8mb4");
        for (int i = 0; i < 3; i++) {
            run(tables.create(DB + "." + name("rt"), false));
        }
        if (features.contains(Feature.NO_PK)) {
            run(tables.create(DB + "." + name("nopk"), true));
        }
        if (features.contains(Feature.FOUR_BYTE_CHARS)) {
            // always one, so that the first snapshot holds 4-byte ENUM and SET members whatever the seed
            run(
                    "CREATE TABLE " + DB
                            + ".emoji (id INT AUTO_INCREMENT PRIMARY KEY, e ENUM('plain','\ud83d\ude00 smile',"
                            + "'\ud834\udd1e clef') NOT NULL, s SET('a','\ud83c\udf63','b'), v VARCHAR(30)) CHARACTER SET utf8mb4");
        }
        if (features.contains(Feature.FK_CASCADE)) {
            run("CREATE TABLE " + DB + ".fk_parent (id INT PRIMARY KEY, code VARCHAR(10) NOT NULL, UNIQUE KEY (code))");
            run("INSERT INTO " + DB + ".fk_parent VALUES " + valuesList(60));
            run("CREATE TABLE " + DB + ".fk_child (id INT AUTO_INCREMENT PRIMARY KEY, parent_id INT NOT NULL,"
                    + " note VARCHAR(30), FOREIGN KEY (parent_id) REFERENCES fk_parent (id) ON DELETE CASCADE"
                    + " ON UPDATE CASCADE)");
            run("CREATE TABLE " + DB + ".fk_loose (id INT AUTO_INCREMENT PRIMARY KEY, parent_code VARCHAR(10) NULL,"
                    + " FOREIGN KEY (parent_code) REFERENCES fk_parent (code) ON DELETE SET NULL)");
        }
        if (features.contains(Feature.TRIGGERS)) {
            run("CREATE TABLE " + DB + ".audit (id BIGINT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(20) NOT NULL,"
                    + " row_id INT)");
            run("CREATE TRIGGER " + DB + ".rt_1_ai AFTER INSERT ON " + DB + ".rt_1 FOR EACH ROW INSERT INTO " + DB
                    + ".audit (what, row_id) VALUES ('insert', NEW.id)");
            run("CREATE TRIGGER " + DB + ".rt_1_bu BEFORE UPDATE ON " + DB + ".rt_1 FOR EACH ROW SET NEW.d0 = NEW.d0");
            run("CREATE TRIGGER " + DB + ".rt_1_ad AFTER DELETE ON " + DB + ".rt_1 FOR EACH ROW INSERT INTO " + DB
                    + ".audit (what, row_id) VALUES ('delete', OLD.id)");
        }
    }

    /** One random schema change among the enabled kinds; false when no kind of DDL is enabled. */
    boolean next(List<TableShape> all) throws SQLException {
        List<Runnable> kinds = new ArrayList<>();
        List<TableShape> mine = all.stream().filter(t -> t.db().equals(DB)).toList();
        if (features.contains(Feature.ALTER) && !all.isEmpty()) {
            kinds.add(() -> unchecked(() -> alter(all.get(random.nextInt(all.size())))));
        }
        if (features.contains(Feature.TABLES)) {
            kinds.add(() -> unchecked(() -> tableChange(mine)));
        }
        // MySQL 8.0 logs the CREATE of a CTAS with 4-byte ENUM/SET members as '?' (as SHOW CREATE TABLE shows them):
        // its own replica then fails on it ("duplicated value '?' in SET"), so no replay can be exact there
        List<TableShape> ctasSources =
                mine.stream().filter(SchemaChanges::logsItsMembers).toList();
        if (features.contains(Feature.CTAS) && !ctasSources.isEmpty()) {
            TableShape from = ctasSources.get(random.nextInt(ctasSources.size()));
            kinds.add(() -> unchecked(() -> run("CREATE TABLE " + DB + "." + name("ctas") + " AS SELECT * FROM "
                    + from.qualified() + " WHERE " + Writers.slice(from, 3, random))));
        }
        if (features.contains(Feature.DATABASES)) {
            kinds.add(() -> unchecked(this::databaseChange));
        }
        if (kinds.isEmpty()) {
            return false;
        }
        kinds.get(random.nextInt(kinds.size())).run();
        return true;
    }

    private void alter(TableShape t) throws SQLException {
        int p = random.nextInt(4);
        String added = t.columns().stream()
                .map(TableShape.ColumnShape::name)
                .filter(n -> n.startsWith("fzx_"))
                .findFirst()
                .orElse(null);
        if (p == 0 && added != null) {
            run("ALTER TABLE " + t.qualified() + " DROP COLUMN " + added);
        } else if (p == 1 && added != null) {
            run("ALTER TABLE " + t.qualified() + " ADD INDEX " + name("ix") + " (" + added
                    + (isText(t, added) ? "(8)" : "") + ")");
        } else {
            run("ALTER TABLE " + t.qualified() + " ADD COLUMN " + name("fzx") + " " + tables.addedColumn());
        }
    }

    private static boolean isText(TableShape t, String column) {
        return t.columns().stream()
                .filter(c -> c.name().equals(column))
                .anyMatch(c -> c.dataType().contains("text")
                        || c.dataType().contains("blob")
                        || c.dataType().equals("json"));
    }

    private void tableChange(List<TableShape> mine) throws SQLException {
        int p = random.nextInt(5);
        TableShape some = mine.isEmpty() ? null : mine.get(random.nextInt(mine.size()));
        boolean spare = some != null
                && some.name().matches("(rt|nopk|ctas|rn)_\\d+")
                && !some.name().equals("rt_1");
        if (p == 0 && spare) {
            run("DROP TABLE " + some.qualified());
        } else if (p == 1 && spare) {
            run("RENAME TABLE " + some.qualified() + " TO " + DB + "." + name("rn"));
        } else if (p == 2 && some != null) {
            run("TRUNCATE TABLE " + some.qualified());
        } else {
            boolean keyless = features.contains(Feature.NO_PK) && random.nextInt(3) == 0;
            run(tables.create(DB + "." + name(keyless ? "nopk" : "rt"), keyless));
        }
    }

    private void databaseChange() throws SQLException {
        String scratch = "fz_scratch_" + (++serial);
        run("DROP DATABASE IF EXISTS fz_scratch_" + (serial - 1));
        run("CREATE DATABASE " + scratch);
        run(tables.create(scratch + ".t", false));
    }

    private String name(String prefix) {
        return prefix + "_" + (++serial);
    }

    private static String valuesList(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add("(" + i + ", 'p" + i + "')");
        }
        return String.join(", ", out);
    }

    void run(String sql) throws SQLException {
        log.add(sql);
        try (Connection c = source.connect(null);
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private void unchecked(SqlAction action) {
        try {
            action.run();
        } catch (SQLException e) {
            // refused by the server (e.g. a column kind a key cannot take): nothing reached the binlog
            log.add("-- refused: " + e.getMessage());
        }
    }

    /** Whether the binlog spells the table's ENUM/SET members right in a CTAS (none of them is 4 bytes a character). */
    private static boolean logsItsMembers(TableShape t) {
        return t.columns().stream()
                .noneMatch(c ->
                        (c.dataType().equalsIgnoreCase("enum") || c.dataType().equalsIgnoreCase("set"))
                                && c.columnType().contains("?"));
    }
}
