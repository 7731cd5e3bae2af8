package io.binlogpitr.testing.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcurrentWritersIT {

    private final MysqlServer mysql = MysqlServer.shared(MysqlOptions.defaults());

    @Test
    void commitsTheRequestedNumberOfTransactionsOnAllTypesTables() throws Exception {
        String db = mysql.createDatabase("wl_writers");
        try (Connection c = mysql.connect(db)) {
            AllTypesSchema.create(c);
        }
        var result =
                new ConcurrentWriters(() -> mysql.connect(db), ConcurrentWriters.Settings.byCount(3, 300, 7)).run();

        assertThat(result.committedTransactions()).isEqualTo(300);
        assertThat(result.statements()).isGreaterThan(300);
        try (Connection c = mysql.connect(db);
                Statement st = c.createStatement()) {
            for (String table : List.of(AllTypesSchema.AUTO_PK, AllTypesSchema.COMPOSITE_PK, AllTypesSchema.NO_PK)) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM `" + table + "`")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as(table).isPositive();
                }
            }
        }
    }

    @Test
    void propagatesAWriterFailure() throws Exception {
        String db = mysql.createDatabase("wl_writers");
        // no tables created: the first statement fails, and run() must say so
        var writers = new ConcurrentWriters(() -> mysql.connect(db), ConcurrentWriters.Settings.byCount(2, 10, 1));

        assertThatThrownBy(writers::run).isInstanceOf(SQLException.class).hasMessageContaining("doesn't exist");
    }
}
