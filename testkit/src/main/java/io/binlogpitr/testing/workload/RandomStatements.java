package io.binlogpitr.testing.workload;

import io.binlogpitr.testing.workload.AllTypesSchema.Column;
import io.binlogpitr.testing.workload.AllTypesSchema.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Random INSERT / UPDATE / DELETE statements over the all-types tables. Keys are drawn from small ranges
 * so that updates and deletes hit existing rows and several rows at a time.
 */
final class RandomStatements {

    /** A statement and its JDBC parameters. */
    record Statement(String sql, List<Object> params) {}

    private static final int KEY_RANGE = 300;
    private static final int RID_RANGE = 100;

    private final RandomRows rows;
    private final Random random;
    private final AtomicLong autoIds;

    /** {@code autoIds} is shared by all writers: an upper bound of the auto-increment ids handed out so far. */
    RandomStatements(RandomRows rows, AtomicLong autoIds) {
        this.rows = rows;
        this.random = rows.random();
        this.autoIds = autoIds;
    }

    Statement next(Table table) {
        int p = random.nextInt(100);
        if (p < 45) {
            return insert(table);
        } else if (p < 80) {
            return update(table);
        } else if (p < 95) {
            return delete(table);
        }
        return special(table);
    }

    Statement insert(Table table) {
        List<Column> cols = new ArrayList<>(table.valueColumns());
        if (!table.autoIncrement()) {
            cols.addAll(0, table.keyColumns());
        }
        int n = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
        List<Object> params = new ArrayList<>();
        String tuple = "(" + cols.stream().map(Column::placeholder).collect(Collectors.joining(",")) + ")";
        List<String> tuples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tuples.add(tuple);
            params.addAll(keyValues(table));
            params.addAll(rows.values(table.valueColumns()));
        }
        if (table.autoIncrement()) {
            autoIds.addAndGet(n);
        }
        String sql = "INSERT INTO `" + table.name() + "` (" + names(cols) + ") VALUES " + String.join(",", tuples);
        if (table.name().equals(AllTypesSchema.COMPOSITE_PK)) {
            List<Column> some = someValueColumns(table);
            sql += " AS new ON DUPLICATE KEY UPDATE "
                    + some.stream()
                            .map(c -> "`" + c.name() + "` = new.`" + c.name() + "`")
                            .collect(Collectors.joining(", "));
        }
        return new Statement(sql, params);
    }

    Statement update(Table table) {
        List<Column> some = someValueColumns(table);
        List<Object> params = new ArrayList<>(rows.values(some));
        String set = some.stream()
                .map(c -> "`" + c.name() + "` = " + c.placeholder())
                .collect(Collectors.joining(", "));
        return new Statement("UPDATE `" + table.name() + "` SET " + set + where(table, params), params);
    }

    Statement delete(Table table) {
        List<Object> params = new ArrayList<>();
        return new Statement("DELETE FROM `" + table.name() + "`" + where(table, params), params);
    }

    /** Key changes, and exact duplicate rows in the table without a primary key. */
    Statement special(Table table) {
        List<Object> params = new ArrayList<>();
        switch (table.name()) {
            case AllTypesSchema.NO_PK -> {
                params.add((long) random.nextInt(RID_RANGE));
                return new Statement(
                        "INSERT INTO `" + table.name() + "` SELECT * FROM `" + table.name() + "` WHERE rid = ? LIMIT 1",
                        params);
            }
            case AllTypesSchema.COMPOSITE_PK -> {
                params.add((long) random.nextInt(KEY_RANGE));
                params.add((long) random.nextInt(KEY_RANGE));
                return new Statement("UPDATE IGNORE `" + table.name() + "` SET k1 = ? WHERE k1 = ? LIMIT 1", params);
            }
            default -> {
                long id = randomAutoId();
                params.add(id + 1_000_000_000L + random.nextInt(1_000_000));
                params.add(id);
                return new Statement("UPDATE IGNORE `" + table.name() + "` SET id = ? WHERE id = ?", params);
            }
        }
    }

    private String where(Table table, List<Object> params) {
        switch (table.name()) {
            case AllTypesSchema.NO_PK -> {
                params.add((long) random.nextInt(RID_RANGE));
                return " WHERE rid = ? LIMIT " + (1 + random.nextInt(2));
            }
            case AllTypesSchema.COMPOSITE_PK -> {
                params.add((long) random.nextInt(KEY_RANGE));
                if (random.nextBoolean()) {
                    return " WHERE k1 = ?";
                }
                params.add(compositeK2());
                return " WHERE k1 = ? AND k2 = ?";
            }
            default -> {
                params.add(randomAutoId());
                return " WHERE id = ?";
            }
        }
    }

    private List<Object> keyValues(Table table) {
        return switch (table.name()) {
            case AllTypesSchema.NO_PK -> List.of((long) random.nextInt(RID_RANGE));
            case AllTypesSchema.COMPOSITE_PK -> List.of((long) random.nextInt(KEY_RANGE), compositeK2());
            default -> List.of();
        };
    }

    private String compositeK2() {
        String[] k2 = {"", "a", "A", "a ", "b", "key-1", "key-2", "zz"};
        return k2[random.nextInt(k2.length)];
    }

    private long randomAutoId() {
        return 1 + (long) (random.nextDouble() * Math.max(1, autoIds.get()));
    }

    private List<Column> someValueColumns(Table table) {
        List<Column> all = new ArrayList<>(table.valueColumns());
        java.util.Collections.shuffle(all, random);
        return all.subList(0, 1 + random.nextInt(4));
    }

    private static String names(List<Column> cols) {
        return cols.stream().map(c -> "`" + c.name() + "`").collect(Collectors.joining(","));
    }
}
