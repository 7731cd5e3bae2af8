package io.binlogpitr.quickstart;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small shop: customers and orders written by several threads, with the column types a real schema has
 * (unsigned keys, DECIMAL, ENUM, BIT, JSON, TIMESTAMP with fractions, utf8mb4 text, BLOB). Used by the quick start.
 */
public final class DemoWorkload {
    /** Opens a connection to the shop database. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    private static final String[] NAMES = {"Ana", "Björn", "Chloé", "Dmitri", "Eşref", "Fatima", "Grace", "小林", "José"};

    private DemoWorkload() {}

    public static void createSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE customers (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,"
                    + " name VARCHAR(100) CHARACTER SET utf8mb4 NOT NULL, email VARCHAR(200),"
                    + " tier ENUM('bronze','silver','gold') NOT NULL DEFAULT 'bronze', vip BIT(1) NOT NULL DEFAULT b'0',"
                    + " balance DECIMAL(12,2) NOT NULL DEFAULT 0, prefs JSON, created_at DATETIME(6) NOT NULL)");
            st.execute(
                    "CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer_id BIGINT UNSIGNED NOT NULL,"
                            + " amount DECIMAL(10,2) NOT NULL, status ENUM('new','paid','shipped','cancelled') NOT NULL,"
                            + " placed_at TIMESTAMP(3) NOT NULL, note TEXT, receipt BLOB, KEY (customer_id))");
            st.execute("INSERT INTO customers (name, email, created_at) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
                    + " SELECT i + 1 FROM n WHERE i < 200) SELECT CONCAT('customer ', i), CONCAT('c', i, '@example.com'),"
                    + " NOW(6) FROM n");
        }
    }

    /** Runs {@code threads} writers for {@code duration}; returns the number of committed transactions. */
    public static long run(Connections connections, int threads, Duration duration) throws Exception {
        AtomicLong committed = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = 1000 + t;
                futures.add(pool.submit(() -> {
                    writer(connections, new Random(seed), deadline, committed);
                    return null;
                }));
            }
            for (Future<Void> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return committed.get();
    }

    private static void writer(Connections connections, Random random, long deadline, AtomicLong committed)
            throws SQLException {
        try (Connection c = connections.open()) {
            c.setAutoCommit(false);
            while (System.nanoTime() < deadline) {
                try {
                    oneTransaction(c, random);
                    c.commit();
                    committed.incrementAndGet();
                } catch (SQLException e) {
                    c.rollback();
                    if (e.getErrorCode() != 1213 && e.getErrorCode() != 1205) { // deadlock, lock wait: retry
                        throw e;
                    }
                }
            }
        }
    }

    private static void oneTransaction(Connection c, Random random) throws SQLException {
        int kind = random.nextInt(10);
        if (kind == 0) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO customers (name, email, tier, vip, balance,"
                    + " prefs, created_at) VALUES (?, ?, ?, ?, ?, ?, NOW(6))")) {
                String name = NAMES[random.nextInt(NAMES.length)] + " " + random.nextInt(10_000);
                ps.setString(1, name);
                ps.setString(2, random.nextBoolean() ? null : "c" + random.nextInt(1_000_000) + "@example.com");
                ps.setString(3, new String[] {"bronze", "silver", "gold"}[random.nextInt(3)]);
                ps.setBoolean(4, random.nextInt(5) == 0);
                ps.setBigDecimal(5, java.math.BigDecimal.valueOf(random.nextInt(1_000_000), 2));
                ps.setString(6, "{\"newsletter\": " + random.nextBoolean() + ", \"lang\": \"en\"}");
                ps.executeUpdate();
            }
            return;
        }
        long customer = 1 + random.nextInt(200);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (customer_id, amount, status, placed_at,"
                + " note, receipt) VALUES (?, ?, 'new', NOW(3), ?, ?)")) {
            ps.setLong(1, customer);
            ps.setBigDecimal(2, java.math.BigDecimal.valueOf(100 + random.nextInt(99_900), 2));
            ps.setString(3, random.nextInt(3) == 0 ? "leave at the door ✓" : null);
            byte[] receipt = new byte[random.nextInt(64)];
            random.nextBytes(receipt);
            ps.setBytes(4, receipt);
            ps.executeUpdate();
        }
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE customers SET balance = balance + ?, vip = balance > 5000 WHERE id = ?")) {
            ps.setBigDecimal(1, java.math.BigDecimal.valueOf(random.nextInt(10_000), 2));
            ps.setLong(2, customer);
            ps.executeUpdate();
        }
        if (kind == 1) {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE orders SET status = 'shipped' WHERE status = 'paid' ORDER BY id LIMIT 3");
                st.executeUpdate("UPDATE orders SET status = 'paid' WHERE status = 'new' ORDER BY id LIMIT 5");
            }
        } else if (kind == 2) {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM orders WHERE status = 'shipped' ORDER BY id LIMIT 2");
            }
        }
    }
}
