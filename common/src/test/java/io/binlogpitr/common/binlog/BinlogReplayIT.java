package io.binlogpitr.common.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.binlog.BinlogTransaction.RowsGroup;
import io.binlogpitr.common.binlog.BinlogTransaction.Statement;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import io.binlogpitr.testing.workload.AllTypesSchema;
import io.binlogpitr.testing.workload.ConcurrentWriters;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restore engine's approach end to end: a source runs all-types writers (some sessions with compressed
 * transactions) and DDL under session tricks (PIPES_AS_CONCAT, a time zone, a latin1 client, explicit defaults for
 * timestamps off); its binlog files are read (the bytes a replica receives), classified with {@link
 * BinlogTransaction}, and applied to a second, fresh server — gtid_next per transaction, BINLOG statements for
 * rows, DDL as SQL in its session state. Then every table's CHECKSUM and definition, and gtid_executed, match.
 */
class BinlogReplayIT {
    private static final Logger LOG = LoggerFactory.getLogger(BinlogReplayIT.class);
    private static final String DB = "shop";
    /** Small enough that groups of rows events are split over several BINLOG statements. */
    private static final long STATEMENT_LIMIT = 200_000;

    private static MysqlServer source;
    private static MysqlServer target;
    private static int splitGroups;

    @BeforeAll
    static void start() {
        source = MysqlServer.startNew(MysqlOptions.defaults());
        target = MysqlServer.startNew(MysqlOptions.defaults());
    }

    @AfterAll
    static void stop() {
        if (source != null) {
            source.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @Test
    void replayingTheBinlogWithBinlogStatementsGivesIdenticalTables() throws Exception {
        runSourceWorkload();
        List<BinlogFiles.FileEntry> entries = BinlogFiles.read(binlogFiles(source));
        List<BinlogTransaction> transactions = new ArrayList<>();
        for (BinlogFiles.FileEntry e : entries) {
            transactions.add(BinlogTransaction.of(e));
        }
        assertTricksAreInTheBinlog(transactions);

        Map<Integer, String> collations = collations(target);
        int statements = replay(transactions, collations::get);

        LOG.info(
                "replayed {} transactions with {} BINLOG statements; {} rows groups were split",
                transactions.size(),
                statements,
                splitGroups);
        assertThat(splitGroups)
                .as("rows groups split over several BINLOG statements")
                .isPositive();
        for (String table : tables(source)) {
            assertThat(checksum(target, table)).as("CHECKSUM TABLE %s", table).isEqualTo(checksum(source, table));
            assertThat(showCreate(target, table)).as("definition of %s", table).isEqualTo(showCreate(source, table));
        }
        assertThat(tables(target)).isEqualTo(tables(source));
        assertThat(target.gtidExecuted()).isEqualTo(source.gtidExecuted());
    }

    @Test
    void sqlModeNamesMatchTheServer() throws SQLException {
        try (Connection c = target.connect(null);
                java.sql.Statement st = c.createStatement()) {
            for (int bit = 0; bit <= 32; bit++) {
                long mode = 1L << bit;
                if ((mode & SqlModes.IGNORED_BITS) != 0) {
                    continue;
                }
                // ANSI and TRADITIONAL expand to their component modes whichever way they are set
                st.execute("SET SESSION sql_mode=" + mode);
                String byNumber = sessionSqlMode(st);
                st.execute("SET SESSION sql_mode='" + SqlModes.sqlModeNames(mode) + "'");
                assertThat(sessionSqlMode(st)).as("bit %d", bit).isEqualTo(byNumber);
            }
        }
    }

    private static String sessionSqlMode(java.sql.Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT @@SESSION.sql_mode")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void runSourceWorkload() throws Exception {
        source.execute("CREATE DATABASE " + DB);
        try (Connection c = source.connect(DB)) {
            AllTypesSchema.create(c);
        }
        writers(ConcurrentWriters.Settings.byCount(2, 150, 11));
        ddl(
                null,
                "SET time_zone='+09:00'",
                "ALTER TABLE all_types_auto ADD COLUMN extra TIMESTAMP NOT NULL DEFAULT '2020-01-01 00:00:00'");
        writers(ConcurrentWriters.Settings.byCount(2, 100, 12)
                .withSessionSql("SET SESSION binlog_transaction_compression=ON"));
        // one statement, many rows events: its group is split over several BINLOG statements, also mid-statement
        ddl(null, "UPDATE all_types_auto SET c_int = 42");
        ddl(null, "SET SESSION binlog_transaction_compression=ON", "UPDATE all_types_composite SET c_smallint = NULL");
        ddl(
                null,
                "SET sql_mode='PIPES_AS_CONCAT,STRICT_TRANS_TABLES'",
                "CREATE TABLE tricks (id INT PRIMARY KEY, s VARCHAR(20) DEFAULT ('a' || 'b'))",
                "INSERT INTO tricks (id) VALUES (1), (2)",
                "ALTER TABLE tricks ADD COLUMN g VARCHAR(20) AS (s || '!') STORED",
                "ALTER TABLE tricks MODIFY COLUMN s VARCHAR(40) DEFAULT ('x' || 'y')",
                "INSERT INTO tricks (id) VALUES (4)");
        ddl(
                "characterEncoding=Cp1252",
                "ALTER TABLE tricks ADD COLUMN e VARCHAR(5) CHARACTER SET utf8mb4 NOT NULL DEFAULT 'é'",
                "INSERT INTO tricks (id) VALUES (3)");
        ddl(
                null,
                "SET explicit_defaults_for_timestamp=OFF",
                "CREATE TABLE legacy_ts (id INT PRIMARY KEY, ts TIMESTAMP)",
                "SET timestamp=1600000000",
                "INSERT INTO legacy_ts (id, ts) VALUES (1, NULL)",
                "SET timestamp=DEFAULT",
                "CREATE TABLE doomed (id INT PRIMARY KEY) ENGINE=InnoDB",
                "INSERT INTO doomed VALUES (1)",
                "RENAME TABLE legacy_ts TO legacy_renamed",
                "TRUNCATE TABLE tricks",
                "INSERT INTO tricks (id) VALUES (5)",
                "DROP TABLE doomed",
                "ALTER TABLE all_types_auto DROP COLUMN extra");
        writers(ConcurrentWriters.Settings.byCount(2, 100, 13)
                .withSessionSql("SET SESSION binlog_transaction_compression=ON"));
        source.execute("FLUSH BINARY LOGS");
    }

    private static void writers(ConcurrentWriters.Settings settings) throws Exception {
        new ConcurrentWriters(() -> source.connect(DB), settings).run();
    }

    private static void ddl(String jdbcParameter, String... sql) throws SQLException {
        String url = source.jdbcUrl(DB) + (jdbcParameter == null ? "" : "&" + jdbcParameter);
        try (Connection c = DriverManager.getConnection(url, source.rootUser(), source.rootPassword());
                java.sql.Statement st = c.createStatement()) {
            for (String each : sql) {
                st.execute(each);
            }
        }
    }

    private static void assertTricksAreInTheBinlog(List<BinlogTransaction> transactions) {
        List<QueryEvent> ddl = new ArrayList<>();
        boolean compressed = false;
        for (BinlogTransaction t : transactions) {
            for (BinlogTransaction.Part p : t.parts()) {
                if (p instanceof Statement s) {
                    ddl.add(s.query());
                }
            }
            compressed |= t.rowsOnly() && t.header().payloadBytes() < sumOfParts(t);
        }
        assertThat(compressed).as("some transactions were compressed").isTrue();
        assertThat(ddl)
                .anySatisfy(q -> {
                    assertThat(q.sql()).contains("ADD COLUMN e");
                    assertThat(q.state().charsets().client())
                            .as("latin1 client")
                            .isIn(5, 8, 15, 31, 47, 48, 49, 94);
                    assertThat(q.sql()).contains("'é'");
                })
                .anySatisfy(q -> {
                    assertThat(q.sql()).contains("CREATE TABLE tricks");
                    assertThat(SqlModes.sqlModeNames(q.state().sqlMode())).contains("PIPES_AS_CONCAT");
                })
                .anySatisfy(q -> {
                    assertThat(q.sql()).contains("ADD COLUMN extra");
                    assertThat(q.state().timeZone()).isEqualTo("+09:00");
                });
    }

    /** Expanded events are larger than the compressed payload they came from. */
    private static long sumOfParts(BinlogTransaction t) {
        long n = 0;
        for (BinlogTransaction.Part p : t.parts()) {
            if (p instanceof RowsGroup g) {
                for (byte[] e : g.events()) {
                    n += e.length;
                }
            }
        }
        return n;
    }

    /** Applies every transaction as the restore engine would; returns the number of BINLOG statements run. */
    private static int replay(List<BinlogTransaction> transactions, IntFunction<String> collationName)
            throws SQLException {
        int binlogStatements = 0;
        try (Connection c = target.connect(null);
                java.sql.Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            FormatDescription sent = null;
            for (BinlogTransaction t : transactions) {
                if (!t.formatDescription().equals(sent)) {
                    run(
                            st,
                            BinlogStatements.binlog(
                                    List.of(t.formatDescription().raw())),
                            t);
                    sent = t.formatDescription();
                }
                run(st, t.gtidEvent().gtidNextStatement(), t);
                boolean explicit = t.end() != BinlogTransaction.End.IMPLICIT;
                if (explicit) {
                    run(st, "BEGIN", t);
                }
                for (BinlogTransaction.Part p : t.parts()) {
                    if (p instanceof RowsGroup g) {
                        List<String> split =
                                BinlogStatements.binlog(g.events(), t.formatDescription(), STATEMENT_LIMIT);
                        splitGroups += split.size() > 1 ? 1 : 0;
                        for (String b : split) {
                            run(st, b, t);
                            binlogStatements++;
                        }
                    } else if (p instanceof Statement s) {
                        for (String set : s.query().sessionStatements(collationName)) {
                            run(st, set, t);
                        }
                        run(st, s.query().sql(collationName), t);
                        run(st, "SET @@session.timestamp=DEFAULT", t);
                    }
                }
                if (explicit) {
                    run(st, t.end() == BinlogTransaction.End.ROLLBACK ? "ROLLBACK" : "COMMIT", t);
                }
                run(st, "SET @@session.gtid_next='AUTOMATIC'", t);
            }
        }
        return binlogStatements;
    }

    private static void run(java.sql.Statement st, String sql, BinlogTransaction t) throws SQLException {
        try {
            st.execute(sql);
        } catch (SQLException e) {
            String shown = sql.length() > 200 ? sql.substring(0, 200) + "..." : sql;
            throw new SQLException(
                    "transaction " + t.header().gtid() + ": " + shown + ": " + e.getMessage(),
                    e.getSQLState(),
                    e.getErrorCode(),
                    e);
        }
    }

    private static List<Path> binlogFiles(MysqlServer server) throws SQLException {
        List<Path> files = new ArrayList<>();
        try (Connection c = server.connect(null);
                java.sql.Statement st = c.createStatement()) {
            String base;
            try (ResultSet rs = st.executeQuery("SELECT @@datadir, @@log_bin_basename")) {
                rs.next();
                base = rs.getString(2);
                Path dir = Path.of(rs.getString(1));
                Path b = Path.of(base);
                base = (b.isAbsolute() ? b : dir.resolve(b)).getParent().toString();
            }
            try (ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
                while (rs.next()) {
                    files.add(Path.of(base, rs.getString(1)));
                }
            }
        }
        return files;
    }

    private static Map<Integer, String> collations(MysqlServer server) throws SQLException {
        Map<Integer, String> names = new HashMap<>();
        try (Connection c = server.connect(null);
                java.sql.Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT ID, COLLATION_NAME FROM information_schema.COLLATIONS")) {
            while (rs.next()) {
                names.put(rs.getInt(1), rs.getString(2));
            }
        }
        return names;
    }

    private static List<String> tables(MysqlServer server) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = server.connect(DB);
                java.sql.Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW TABLES")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static String checksum(MysqlServer server, String table) throws SQLException {
        return query(server, "CHECKSUM TABLE `" + table + "`", 2);
    }

    private static String showCreate(MysqlServer server, String table) throws SQLException {
        return query(server, "SHOW CREATE TABLE `" + table + "`", 2);
    }

    private static String query(MysqlServer server, String sql, int column) throws SQLException {
        try (Connection c = server.connect(DB);
                java.sql.Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(column);
        }
    }
}
