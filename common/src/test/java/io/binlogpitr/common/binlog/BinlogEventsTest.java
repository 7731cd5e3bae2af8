package io.binlogpitr.common.binlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Events built byte by byte, as MySQL 8.0 lays them out. */
class BinlogEventsTest {
    private static final FormatDescription FD = FormatDescription.parse(fde(true));
    private static final FormatDescription FD_NO_CRC = FormatDescription.parse(fde(false));

    /** An event: 19-byte header (timestamp, type, server id 7, length, log_pos 1000, flags 0), body, CRC32. */
    static byte[] event(int type, byte[] body, boolean crc) {
        byte[] e = new byte[19 + body.length + (crc ? 4 : 0)];
        Bytes.put32(e, 0, 1_700_000_000L);
        e[4] = (byte) type;
        Bytes.put32(e, 5, 7);
        Bytes.put32(e, 9, e.length);
        Bytes.put32(e, 13, 1000);
        System.arraycopy(body, 0, e, 19, body.length);
        if (crc) {
            EventChecksums.seal(e);
        }
        return e;
    }

    static byte[] fde(boolean crc) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(4); // binlog version 4, u16
        b.write(0);
        b.writeBytes(Arrays.copyOf("8.0.31".getBytes(StandardCharsets.US_ASCII), 50));
        b.writeBytes(new byte[4]); // create timestamp
        b.write(19); // common header length
        byte[] post = new byte[41];
        post[EventTypes.QUERY - 1] = 13;
        post[EventTypes.TABLE_MAP - 1] = 8;
        post[EventTypes.WRITE_ROWS - 1] = 10;
        post[EventTypes.UPDATE_ROWS - 1] = 10;
        post[EventTypes.DELETE_ROWS - 1] = 10;
        post[EventTypes.GTID - 1] = 42;
        post[EventTypes.TRANSACTION_PAYLOAD - 1] = 40; // what 8.0.31 declares; the event has none
        b.writeBytes(post);
        b.write(crc ? 1 : 0); // checksum algorithm
        byte[] body = b.toByteArray();
        byte[] e = event(EventTypes.FORMAT_DESCRIPTION, body, true); // the FDE always has a checksum field
        if (!crc) {
            Bytes.put32(e, e.length - 4, 0);
        }
        return e;
    }

    static byte[] tableMap(long id, String db, String table) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] idBytes = new byte[8];
        Bytes.put48(idBytes, 0, id);
        b.write(idBytes, 0, 6);
        b.write(1); // flags u16
        b.write(0);
        b.write(db.length());
        b.writeBytes(db.getBytes(StandardCharsets.UTF_8));
        b.write(0);
        b.write(table.length());
        b.writeBytes(table.getBytes(StandardCharsets.UTF_8));
        b.write(0);
        b.writeBytes(new byte[] {1, 3, 0, 0}); // 1 column, LONG, no metadata, null bitmap
        return event(EventTypes.TABLE_MAP, b.toByteArray(), true);
    }

    static byte[] rows(int type, long id, int flags) {
        byte[] body = new byte[10 + 3];
        Bytes.put48(body, 0, id);
        Bytes.put16(body, 6, flags);
        Bytes.put16(body, 8, 2); // extra data length (itself)
        body[10] = 1; // column count
        body[11] = 1; // columns present
        body[12] = 0; // a row image would follow
        return event(type, body, true);
    }

    static byte[] query(String db, String sql, byte[] status) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] post = new byte[13];
        Bytes.put32(post, 0, 42); // thread id
        Bytes.put32(post, 4, 3); // exec time
        post[8] = (byte) db.length();
        Bytes.put16(post, 11, status.length);
        b.writeBytes(post);
        b.writeBytes(status);
        b.writeBytes(db.getBytes(StandardCharsets.UTF_8));
        b.write(0);
        b.writeBytes(sql.getBytes(StandardCharsets.UTF_8));
        return event(EventTypes.QUERY, b.toByteArray(), true);
    }

    static byte[] status() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] x = new byte[8];
        b.write(0); // Q_FLAGS2_CODE: NO_FOREIGN_KEY_CHECKS
        Bytes.put32(x, 0, SessionState.NO_FOREIGN_KEY_CHECKS);
        b.write(x, 0, 4);
        b.write(1); // Q_SQL_MODE_CODE: PIPES_AS_CONCAT | STRICT_TRANS_TABLES | NO_AUTO_CREATE_USER (ignored)
        Bytes.put64(x, 0, 2L | 1L << 21 | 1L << 28);
        b.write(x, 0, 8);
        b.writeBytes(new byte[] {6, 3, 's', 't', 'd'}); // Q_CATALOG_NZ_CODE
        b.writeBytes(new byte[] {4, 8, 0, (byte) 255, 0, (byte) 255, 0}); // Q_CHARSET_CODE latin1, 255, 255
        b.writeBytes(new byte[] {5, 6, '+', '0', '9', ':', '0', '0'}); // Q_TIME_ZONE_CODE
        b.writeBytes(new byte[] {12, 2, 'a', 0, 'b', 0}); // Q_UPDATED_DB_NAMES
        b.writeBytes(new byte[] {13, 0x40, (byte) 0xE2, 0x01}); // Q_MICROSECONDS 123456
        b.write(17); // Q_DDL_LOGGED_WITH_XID
        Bytes.put64(x, 0, 99);
        b.write(x, 0, 8);
        b.writeBytes(new byte[] {18, (byte) 255, 0}); // Q_DEFAULT_COLLATION_FOR_UTF8MB4
        b.writeBytes(new byte[] {19, 1, 20, 0}); // Q_SQL_REQUIRE_PRIMARY_KEY, Q_DEFAULT_TABLE_ENCRYPTION
        return b.toByteArray();
    }

    static byte[] gtid(String uuidHex, long gno) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] x = new byte[8];
        b.write(1);
        for (int i = 0; i < 32; i += 2) {
            b.write(Integer.parseInt(uuidHex.substring(i, i + 2), 16));
        }
        Bytes.put64(x, 0, gno);
        b.write(x, 0, 8);
        b.write(2);
        Bytes.put64(x, 0, 5);
        b.write(x, 0, 8);
        Bytes.put64(x, 0, 6);
        b.write(x, 0, 8);
        Bytes.put64(x, 0, 1_700_000_000_000_002L | 1L << 55); // immediate, original follows
        b.write(x, 0, 7);
        Bytes.put64(x, 0, 1_700_000_000_000_001L);
        b.write(x, 0, 7);
        b.writeBytes(new byte[] {(byte) 252, (byte) 0xE8, 0x03}); // transaction length 1000
        Bytes.put32(x, 0, 80031);
        b.write(x, 0, 4);
        return event(EventTypes.GTID, b.toByteArray(), true);
    }

    @Test
    void formatDescriptionSaysWhetherEventsCarryCrc32() {
        assertThat(FD.crc32()).isTrue();
        assertThat(FD.serverVersion()).isEqualTo("8.0.31");
        assertThat(FD.postHeaderLength(EventTypes.QUERY)).isEqualTo(13);
        assertThat(FD_NO_CRC.crc32()).isFalse();
        assertThat(FD_NO_CRC.checksumLength()).isZero();
    }

    @Test
    void formatDescriptionCrcIgnoresTheInUseFlagTheServerClearsInPlace() {
        byte[] e = fde(true);
        e[17] |= 1; // the server computed the CRC32 without it, then set it
        assertThat(FormatDescription.parse(e).crc32()).isTrue();
        e[30] ^= 1;
        assertThatThrownBy(() -> FormatDescription.parse(e)).hasMessageContaining("CRC32 mismatch");
    }

    @Test
    void tableMapAndRowsTableId() {
        byte[] tm = tableMap(0x0000_1234_5678_9AL, "shop", "orders");
        assertThat(TableMap.parse(tm, FD)).isEqualTo(new TableMap(0x1234_5678_9AL, "shop", "orders"));
        assertThat(RowsEvents.tableId(rows(EventTypes.WRITE_ROWS, 77, 1), FD)).isEqualTo(77);
        assertThat(RowsEvents.endsStatement(rows(EventTypes.DELETE_ROWS, 77, 1), FD))
                .isTrue();
        assertThat(RowsEvents.endsStatement(rows(EventTypes.DELETE_ROWS, 77, 0), FD))
                .isFalse();
    }

    @Test
    void withDatabaseReencodesLengthAndCrc() {
        byte[] tm = tableMap(5, "shop", "orders");
        byte[] renamed = TableMap.withDatabase(tm, FD, "shop_restored");
        assertThat(renamed.length).isEqualTo(tm.length + "_restored".length());
        FD.verify(renamed);
        assertThat(TableMap.parse(renamed, FD)).isEqualTo(new TableMap(5, "shop_restored", "orders"));
        assertThat(Arrays.copyOfRange(renamed, renamed.length - 8, renamed.length - 4))
                .isEqualTo(Arrays.copyOfRange(tm, tm.length - 8, tm.length - 4));
        assertThat(Bytes.u32(renamed, 13)).as("log_pos kept").isEqualTo(1000);
    }

    @Test
    void queryEventDecodesEveryStatusVariable() {
        QueryEvent q = QueryEvent.parse(query("shop", "ALTER TABLE t ADD c INT", status()), FD);
        assertThat(q.database()).isEqualTo("shop");
        assertThat(q.sql()).isEqualTo("ALTER TABLE t ADD c INT");
        assertThat(q.threadId()).isEqualTo(42);
        assertThat(q.execTimeSeconds()).isEqualTo(3);
        SessionState s = q.state();
        assertThat(s.catalog()).isEqualTo("std");
        assertThat(s.charsets()).isEqualTo(new SessionState.Charsets(8, 255, 255));
        assertThat(s.updatedDbNames()).containsExactly("a", "b");
        assertThat(s.ddlXid()).isEqualTo(99);
        Map<Integer, String> names = Map.of(255, "utf8mb4_0900_ai_ci");
        assertThat(q.sessionStatements(names::get))
                .containsExactly(
                        "USE `shop`",
                        "SET @@session.timestamp=1700000000.123456",
                        "SET @@session.pseudo_thread_id=42",
                        "SET @@session.foreign_key_checks=0, @@session.sql_auto_is_null=0, @@session.unique_checks=1,"
                                + " @@session.autocommit=1",
                        "SET @@session.sql_mode=2097154 /* 'PIPES_AS_CONCAT,STRICT_TRANS_TABLES' */",
                        "SET @@session.auto_increment_increment=1, @@session.auto_increment_offset=1",
                        "SET @@session.collation_connection='utf8mb4_0900_ai_ci',"
                                + " @@session.collation_server='utf8mb4_0900_ai_ci'",
                        "SET @@session.time_zone='+09:00'",
                        "SET @@session.lc_time_names=0",
                        "SET @@session.collation_database=DEFAULT",
                        "SET @@session.default_collation_for_utf8mb4='utf8mb4_0900_ai_ci'",
                        "SET @@session.sql_require_primary_key=1",
                        "SET @@session.default_table_encryption=0");
    }

    @Test
    void queryTextIsDecodedFromTheClientCharset() {
        byte[] status = {4, 8, 0, (byte) 255, 0, (byte) 255, 0}; // latin1 client
        byte[] e = query("", "x", status);
        // replace the 1-byte text 'x' by latin1 0xE9 ('é')
        e[e.length - 5] = (byte) 0xE9;
        EventChecksums.seal(e);
        assertThat(QueryEvent.parse(e, FD).sql()).isEqualTo("é");
        assertThat(QueryEvent.parse(e, FD).sessionStatements(id -> null)).doesNotContain("USE ``");
    }

    @Test
    void beginCommitRollbackAndCreateDatabase() {
        byte[] none = {};
        assertThat(QueryEvent.parse(query("d", "BEGIN", none), FD).isBegin()).isTrue();
        assertThat(QueryEvent.parse(query("d", "COMMIT", none), FD).isCommit()).isTrue();
        assertThat(QueryEvent.parse(query("d", "ROLLBACK", none), FD).isRollback())
                .isTrue();
        QueryEvent create = QueryEvent.parse(query("d", " /* x */ create  schema d", none), FD);
        assertThat(create.isCreateDatabase()).isTrue();
        assertThat(create.sessionStatements(id -> null)).noneMatch(s -> s.startsWith("USE"));
        assertThat(QueryEvent.parse(query("d", "CREATE DATABASES", none), FD).isCreateDatabase())
                .isFalse();
        QueryEvent drop = QueryEvent.parse(query("gone", "DROP DATABASE IF EXISTS `gone`", none), FD);
        assertThat(drop.namesItsDatabase()).isTrue();
        assertThat(drop.isCreateDatabase()).isFalse();
        assertThat(drop.sessionStatements(id -> null)).noneMatch(s -> s.startsWith("USE"));
        assertThat(QueryEvent.parse(query("d", "DROP TABLE d.t", none), FD).namesItsDatabase())
                .isFalse();
    }

    @Test
    void aDropDatabaseNeedsNoUseOfTheDatabaseItDrops() {
        byte[] none = {};
        // MySQL logs DROP DATABASE IF EXISTS d with d as the default database, even when d never existed
        QueryEvent drop = QueryEvent.parse(query("d", "DROP DATABASE IF EXISTS `d`", none), FD);
        assertThat(drop.namesItsDatabase()).isTrue();
        assertThat(drop.isCreateDatabase()).isFalse();
        assertThat(drop.sessionStatements(id -> null)).noneMatch(s -> s.startsWith("USE"));
        assertThat(QueryEvent.parse(query("d", "/* x */ drop schema d", none), FD)
                        .namesItsDatabase())
                .isTrue();
        QueryEvent dropTable = QueryEvent.parse(query("d", "DROP TABLE t", none), FD);
        assertThat(dropTable.namesItsDatabase()).isFalse();
        assertThat(dropTable.sessionStatements(id -> null)).anyMatch(s -> s.startsWith("USE"));
    }

    @Test
    void unknownStatusVariableStopsTheParse() {
        byte[] status = {14, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThatThrownBy(() -> QueryEvent.parse(query("d", "DROP TABLE t", status), FD))
                .isInstanceOf(PitrException.class)
                .hasMessageContaining("unknown status variable code 14");
    }

    @Test
    void sqlModeNamesInMysql80Order() {
        assertThat(SqlModes.sqlModeNames(0)).isEmpty();
        assertThat(SqlModes.sqlModeNames(1L << 32 | 1L << 30 | 1))
                .isEqualTo("REAL_AS_FLOAT,NO_ENGINE_SUBSTITUTION,TIME_TRUNCATE_FRACTIONAL");
        assertThat(SqlModes.sqlModeNames(1L << 9 | 1L << 28)).isEmpty();
        assertThatThrownBy(() -> SqlModes.sqlModeNames(1L << 33)).isInstanceOf(PitrException.class);
    }

    @Test
    void gtidEvent() {
        GtidEventInfo g = GtidEventInfo.parse(gtid("3e11fa4771ca11e19e33c80aa9429562", 23), FD);
        assertThat(g.gtid()).isEqualTo(new Gtid("3e11fa47-71ca-11e1-9e33-c80aa9429562", 23));
        assertThat(g.lastCommitted()).isEqualTo(5);
        assertThat(g.sequenceNumber()).isEqualTo(6);
        assertThat(g.immediateCommitMicros()).isEqualTo(1_700_000_000_000_002L);
        assertThat(g.originalCommitMicros()).isEqualTo(1_700_000_000_000_001L);
        assertThat(g.transactionLength()).isEqualTo(1000);
        assertThat(g.immediateServerVersion()).isEqualTo(80031);
        assertThat(g.gtidNextStatement())
                .isEqualTo("SET @@session.gtid_next='3e11fa47-71ca-11e1-9e33-c80aa9429562:23'");
    }

    @Test
    void payloadEventsGetACrc32WhenTheFdeSaysSo() {
        byte[] tm = event(EventTypes.TABLE_MAP, Arrays.copyOfRange(tableMap(9, "d", "t"), 19, 19 + 18), false);
        byte[] wr = event(EventTypes.WRITE_ROWS, Arrays.copyOfRange(rows(EventTypes.WRITE_ROWS, 9, 1), 19, 32), false);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        plain.writeBytes(tm);
        plain.writeBytes(wr);
        byte[] compressed = Zstd.compress(plain.toByteArray());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {1, 1, (byte) compressed.length, 2, 1, 0, 3, 1, (byte) plain.size(), 0});
        body.writeBytes(compressed);
        List<byte[]> inner =
                TransactionPayload.events(event(EventTypes.TRANSACTION_PAYLOAD, body.toByteArray(), true), FD);
        assertThat(inner).hasSize(2);
        inner.forEach(FD::verify);
        assertThat(TableMap.parse(inner.get(0), FD).table()).isEqualTo("t");
        assertThat(RowsEvents.tableId(inner.get(1), FD)).isEqualTo(9);
        List<byte[]> plainInner =
                TransactionPayload.events(event(EventTypes.TRANSACTION_PAYLOAD, body.toByteArray(), false), FD_NO_CRC);
        assertThat(plainInner.get(1)).isEqualTo(wr);
    }

    @Test
    void bigGroupsAreSplitIntoSelfContainedStatements() {
        byte[] tm = tableMap(9, "d", "t");
        List<byte[]> group = new ArrayList<>(List.of(tm));
        for (int i = 0; i < 5; i++) {
            group.add(rows(EventTypes.UPDATE_ROWS, 9, i == 4 ? RowsEvents.STMT_END_F : 0));
        }
        long limit = BinlogStatements.statementLength(tm.length + 2L * group.get(1).length);
        List<String> statements = BinlogStatements.binlog(group, FD, limit);
        assertThat(statements).hasSize(3);
        for (String s : statements) {
            assertThat((long) s.length()).isLessThanOrEqualTo(limit);
            List<byte[]> events = decode(s);
            assertThat(events.get(0)).isEqualTo(tm);
            byte[] last = events.get(events.size() - 1);
            FD.verify(last);
            assertThat(RowsEvents.endsStatement(last, FD)).isTrue();
        }
        assertThat(BinlogStatements.binlog(group, FD, Long.MAX_VALUE)).containsExactly(BinlogStatements.binlog(group));
        assertThatThrownBy(() -> BinlogStatements.binlog(group, FD, 100)).hasMessageContaining("max_allowed_packet");
    }

    /** Many short SQL statements (a batch of transactions): cut between statements, never inside one, each ≤ limit. */
    @Test
    void manyStatementsAreCutBetweenStatements() {
        List<byte[]> events = new ArrayList<>();
        for (int s = 0; s < 50; s++) {
            events.add(tableMap(9, "d", "t"));
            events.add(rows(EventTypes.WRITE_ROWS, 9, 0));
            events.add(rows(EventTypes.WRITE_ROWS, 9, RowsEvents.STMT_END_F));
        }
        long statementBytes = events.get(0).length + events.get(1).length + events.get(2).length;
        long limit = BinlogStatements.statementLength(7 * statementBytes + statementBytes / 2);
        List<String> statements = BinlogStatements.binlog(events, FD, limit);
        assertThat(statements).hasSize(8); // 7 statements fit in each, 50 = 7 * 7 + 1
        int total = 0;
        for (String s : statements) {
            assertThat((long) s.length()).isLessThanOrEqualTo(limit);
            List<byte[]> decoded = decode(s);
            assertThat(EventHeader.type(decoded.get(0))).isEqualTo(EventTypes.TABLE_MAP);
            assertThat(RowsEvents.endsStatement(decoded.get(decoded.size() - 1), FD))
                    .isTrue();
            total += decoded.size();
        }
        assertThat(total).isEqualTo(events.size());
    }

    private static List<byte[]> decode(String statement) {
        byte[] all = Base64.getDecoder().decode(statement.substring(8, statement.length() - 1));
        List<byte[]> events = new ArrayList<>();
        for (int at = 0; at < all.length; ) {
            int n = (int) Bytes.u32(all, at + 9);
            events.add(Arrays.copyOfRange(all, at, at + n));
            at += n;
        }
        return events;
    }

    @Test
    void truncatedOrMangledEventsFailAsJournalCorruptNeverOutOfBounds() {
        List<Function<byte[], Object>> parsers = List.of(
                e -> TableMap.parse(e, FD),
                e -> RowsEvents.tableId(e, FD),
                e -> QueryEvent.parse(e, FD),
                e -> GtidEventInfo.parse(e, FD),
                FormatDescription::parse,
                EventHeader::parse);
        List<byte[]> samples = List.of(
                tableMap(1, "db", "tbl"),
                rows(EventTypes.WRITE_ROWS, 1, 1),
                query("shop", "DROP TABLE t", status()),
                gtid("3e11fa4771ca11e19e33c80aa9429562", 1),
                fde(true));
        for (byte[] sample : samples) {
            for (int n = 0; n < sample.length; n++) {
                byte[] cut = Arrays.copyOf(sample, n);
                if (n >= 13) {
                    Bytes.put32(cut, 9, n);
                }
                if (n >= 23) {
                    EventChecksums.seal(cut);
                }
                for (Function<byte[], Object> p : parsers) {
                    try {
                        p.apply(cut);
                    } catch (PitrException e) {
                        assertThat(e.code()).isEqualTo(ErrorCode.JOURNAL_CORRUPT);
                    }
                }
            }
        }
    }
}
