package io.binlogpitr.restore.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The restore's own state on the target, on a fake connection that keeps {@code loaded_chunks} and one progress row
 * in memory. The chunk ledger writes on the connection it is given and never commits by itself: its row is part of
 * the transaction that loads the chunk, so there is no crash point between "chunk loaded" and "ledger written".
 */
class RestoreStateTest {
    /** {@code loaded_chunks} as (restore id, chunk file), and what the connection was asked besides statements. */
    private final Set<List<String>> chunks = new LinkedHashSet<>();

    private final List<String> calls = new ArrayList<>();
    private final List<String> updates = new ArrayList<>();
    /** The progress row read answers: phase, target_databases, applied_index, pending_ddl_index; null for none. */
    private Object[] progressRow;

    private boolean progressTableExists = true;

    private Connection connection() {
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (p, m, args) -> {
                    calls.add(m.getName());
                    return switch (m.getName()) {
                        case "prepareStatement" -> prepared((String) args[0]);
                        case "createStatement" -> statement();
                        default -> null;
                    };
                });
    }

    private Statement statement() {
        return (Statement) Proxy.newProxyInstance(
                Statement.class.getClassLoader(), new Class<?>[] {Statement.class}, (p, m, args) -> {
                    if (m.getName().equals("executeQuery")) {
                        return rows(List.<Object[]>of(new Object[] {progressTableExists ? 1L : 0L}));
                    }
                    if (m.getName().equals("execute")) {
                        updates.add((String) args[0]);
                        return false;
                    }
                    return null;
                });
    }

    private PreparedStatement prepared(String sql) {
        Map<Integer, Object> params = new HashMap<>();
        return (PreparedStatement) Proxy.newProxyInstance(
                PreparedStatement.class.getClassLoader(), new Class<?>[] {PreparedStatement.class}, (p, m, args) -> {
                    switch (m.getName()) {
                        case "setString", "setLong" -> params.put((Integer) args[0], args[1]);
                        case "executeQuery" -> {
                            if (sql.startsWith("SELECT chunk_file FROM " + RestoreState.CHUNKS)) {
                                return rows(chunks.stream()
                                        .filter(r -> r.get(0).equals(params.get(1)))
                                        .map(r -> new Object[] {r.get(1)})
                                        .toList());
                            }
                            return rows(progressRow == null ? List.of() : List.<Object[]>of(progressRow));
                        }
                        case "executeUpdate" -> {
                            if (sql.startsWith("INSERT INTO " + RestoreState.CHUNKS)) {
                                chunks.add(List.of((String) params.get(1), (String) params.get(2)));
                            } else if (sql.startsWith("DELETE FROM " + RestoreState.CHUNKS)) {
                                chunks.removeIf(r -> r.get(0).equals(params.get(1))
                                        && (params.get(2) == null || r.get(1).equals(params.get(2))));
                            } else {
                                updates.add(sql + " " + params);
                            }
                            return 1;
                        }
                        default -> {}
                    }
                    return null;
                });
    }

    private static ResultSet rows(List<Object[]> rows) {
        Iterator<Object[]> it = rows.iterator();
        Object[][] current = {null};
        return (ResultSet) Proxy.newProxyInstance(
                ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class}, (p, m, args) -> {
                    switch (m.getName()) {
                        case "next" -> {
                            current[0] = it.hasNext() ? it.next() : null;
                            return current[0] != null;
                        }
                        case "getString" -> {
                            return (String) current[0][(Integer) args[0] - 1];
                        }
                        case "getLong" -> {
                            return (Long) current[0][(Integer) args[0] - 1];
                        }
                        default -> {
                            return null;
                        }
                    }
                });
    }

    @Test
    void theLedgerRecordsOnTheLoadingConnectionAndNeverCommitsByItself() throws Exception {
        RestoreChunkLedger ledger = new RestoreChunkLedger("r1");
        Connection loading = connection();
        ledger.record(loading, "shop/orders.0001.tsv");

        assertThat(ledger.loaded(loading)).containsExactly("shop/orders.0001.tsv");
        // a commit of its own would let a crash leave a chunk recorded that the rolled-back load did not keep
        assertThat(calls).doesNotContain("commit", "setAutoCommit", "rollback");
    }

    @Test
    void eachRestoreSeesOnlyItsOwnChunks() throws Exception {
        Connection c = connection();
        new RestoreChunkLedger("r1").record(c, "a");
        new RestoreChunkLedger("r1").record(c, "b");
        new RestoreChunkLedger("r2").record(c, "a");

        assertThat(new RestoreChunkLedger("r1").loaded(c)).containsExactlyInAnyOrder("a", "b");
        assertThat(new RestoreChunkLedger("r2").loaded(c)).containsExactly("a");
    }

    @Test
    void forgettingChunksForgetsOnlyThoseOfThatRestore() throws Exception {
        Connection c = connection();
        new RestoreChunkLedger("r1").record(c, "a");
        new RestoreChunkLedger("r1").record(c, "b");
        new RestoreChunkLedger("r2").record(c, "a");
        new RestoreChunkLedger("r1").forget(c, List.of("a"));

        assertThat(new RestoreChunkLedger("r1").loaded(c)).containsExactly("b");
        assertThat(new RestoreChunkLedger("r2").loaded(c)).containsExactly("a");
    }

    /** A restore begun again starts with no chunk loaded: a chunk of the earlier attempt must not be skipped. */
    @Test
    void beginForgetsTheChunksOfThatRestoreOnly() throws Exception {
        Connection c = connection();
        new RestoreChunkLedger("r1").record(c, "a");
        new RestoreChunkLedger("r2").record(c, "a");
        RestoreState.begin(c, "r1", "restore of shop", List.of("shop", "crm"));

        assertThat(new RestoreChunkLedger("r1").loaded(c)).isEmpty();
        assertThat(new RestoreChunkLedger("r2").loaded(c)).containsExactly("a");
        assertThat(updates).anySatisfy(u -> assertThat(u)
                .startsWith("REPLACE INTO " + RestoreState.TABLE)
                .contains("'LOADING', ?, -1, -1)")
                .contains("3=shop\ncrm"));
    }

    @Test
    void aTargetWithoutTheProgressTableHasNoRow() throws Exception {
        progressTableExists = false;
        progressRow = new Object[] {"REPLAYING", "shop", 5L, -1L};
        assertThat(RestoreState.read(connection(), "r1")).isEmpty();
    }

    @Test
    void theRowIsReadWithItsDatabasesAndIndexes() throws Exception {
        progressRow = new Object[] {"REPLAYING", "shop\ncrm", 41L, 42L};
        assertThat(RestoreState.read(connection(), "r1"))
                .contains(new RestoreState.Row("r1", RestoreState.Phase.REPLAYING, List.of("shop", "crm"), 41, 42));

        progressRow = new Object[] {"LOADING", "", -1L, -1L};
        assertThat(RestoreState.read(connection(), "r1").map(RestoreState.Row::databases))
                .isEqualTo(Optional.of(List.of()));
    }

    @Test
    void theProgressStatementsNameTheRestoreTheIndexAndTheGtid() {
        assertThat(RestoreState.appliedSql("r1", 41, "u:7"))
                .isEqualTo("UPDATE `_pitr_restore`.`progress` SET applied_index = 41, applied_gtid = 'u:7'"
                        + " WHERE restore_id = 'r1'");
        assertThat(RestoreState.pendingSql("r1", 42))
                .isEqualTo("UPDATE `_pitr_restore`.`progress` SET pending_ddl_index = 42 WHERE restore_id = 'r1'");
    }

    @Test
    void theStateIsNeverBinlogged() throws Exception {
        RestoreState.ensure(connection());
        assertThat(updates.get(0)).isEqualTo("SET SESSION sql_log_bin = 0");
        assertThat(updates).allMatch(u -> u.equals("SET SESSION sql_log_bin = 0") || u.contains("IF NOT EXISTS"));
    }
}
