package io.binlogpitr.testing.workload;

import io.binlogpitr.testing.workload.AllTypesSchema.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;

/** One writer of {@link ConcurrentWriters}: runs random transactions until told to stop. */
final class WriterThread implements Callable<WriterThread.Counts> {

    record Counts(long transactions, long statements, long rows, long retries) {}

    private static final int MAX_RETRIES = 50;
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    private static final int ER_LOCK_DEADLOCK = 1213;

    private final ConcurrentWriters.ConnectionSource connections;
    private final ConcurrentWriters.Settings settings;
    private final ConcurrentWriters.Shared shared;
    private final RandomStatements statements;
    private final java.util.Random random;
    private long transactions, statementCount, rows, retries;

    WriterThread(
            ConcurrentWriters.ConnectionSource connections,
            ConcurrentWriters.Settings settings,
            ConcurrentWriters.Shared shared,
            long seed) {
        this.connections = connections;
        this.settings = settings;
        this.shared = shared;
        RandomRows rowsGen = new RandomRows(seed);
        this.random = rowsGen.random();
        this.statements = new RandomStatements(rowsGen, shared.autoIds());
    }

    @Override
    public Counts call() throws SQLException {
        try (Connection c = connections.open()) {
            try (Statement st = c.createStatement()) {
                for (String sql : settings.sessionSql()) {
                    st.execute(sql);
                }
            }
            while (shared.claim()) {
                runWithRetries(c);
            }
            return new Counts(transactions, statementCount, rows, retries);
        } catch (SQLException | RuntimeException e) {
            shared.stop().set(true);
            throw e;
        }
    }

    private void runWithRetries(Connection c) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try {
                runTransaction(c);
                transactions++;
                return;
            } catch (SQLException e) {
                if (!isRetryable(e) || attempt >= MAX_RETRIES) {
                    throw e;
                }
                retries++;
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
            }
        }
    }

    private void runTransaction(Connection c) throws SQLException {
        List<Table> tables = settings.tables();
        boolean single = random.nextInt(10) < 4;
        c.setAutoCommit(single);
        int n = single ? 1 : 2 + random.nextInt(5);
        for (int i = 0; i < n; i++) {
            RandomStatements.Statement s = statements.next(tables.get(random.nextInt(tables.size())));
            execute(c, s);
        }
        if (!single) {
            c.commit();
        }
    }

    private void execute(Connection c, RandomStatements.Statement s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(s.sql())) {
            RandomRows.bind(ps, 1, s.params());
            rows += ps.executeUpdate();
            statementCount++;
        } catch (SQLException e) {
            if (isRetryable(e)) {
                throw e;
            }
            throw new SQLException(
                    "workload statement failed: " + e.getMessage() + " [" + abbreviate(s.sql()) + "] params "
                            + abbreviate(s.params().toString()),
                    e.getSQLState(),
                    e.getErrorCode(),
                    e);
        }
    }

    private static boolean isRetryable(SQLException e) {
        return e.getErrorCode() == ER_LOCK_DEADLOCK || e.getErrorCode() == ER_LOCK_WAIT_TIMEOUT;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
