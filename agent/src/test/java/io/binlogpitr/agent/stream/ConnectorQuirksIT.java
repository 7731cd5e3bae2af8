package io.binlogpitr.agent.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What mysql-binlog-connector-java 0.30.1 decodes wrongly, value by value, next to what {@link
 * RawEventDecoder} in EXACT mode makes of the same raw bytes. If a connector upgrade fixes one of
 * these, the assertion on the connector fails: then drop the repair from the EXACT path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectorQuirksIT {

    // Switch to MysqlServer.shared(MysqlOptions.defaults()) once the fixture lands (same method names).
    private final MysqlServer mysql = MysqlServer.shared(MysqlOptions.defaults());
    private final List<RawBinlogCapture.Transaction> captured = new ArrayList<>();

    @BeforeAll
    void writeRowsAndCaptureThem() throws Exception {
        String db = mysql.createDatabase("wl_quirks");
        String[] start;
        try (Connection c = mysql.connect(db);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE q (id INT PRIMARY KEY, t TIME(1), d DATE, y YEAR, b BINARY(4),"
                    + " c CHAR(4) CHARACTER SET utf8mb4, j JSON, dt DATETIME(6), vb VARBINARY(4))");
            try (ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
                rs.next();
                start = new String[] {rs.getString(1), rs.getString(2)};
            }
        }
        try (RawBinlogCapture capture = RawBinlogCapture.start(
                mysql.host(),
                mysql.port(),
                mysql.rootUser(),
                mysql.rootPassword(),
                start[0],
                Long.parseLong(start[1]))) {
            String end[];
            try (Connection c = mysql.connect(db);
                    Statement st = c.createStatement()) {
                String values =
                        ", '-01:02:03.5', '%s', 0, 0x01000000, 'ab', '[1e7, 0.5]', '2020-01-01 00:00:00.123456', 0xFF)";
                st.execute("INSERT INTO q VALUES (1" + values.formatted("1000-01-01"));
                st.execute("INSERT INTO q VALUES (2" + values.formatted("1582-10-10"));
                st.execute("INSERT INTO q VALUES (3" + values.formatted("1582-10-20"));
                st.execute("SET SESSION binlog_transaction_compression = ON");
                st.execute("INSERT INTO q VALUES (4" + values.formatted("2000-01-01"));
                try (ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
                    rs.next();
                    end = new String[] {rs.getString(1), rs.getString(2)};
                }
            }
            capture.awaitPosition(end[0], Long.parseLong(end[1]), Duration.ofSeconds(30));
            assertThat(capture.failures()).isEmpty();
            captured.addAll(capture.transactions());
        }
    }

    private Serializable[] row(RawEventDecoder.Fidelity fidelity, int id) throws Exception {
        RawEventDecoder decoder = new RawEventDecoder(fidelity);
        for (RawBinlogCapture.Transaction tx : captured) {
            for (RowChange ch : decoder.decodeTransaction(
                    tx.formatDescription(), tx.events().iterator())) {
                if (ch.table().equals("q") && ch.after()[0].equals(id)) {
                    return ch.after();
                }
            }
        }
        throw new AssertionError("row " + id + " not captured");
    }

    private static long micros(LocalDate d) {
        return d.toEpochDay() * 86_400_000_000L;
    }

    @Test
    void negativeTimeIgnoresTheSign() throws Exception {
        assertThat(row(RawEventDecoder.Fidelity.EXACT, 1)[1]).isEqualTo(-3_723_500_000L);
        assertThat(row(RawEventDecoder.Fidelity.CONNECTOR, 1)[1])
                .isNotEqualTo(-3_723_500_000L)
                .isEqualTo(3_682_922_060_000L); // 1023:02:02.06
    }

    @Test
    void datesBeforeTheGregorianReformAreOnTheJulianCalendar() throws Exception {
        assertThat(row(RawEventDecoder.Fidelity.EXACT, 1)[2]).isEqualTo(micros(LocalDate.of(1000, 1, 1)));
        assertThat(row(RawEventDecoder.Fidelity.CONNECTOR, 1)[2]).isEqualTo(micros(LocalDate.of(1000, 1, 6)));
        // 1582-10-10 and 1582-10-20 are two MySQL dates, one connector value
        assertThat(row(RawEventDecoder.Fidelity.CONNECTOR, 2)[2])
                .isEqualTo(row(RawEventDecoder.Fidelity.CONNECTOR, 3)[2]);
        assertThat(row(RawEventDecoder.Fidelity.EXACT, 2)[2]).isEqualTo(micros(LocalDate.of(1582, 10, 10)));
    }

    @Test
    void yearZeroComesBackAs1900() throws Exception {
        assertThat(row(RawEventDecoder.Fidelity.EXACT, 1)[3]).isEqualTo(0);
        assertThat(row(RawEventDecoder.Fidelity.CONNECTOR, 1)[3]).isEqualTo(1900);
    }

    @Test
    void binaryLosesTrailingZeroBytesInTheBinlogItself() throws Exception {
        assertThat((byte[]) row(RawEventDecoder.Fidelity.EXACT, 1)[4]).containsExactly(1);
    }

    @Test
    void charIsLoggedWithoutItsPaddingEvenInMultiByteCharsets() throws Exception {
        assertThat(new String(
                        (byte[]) row(RawEventDecoder.Fidelity.EXACT, 1)[5], java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("ab");
    }

    @Test
    void connectorJsonTextTurnsWholeDoublesIntoIntegers() throws Exception {
        byte[] json = (byte[]) row(RawEventDecoder.Fidelity.EXACT, 1)[6];
        assertThat(JsonBinary.parseAsString(json)).isEqualTo("[10000000,0.5]");
        assertThat(CanonicalJson.fromBinary(json)).isEqualTo("[d:1.0E7,d:0.5]");
    }

    @Test
    void compressedTransactionsLoseTheCompatibilityModes() throws Exception {
        Serializable[] connector = row(RawEventDecoder.Fidelity.CONNECTOR, 4);
        assertThat(connector[7]).isInstanceOf(java.util.Date.class); // milliseconds: .123456 becomes .123
        assertThat(connector[8]).isInstanceOf(String.class); // 0xFF decoded in the JVM charset: U+FFFD
        Serializable[] exact = row(RawEventDecoder.Fidelity.EXACT, 4);
        assertThat(exact[7]).isEqualTo(micros(LocalDate.of(2020, 1, 1)) + 123_456);
        assertThat((byte[]) exact[8]).containsExactly(0xFF);
    }
}
