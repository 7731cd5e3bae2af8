package io.binlogpitr.testing.workload;

import io.binlogpitr.testing.MysqlServer;

/** A sysbench-shaped table {@code big} (about 200 bytes a row), filled server-side in one statement. */
public final class BigTable {
    public static final String NAME = "big";

    private BigTable() {}

    /** Creates {@code db.big} with {@code rows} rows: ids 1..rows, {@code k} cycling 0..999, fixed-width text. */
    public static void create(MysqlServer server, String db, int rows) {
        server.execute(
                "CREATE TABLE `" + db + "`.big (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, k INT NOT NULL,"
                        + " c CHAR(120) NOT NULL, pad CHAR(60) NOT NULL, KEY k (k))",
                "SET SESSION cte_max_recursion_depth = 10000000",
                "INSERT INTO `" + db + "`.big (k, c, pad) WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1"
                        + " FROM seq WHERE n < " + rows + ") SELECT n % 1000, REPEAT(CHAR(65 + n % 26), 120),"
                        + " RPAD(n, 60, 'x') FROM seq");
    }
}
