package io.binlogpitr.common.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.sql.ValueKind;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import io.binlogpitr.testing.workload.AllTypesSchema;
import io.binlogpitr.testing.workload.ConcurrentWriters;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decoded rows rendered as SQL rebuild the tables exactly: a source database takes seeded random writes on every
 * column type (plus zero dates under a permissive sql_mode, JSON with typed scalars, a sysbench-like table), its
 * binlog files are decoded with {@link RowsDecoder}, every change is rendered with {@link RowSql} into a second
 * database that started from the same (empty) tables, and CHECKSUM TABLE matches table by table. Run with
 * binlog_row_metadata FULL and MINIMAL (names then from information_schema), and once with one value mutated, to
 * show the comparison sees a single changed value.
 */
class RowDecodingIT {
    private static final Logger LOG = LoggerFactory.getLogger(RowDecodingIT.class);
    private static final String APPLY_MODE = "STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO";
    private static final String PERMISSIVE_MODE = "ALLOW_INVALID_DATES,NO_AUTO_VALUE_ON_ZERO";

    private static MysqlServer server;

    @BeforeAll
    static void start() {
        server = MysqlServer.startNew(MysqlOptions.defaults());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void fullMetadataRowsRebuildIdenticalTables() throws Exception {
        Map<String, Map<RowChange.Type, Integer>> all = new TreeMap<>();
        for (long seed : new long[] {101, 202, 303}) {
            Replay r = runAndReplay("FULL", seed, UnaryOperator.identity());
            assertThat(r.namesLogged).as("FULL logs names").isTrue();
            assertThat(r.enumKinds).as("ENUM/SET with members are text").containsOnly(ValueKind.TEXT);
            assertSameChecksums(r);
            r.counts.forEach((table, byType) ->
                    byType.forEach((type, n) -> all.computeIfAbsent(table, k -> new EnumMap<>(RowChange.Type.class))
                            .merge(type, n, Integer::sum)));
        }
        for (String table : List.of(AllTypesSchema.AUTO_PK, AllTypesSchema.COMPOSITE_PK, AllTypesSchema.NO_PK)) {
            assertThat(all.get(table)).as("change types of %s", table).containsKeys(RowChange.Type.values());
        }
    }

    @Test
    void minimalMetadataRowsRebuildIdenticalTablesWithSuppliedNames() throws Exception {
        try {
            server.execute("SET GLOBAL binlog_row_metadata = 'MINIMAL'");
            for (long seed : new long[] {404, 505}) {
                Replay r = runAndReplay("MINIMAL", seed, UnaryOperator.identity());
                assertThat(r.namesLogged).as("MINIMAL logs no names").isFalse();
                assertThat(r.enumKinds)
                        .as("ENUM/SET without members are integers")
                        .containsOnly(ValueKind.INTEGER);
                assertSameChecksums(r);
            }
        } finally {
            server.execute("SET GLOBAL binlog_row_metadata = 'FULL'");
        }
    }

    @Test
    void oneMutatedValueGivesAnotherChecksum() throws Exception {
        boolean[] done = {false};
        Replay r = runAndReplay("FULL", 606, change -> {
            // json_typed row 3 is inserted once and never changed: its DECIMAL(40,9) gets one unit in the last place
            if (change.table.equals("json_typed")
                    && change.after != null
                    && Long.valueOf(3).equals(change.after[0])) {
                int i = change.columnIndex("big");
                change.after[i] = ((java.math.BigDecimal) change.after[i]).add(new java.math.BigDecimal("1E-9"));
                done[0] = true;
            }
            return change;
        });
        assertThat(done[0]).as("a value was mutated").isTrue();
        assertThat(checksum(r.target, "json_typed"))
                .as("CHECKSUM TABLE after one value changed by 1e-9")
                .isNotEqualTo(checksum(r.source, "json_typed"));
        for (String table : List.of("sbtest", "zero_dates", AllTypesSchema.NO_PK)) {
            assertThat(checksum(r.target, table)).as(table).isEqualTo(checksum(r.source, table));
        }
    }

    /**
     * The signedness bitmap of a TABLE_MAP has one bit per numeric column as MySQL counts them: after a column of
     * every other type, each integer column's UNSIGNED flag (from information_schema) and its value at the
     * type's maximum and at 2^(n-1) must come out as the source holds them. FULL and MINIMAL, compressed and not.
     */
    @Test
    void unsignedFlagsAndLimitsSurviveAColumnOfEveryTypeBeforeThem() throws Exception {
        String[] before = {
            "YEAR",
            "FLOAT",
            "FLOAT UNSIGNED",
            "DOUBLE UNSIGNED",
            "DECIMAL(20,5)",
            "DECIMAL(20,5) UNSIGNED",
            "BIT(5)",
            "ENUM('a','b')",
            "SET('a','b')",
            "DATE",
            "TIME(3)",
            "DATETIME(6)",
            "TIMESTAMP(2) NULL",
            "CHAR(3)",
            "VARCHAR(10)",
            "TEXT",
            "BLOB",
            "JSON",
            "TINYINT",
            "BIGINT",
            "TINYINT UNSIGNED",
            "BOOL"
        };
        try {
            for (String metadata : List.of("FULL", "MINIMAL")) {
                server.execute("SET GLOBAL binlog_row_metadata = '" + metadata + "'");
                for (String compression : List.of("OFF", "ON")) {
                    String db = server.createDatabase("sign_" + metadata + "_" + compression);
                    server.execute("FLUSH BINARY LOGS");
                    try (Connection c = server.connect(db);
                            Statement st = c.createStatement()) {
                        st.execute("SET SESSION binlog_transaction_compression = " + compression);
                        for (int i = 0; i < before.length; i++) {
                            st.execute("CREATE TABLE t" + i + " (x " + before[i] + ", s BIGINT, u BIGINT UNSIGNED,"
                                    + " ti TINYINT UNSIGNED, si SMALLINT UNSIGNED, mi MEDIUMINT UNSIGNED,"
                                    + " i INT UNSIGNED, z " + before[i] + ", s2 INT, u2 BIGINT UNSIGNED)");
                            st.execute("INSERT INTO t" + i + " (s, u, ti, si, mi, i, s2, u2) VALUES"
                                    + " (-1, 18446744073709551615, 255, 65535, 16777215, 4294967295, -1,"
                                    + " 9223372036854775808), (9223372036854775807, 9223372036854775808, 128, 32768,"
                                    + " 8388608, 2147483648, -2147483648, 18446744073709551615)");
                        }
                    }
                    server.execute("FLUSH BINARY LOGS");
                    long payloads = assertSignedness(db, metadata + ", compression " + compression, before);
                    assertThat(payloads)
                            .as("transactions of %s that came as TRANSACTION_PAYLOAD", db)
                            .isEqualTo(compression.equals("ON") ? before.length : 0);
                }
            }
        } finally {
            server.execute("SET GLOBAL binlog_row_metadata = 'FULL'");
        }
    }

    /** Checks the flags and values of {@code db}'s tables; returns how many of its transactions were compressed. */
    private static long assertSignedness(String db, String how, String[] before) throws Exception {
        Map<String, List<Object>> decoded = new TreeMap<>();
        Map<String, List<Boolean>> flags = new TreeMap<>();
        long payloads = 0;
        for (BinlogFiles.FileEntry e : BinlogFiles.read(binlogFiles())) {
            BinlogTransaction t = BinlogTransaction.of(e);
            FormatDescription fd = t.formatDescription();
            Map<Long, TableDefinition> byId = new HashMap<>();
            boolean compressed =
                    e.eventList().stream().anyMatch(ev -> EventHeader.type(ev) == EventTypes.TRANSACTION_PAYLOAD);
            int mapsBefore = flags.size();
            for (BinlogTransaction.Part p : t.parts()) {
                if (!(p instanceof BinlogTransaction.RowsGroup g)) {
                    continue;
                }
                for (byte[] ev : g.events()) {
                    int type = ev[4] & 0xFF;
                    if (type == EventTypes.TABLE_MAP) {
                        TableDefinition def = TableDefinition.parse(ev, fd);
                        if (def.database().equals(db)) {
                            byId.put(def.tableId(), def);
                            List<Boolean> u = new ArrayList<>();
                            def.columns().forEach(col -> u.add(col.unsigned()));
                            flags.put(def.table(), u);
                        }
                    } else if (EventTypes.isRows(type) && byId.containsKey(RowsEvents.tableId(ev, fd))) {
                        TableDefinition def = byId.get(RowsEvents.tableId(ev, fd));
                        RowsDecoder.decode(ev, fd, def, rc -> decoded.computeIfAbsent(
                                        def.table(), k -> new ArrayList<>())
                                .add(java.util.Arrays.asList(rc.after())
                                                .subList(1, 7)
                                                .toString()
                                        + java.util.Arrays.asList(rc.after()).subList(8, 10)));
                    }
                }
            }
            if (compressed && flags.size() > mapsBefore) {
                payloads++;
            }
        }
        for (int i = 0; i < before.length; i++) {
            String table = "t" + i;
            List<Boolean> expected = new ArrayList<>();
            List<Boolean> actual = new ArrayList<>();
            try (Connection c = server.connect(null);
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT DATA_TYPE, COLUMN_TYPE FROM information_schema.COLUMNS"
                            + " WHERE TABLE_SCHEMA = '" + db + "' AND TABLE_NAME = '" + table
                            + "' ORDER BY ORDINAL_POSITION")) {
                int k = 0;
                while (rs.next()) {
                    if (rs.getString(1).endsWith("int")) { // the flag changes no other type's values
                        expected.add(rs.getString(2).contains("unsigned"));
                        actual.add(flags.get(table).get(k));
                    }
                    k++;
                }
            }
            assertThat(actual)
                    .as("unsigned flags of the integer columns of %s after a %s column (%s)", table, before[i], how)
                    .isEqualTo(expected);
            assertThat(decoded.get(table))
                    .as("values of %s after a %s column (%s)", table, before[i], how)
                    .containsExactly(
                            "[-1, 18446744073709551615, 255, 65535, 16777215, 4294967295][-1, 9223372036854775808]",
                            "[9223372036854775807, 9223372036854775808, 128, 32768, 8388608, 2147483648]"
                                    + "[-2147483648, 18446744073709551615]");
        }
        return payloads;
    }

    private static void assertSameChecksums(Replay r) throws SQLException {
        List<String> tables = tables(r.source);
        assertThat(tables).hasSize(8);
        for (String table : tables) {
            assertThat(checksum(r.target, table))
                    .as("CHECKSUM TABLE %s (%s metadata, seed %d)", table, r.metadata, r.seed)
                    .isEqualTo(checksum(r.source, table));
        }
        for (String table : List.of(AllTypesSchema.AUTO_PK, AllTypesSchema.COMPOSITE_PK, AllTypesSchema.NO_PK)) {
            assertThat(r.counts.get(table))
                    .as("change types of %s", table)
                    .containsKeys(RowChange.Type.INSERT, RowChange.Type.UPDATE);
        }
        assertThat(count(r.source, AllTypesSchema.NO_PK)).isPositive();
        // CHECKSUM TABLE sees a JSON value's text only: the types of the scalars whose text loses them, compared
        String types = "SELECT GROUP_CONCAT(id, ':', JSON_TYPE(j->'$.ts'), ',', JSON_TYPE(j->'$.blob'), ',',"
                + " JSON_TYPE(j->'$.bit'), ',', JSON_TYPE(j->'$.arr[0]') ORDER BY id) FROM json_typed"
                + " WHERE j->'$.ts' IS NOT NULL";
        assertThat(query(r.target, types, 1))
                .as("JSON scalar types after the replay (%s metadata)", r.metadata)
                .isEqualTo(query(r.source, types, 1))
                .isEqualTo("11:TIMESTAMP,BLOB,BLOB,TIMESTAMP");
    }

    /** A decoded change on its way to SQL; a test may alter values. */
    static final class Change {
        final String table;
        final TableDefinition def;
        final RowChange row;
        final Object[] before;
        final Object[] after;

        Change(TableDefinition def, RowChange row) {
            this.table = def.table();
            this.def = def;
            this.row = row;
            this.before = row.before();
            this.after = row.after();
        }

        int columnIndex(String name) {
            for (BinlogColumn c : def.columns()) {
                if (name.equals(c.name())) {
                    return c.index();
                }
            }
            throw new IllegalArgumentException(name);
        }
    }

    record Replay(
            String metadata,
            long seed,
            String source,
            String target,
            boolean namesLogged,
            List<ValueKind> enumKinds,
            Map<String, Map<RowChange.Type, Integer>> counts) {}

    private static Replay runAndReplay(String metadata, long seed, UnaryOperator<Change> mutate) throws Exception {
        String src = server.createDatabase("dec_src_" + metadata);
        String dst = server.createDatabase("dec_dst_" + metadata);
        for (String db : List.of(src, dst)) {
            try (Connection c = server.connect(db);
                    Statement st = c.createStatement()) {
                AllTypesSchema.create(c);
                for (String ddl : extraTables()) {
                    st.execute(ddl);
                }
            }
        }
        server.execute("FLUSH BINARY LOGS");
        new ConcurrentWriters(() -> server.connect(src), ConcurrentWriters.Settings.byCount(1, 250, seed)).run();
        extraWorkload(src);
        server.execute("FLUSH BINARY LOGS");

        Map<String, TableDefinition> named = new HashMap<>();
        Map<Long, TableDefinition> byId = new HashMap<>();
        Map<String, Map<RowChange.Type, Integer>> counts = new TreeMap<>();
        List<ValueKind> enumKinds = new ArrayList<>();
        boolean[] namesLogged = {false};
        long rows = 0;
        long started = System.nanoTime();
        try (Connection c = server.connect(dst);
                Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            st.execute("SET time_zone = '+00:00'");
            String[] mode = {""};
            StringBuilder sql = new StringBuilder();
            for (BinlogFiles.FileEntry e : BinlogFiles.read(binlogFiles())) {
                BinlogTransaction t = BinlogTransaction.of(e);
                FormatDescription fd = t.formatDescription();
                for (BinlogTransaction.Part p : t.parts()) {
                    if (!(p instanceof BinlogTransaction.RowsGroup g)) {
                        continue;
                    }
                    for (byte[] ev : g.events()) {
                        int type = ev[4] & 0xFF;
                        if (type == EventTypes.TABLE_MAP) {
                            TableDefinition def = TableDefinition.parse(ev, fd);
                            if (!def.database().equals(src)) {
                                continue;
                            }
                            namesLogged[0] = def.namesLogged();
                            if (!def.namesLogged()) {
                                def = withSchemaNames(def);
                            }
                            for (BinlogColumn col : def.columns()) {
                                if (col.type() == ColumnTypes.ENUM || col.type() == ColumnTypes.SET) {
                                    enumKinds.add(col.kind());
                                }
                            }
                            byId.put(def.tableId(), def);
                            named.put(def.table(), def);
                        } else if (EventTypes.isRows(type) && byId.containsKey(RowsEvents.tableId(ev, fd))) {
                            TableDefinition def = byId.get(RowsEvents.tableId(ev, fd));
                            List<RowChange> changes = new ArrayList<>();
                            RowsDecoder.decode(ev, fd, def, changes::add);
                            for (RowChange rc : changes) {
                                Change ch = mutate.apply(new Change(def, rc));
                                counts.computeIfAbsent(def.table(), k -> new EnumMap<>(RowChange.Type.class))
                                        .merge(rc.type(), 1, Integer::sum);
                                sql.setLength(0);
                                switch (rc.type()) {
                                    case INSERT -> RowSql.insert(sql, def, dst, ch.after);
                                    case UPDATE -> RowSql.update(sql, def, dst, ch.before, ch.after);
                                    case DELETE -> RowSql.delete(sql, def, dst, ch.before);
                                }
                                String wanted = def.table().equals("zero_dates") ? PERMISSIVE_MODE : APPLY_MODE;
                                if (!wanted.equals(mode[0])) {
                                    st.execute("SET sql_mode = '" + wanted + "'");
                                    mode[0] = wanted;
                                }
                                apply(st, sql);
                                rows++;
                            }
                        }
                    }
                }
            }
        }
        LOG.info(
                "{} metadata, seed {}: {} row changes decoded and applied in {} ms: {}",
                metadata,
                seed,
                rows,
                (System.nanoTime() - started) / 1_000_000,
                counts);
        return new Replay(metadata, seed, src, dst, namesLogged[0], enumKinds, counts);
    }

    private static void apply(Statement st, StringBuilder sql) throws SQLException {
        try {
            int changed = st.executeUpdate(sql.toString());
            if (changed != 1 && !sql.toString().startsWith("UPDATE")) {
                throw new SQLException(changed + " rows changed");
            }
        } catch (SQLException e) {
            String shown = sql.length() > 3000 ? sql.substring(0, 3000) + "..." : sql.toString();
            throw new SQLException(e.getMessage() + ": " + shown, e.getSQLState(), e.getErrorCode(), e);
        }
    }

    /** For MINIMAL: names and primary key from the source's information_schema. */
    private static TableDefinition withSchemaNames(TableDefinition def) throws SQLException {
        List<String> names = new ArrayList<>();
        List<Integer> pk = new ArrayList<>();
        try (Connection c = server.connect(null);
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE"
                    + " TABLE_SCHEMA = '" + def.database() + "' AND TABLE_NAME = '" + def.table()
                    + "' ORDER BY ORDINAL_POSITION")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE"
                    + " TABLE_SCHEMA = '" + def.database() + "' AND TABLE_NAME = '" + def.table()
                    + "' AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION")) {
                while (rs.next()) {
                    pk.add(names.indexOf(rs.getString(1)));
                }
            }
        }
        return def.withNames(names, pk);
    }

    private static List<String> extraTables() {
        return List.of(
                "CREATE TABLE sbtest (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, k INT NOT NULL DEFAULT 0,"
                        + " c CHAR(120) NOT NULL DEFAULT '', pad CHAR(60) NOT NULL DEFAULT '', KEY (k))",
                "CREATE TABLE zero_dates (id INT PRIMARY KEY, d DATE NULL, dt DATETIME(3) NULL, ts TIMESTAMP(2) NULL,"
                        + " t TIME(4) NULL, y YEAR NULL, e ENUM('x','y') NULL, dt6 DATETIME(6) NULL, t1 TIME(1) NULL)",
                "CREATE TABLE json_typed (id INT PRIMARY KEY, j JSON NULL, d DECIMAL(10,2) NULL,"
                        + " big DECIMAL(40,9) NULL, u BIGINT UNSIGNED NULL)",
                "CREATE TABLE long_char (id INT PRIMARY KEY, c CHAR(255) CHARACTER SET utf8mb4 NULL,"
                        + " v VARCHAR(1000) CHARACTER SET latin1 NULL, b BINARY(255) NULL)",
                // a YEAR before signed and unsigned numbers: the SIGNEDNESS bitmap has a bit for the YEAR
                "CREATE TABLE ledger (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, fiscal YEAR NOT NULL,"
                        + " note VARCHAR(40) NULL, balance BIGINT NOT NULL, units INT UNSIGNED NOT NULL,"
                        + " delta SMALLINT NULL, big_units BIGINT UNSIGNED NULL, rate DECIMAL(10,2) NULL,"
                        + " tiny TINYINT NULL)");
    }

    private static void extraWorkload(String db) throws SQLException {
        try (Connection c = server.connect(db);
                Statement st = c.createStatement()) {
            for (int i = 1; i <= 50; i++) {
                st.execute("INSERT INTO sbtest (k, c, pad) VALUES (" + (i * 7919 % 1000) + ", REPEAT('" + (i % 10)
                        + "1-', 40), REPEAT('p', 59))");
            }
            st.execute("UPDATE sbtest SET k = k + 1 WHERE id % 3 = 0");
            st.execute("DELETE FROM sbtest WHERE id % 7 = 0");
            st.execute("SET sql_mode = ''");
            st.execute("INSERT INTO zero_dates VALUES (1, '0000-00-00', '0000-00-00 00:00:00.000',"
                    + " '0000-00-00 00:00:00', '-838:59:59.0000', 0, '', '0000-00-00 00:00:00', '-00:00:00.5')");
            st.execute("INSERT INTO zero_dates VALUES (2, '2020-00-15', '2020-02-00 10:11:12.345',"
                    + " '2020-01-01 00:00:00.12', '00:00:00.0001', 1901, 'x', '9999-12-31 23:59:59.999999',"
                    + " '838:59:59.0')");
            st.execute("INSERT INTO zero_dates VALUES (3, NULL, NULL, '1970-01-01 00:00:01', '-00:00:00.0001', 2155,"
                    + " 'y', '1000-01-01 00:00:00.000001', '-12:34:56.7')");
            st.execute("SET sql_mode = 'ALLOW_INVALID_DATES'");
            st.execute("UPDATE zero_dates SET d = '2020-02-31', e = 'y' WHERE id = 1");
            st.execute("DELETE FROM zero_dates WHERE id = 3");
            st.execute("SET sql_mode = DEFAULT");
            st.execute("INSERT INTO ledger (fiscal, note, balance, units, delta, big_units, rate, tiny)"
                    + " WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
                    + " SELECT 1901 + i % 255, CONCAT('entry ', i), (i - 150) * 61234567890123457,"
                    + " 4294967295 - i * 7, IF(i % 5 = 0, NULL, (i - 150) * 211), 18446744073709551615 - i,"
                    + " (i - 150) * 3.25, (i % 256) - 128 FROM n");
            st.execute("UPDATE ledger SET balance = -balance, delta = -32768, tiny = -1 WHERE id % 4 = 0");
            st.execute("DELETE FROM ledger WHERE id % 9 = 0");
            st.execute("INSERT INTO json_typed VALUES (1, JSON_OBJECT('dec', 9.90, 'neg', -123.456, 'small', 0.5,"
                    + " 'tiny', -0.001, 'int', 12.0, 'big', CAST('12345678901234567890.123456789' AS DECIMAL(40,9)),"
                    + " 'dt', CAST('2020-01-02 03:04:05.5' AS DATETIME(6)), 'd', CAST('2020-01-02' AS DATE),"
                    + " 't', CAST('-01:02:03.25' AS TIME(6)), 'u', CAST(5 AS UNSIGNED), 'i', 5000000000,"
                    + " 'dbl', 0.1e0, 'nest', JSON_ARRAY(1, 2.5e0, JSON_OBJECT('x', -0.0e0, 'y', 1e300),"
                    + " 'str\"\\\\\\n\\t', NULL, TRUE, FALSE, -0.000045599456132507677e0)), 9.90,"
                    + " 12345678901234567890.123456789, 18446744073709551615)");
            st.execute("INSERT INTO json_typed VALUES (2, CAST('{\"a\": [1, 2, {\"b\": null}], \"c\": \"text\"}'"
                    + " AS JSON), -0.01, -99999999999999999999999999999.999999999, 0)");
            st.execute("INSERT INTO json_typed SELECT 3, JSON_OBJECT('c', d, 'b', big, 'u', u,"
                    + " 'arr', JSON_ARRAY(d, big, u)), d, big, u FROM json_typed WHERE id = 1");
            st.execute("INSERT INTO json_typed VALUES (4, CAST(CAST('2021-05-06 07:08:09' AS DATETIME) AS JSON),"
                    + " NULL, NULL, 9223372036854775808)");
            st.execute("INSERT INTO json_typed VALUES (5, JSON_ARRAY(CAST(18446744073709551615 AS UNSIGNED),"
                    + " -9223372036854775808, 4294967295, 4294967296, CAST(7 AS UNSIGNED), -40000, 40000, 70000),"
                    + " NULL, NULL, NULL)");
            st.execute("INSERT INTO json_typed VALUES (6, JSON_OBJECT('long', REPEAT('x', 70000), 'n',"
                    + " JSON_ARRAY(70000, -70000, 1.5e0, 2.25)), 0, 0, 1)");
            st.execute("INSERT INTO json_typed VALUES (7, CAST('2.5' AS JSON), 1, 1, 1),"
                    + " (8, CAST('\"just a string\"' AS JSON), 1, 1, 1), (9, CAST('[]' AS JSON), 1, 1, 1),"
                    + " (10, JSON_OBJECT('', 0.5, 'k\"q', CAST('10:00:00' AS TIME)), 1, 1, 1)");
            st.execute("UPDATE json_typed SET j = JSON_SET(j, '$.dec', 1.25, '$.new', CAST('2000-01-01' AS DATE))"
                    + " WHERE id = 1");
            st.execute("DELETE FROM json_typed WHERE id = 2");
            // a JSON TIMESTAMP (from a TIMESTAMP column) and opaque values (binary strings): their text reads back
            // as DATETIME/STRING, so they must travel typed
            st.execute("INSERT INTO json_typed SELECT 11, JSON_OBJECT('ts', ts, 'blob', CAST(X'FF00' AS BINARY),"
                    + " 'bit', b'101', 'arr', JSON_ARRAY(ts)), 1, 1, 1 FROM zero_dates WHERE id = 2");
            st.execute("INSERT INTO long_char VALUES (1, REPEAT('é', 255), REPEAT('ÿ', 1000), X'00FF00'),"
                    + " (2, 'a  ', 'b  ', X'20'), (3, '', '', X'')");
            st.execute("UPDATE long_char SET c = 'x' WHERE id = 2");
        }
    }

    private static List<Path> binlogFiles() throws SQLException {
        List<Path> files = new ArrayList<>();
        try (Connection c = server.connect(null);
                Statement st = c.createStatement()) {
            Path dir;
            try (ResultSet rs = st.executeQuery("SELECT @@datadir, @@log_bin_basename")) {
                rs.next();
                Path b = Path.of(rs.getString(2));
                dir = (b.isAbsolute() ? b : Path.of(rs.getString(1)).resolve(b)).getParent();
            }
            try (ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
                while (rs.next()) {
                    files.add(dir.resolve(rs.getString(1)));
                }
            }
        }
        return files;
    }

    private static List<String> tables(String db) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = server.connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW TABLES")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static String checksum(String db, String table) throws SQLException {
        return query(db, "CHECKSUM TABLE `" + table + "`", 2);
    }

    private static long count(String db, String table) throws SQLException {
        return Long.parseLong(query(db, "SELECT COUNT(*) FROM `" + table + "`", 1));
    }

    private static String query(String db, String sql, int column) throws SQLException {
        try (Connection c = server.connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(column);
        }
    }
}
