package io.binlogpitr.restore.engine;

import io.binlogpitr.common.ddl.CreateTableSelect;
import io.binlogpitr.common.error.PitrException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the statements of one unit (a transaction, a DDL) in order. For a DDL an interrupted run may have run
 * ({@code mayHaveRun}), a statement the target answers with "its effect is already there" ({@link #ALREADY_DONE})
 * counts as applied and the unit carries on with the statements after it; when that statement was a
 * {@code CREATE TABLE ... START TRANSACTION} (a CREATE TABLE ... SELECT, atomic: table and rows committed together),
 * its rows up to the COMMIT are skipped with it.
 */
final class UnitStatements {
    private static final Logger LOG = LoggerFactory.getLogger(UnitStatements.class);

    /**
     * What the target answers when a DDL's effect is already there: database/table/column/key exists or is
     * unknown, duplicate key name, can't drop.
     */
    static final java.util.Set<Integer> ALREADY_DONE =
            java.util.Set.of(1007, 1008, 1050, 1051, 1054, 1060, 1061, 1091, 1146, 1304, 1305, 1359, 1360, 1537, 1539);

    private UnitStatements() {}

    static void run(Statement st, List<String> sql, boolean mayHaveRun, String gtid) throws SQLException {
        for (int i = 0; i < sql.size(); i++) {
            String statement = sql.get(i);
            try {
                st.execute(statement);
            } catch (SQLException e) {
                if (!(mayHaveRun && ALREADY_DONE.contains(e.getErrorCode()))) {
                    throw e;
                }
                LOG.warn(
                        "{} was started by an interrupted run and the effect of one of its statements is there"
                                + " already ({}); counting that statement as applied and carrying on",
                        gtid,
                        PitrException.firstLine(e.getMessage()));
                if (CreateTableSelect.opensTransaction(statement)) {
                    while (i + 1 < sql.size() && !sql.get(i + 1).equals("COMMIT")) {
                        i++;
                    }
                    i++; // the COMMIT of the transaction that did not start
                }
            }
        }
    }
}
