package io.binlogpitr.agent.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import io.binlogpitr.testing.workload.AllTypesSchema;
import io.binlogpitr.testing.workload.ConcurrentWriters;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Concurrent writers on all-types tables; the binlog captured as raw bytes, grouped into transactions
 * like journal entries, decoded by {@link RawEventDecoder}; the tables rebuilt from the row changes must
 * equal the live ones, every column of every row.
 */
class RawEventDecoderIT {

    /** A server per metadata setting, so no global variable of a shared server is changed. */
    private MysqlServer mysql;

    @ParameterizedTest(name = "compression={0}, binlog_row_metadata={1}")
    @CsvSource({"OFF, MINIMAL", "ON, MINIMAL", "ON, FULL"})
    void rebuildsAllTypesTablesExactlyFromRawEvents(String compression, String rowMetadata) throws Exception {
        mysql = MysqlServer.shared(MysqlOptions.defaults().with("binlog_row_metadata", rowMetadata));
        assertThat(globalVariable("binlog_row_metadata")).isEqualTo(rowMetadata);
        runAndCompare(compression, rowMetadata);
    }

    private void runAndCompare(String compression, String rowMetadata) throws Exception {
        String db = mysql.createDatabase("wl_decode");
        try (Connection c = mysql.connect(db)) {
            AllTypesSchema.create(c);
        }
        String[] start = masterStatus();
        try (RawBinlogCapture capture = RawBinlogCapture.start(
                mysql.host(),
                mysql.port(),
                mysql.rootUser(),
                mysql.rootPassword(),
                start[0],
                Long.parseLong(start[1]))) {
            ConcurrentWriters.Settings settings = ConcurrentWriters.Settings.byCount(4, 1500, 20261121L)
                    .withSessionSql("SET SESSION binlog_transaction_compression = " + compression);
            ConcurrentWriters.Result result = new ConcurrentWriters(() -> mysql.connect(db), settings).run();
            String[] end = masterStatus();
            capture.awaitPosition(end[0], Long.parseLong(end[1]), Duration.ofSeconds(60));

            List<RowChange> changes = decode(capture.transactions(), compression.equals("ON"));
            assertThat(capture.failures())
                    .as("failures inside the binlog client")
                    .isEmpty();
            assertMetadata(changes, db, rowMetadata);

            try (Connection c = mysql.connect(db)) {
                TableStateRebuilder rebuilder = TableStateRebuilder.forTables(
                        c, db, List.of(AllTypesSchema.AUTO_PK, AllTypesSchema.COMPOSITE_PK, AllTypesSchema.NO_PK));
                rebuilder.applyAll(changes);
                assertThat(result.committedTransactions()).isEqualTo(1500);
                assertThat(rebuilder.appliedChanges()).as("row changes decoded").isGreaterThan(3000);
                rebuilder.assertMatchesLive(c);
            }
        }
    }

    private static List<RowChange> decode(List<RawBinlogCapture.Transaction> transactions, boolean compressed)
            throws Exception {
        RawEventDecoder decoder = new RawEventDecoder();
        List<RowChange> changes = new ArrayList<>();
        int payloads = 0;
        for (RawBinlogCapture.Transaction tx : transactions) {
            changes.addAll(decoder.decodeTransaction(
                    tx.formatDescription(), tx.events().iterator()));
            payloads += (int) tx.events().stream().filter(e -> e[4] == 40).count();
        }
        if (compressed) {
            assertThat(payloads).as("TRANSACTION_PAYLOAD events").isGreaterThan(100);
        } else {
            assertThat(payloads).as("TRANSACTION_PAYLOAD events").isZero();
        }
        return changes;
    }

    private static void assertMetadata(List<RowChange> changes, String db, String rowMetadata) {
        TableMapEventData tm = changes.stream()
                .filter(ch -> ch.database().equals(db))
                .findFirst()
                .orElseThrow()
                .tableMap();
        List<String> names =
                tm.getEventMetadata() == null ? null : tm.getEventMetadata().getColumnNames();
        if (rowMetadata.equals("FULL")) {
            assertThat(names).as("column names with binlog_row_metadata=FULL").isNotEmpty();
        } else {
            assertThat(names == null || names.isEmpty())
                    .as("no column names with MINIMAL")
                    .isTrue();
        }
    }

    private String[] masterStatus() throws SQLException {
        try (Connection c = mysql.connect(null);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return new String[] {rs.getString(1), rs.getString(2)};
        }
    }

    private String globalVariable(String name) throws SQLException {
        try (Connection c = mysql.connect(null);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT @@GLOBAL." + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
