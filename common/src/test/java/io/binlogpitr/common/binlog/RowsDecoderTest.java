package io.binlogpitr.common.binlog;

import static io.binlogpitr.common.binlog.RowEvents.Col;
import static io.binlogpitr.common.binlog.RowEvents.bytes;
import static io.binlogpitr.common.binlog.RowEvents.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.sql.ValueKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Row images built byte by byte: every value form, MySQL's own encodings, and damaged images. */
class RowsDecoderTest {

    private static List<RowChange> decode(byte[] tableMap, byte[] rows) {
        TableDefinition def = TableDefinition.parse(tableMap, RowEvents.FD);
        List<RowChange> out = new ArrayList<>();
        RowsDecoder.decode(rows, RowEvents.FD, def, out::add);
        return out;
    }

    private static Object[] insertOne(List<Col> cols, byte[] image, byte[]... optional) {
        List<RowChange> rows =
                decode(RowEvents.tableMap(cols, optional), RowEvents.rows(EventTypes.WRITE_ROWS, cols.size(), image));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).type()).isEqualTo(RowChange.Type.INSERT);
        return rows.get(0).after();
    }

    @Test
    void integersSignedAndUnsignedAtTheirExtremes() {
        List<Col> cols = new ArrayList<>();
        int[] types = {ColumnTypes.TINY, ColumnTypes.SHORT, ColumnTypes.INT24, ColumnTypes.LONG, ColumnTypes.LONGLONG};
        for (int t : types) {
            cols.add(Col.of(t, "s" + t));
            cols.add(Col.of(t, "u" + t));
        }
        // SIGNEDNESS: one bit per numeric column, most significant first; every second column unsigned
        byte[] signedness = tlvOf(TableMapDecoder.SIGNEDNESS, bytes(0b01010101, 0b01000000));
        byte[] allOnes = new byte[2 * (1 + 2 + 3 + 4 + 8)];
        Arrays.fill(allOnes, (byte) 0xFF);
        Object[] minusOne = insertOne(cols, concat(bytes(0, 0), allOnes), signedness);
        assertThat(minusOne)
                .containsExactly(
                        -1L,
                        255L,
                        -1L,
                        65535L,
                        -1L,
                        16777215L,
                        -1L,
                        4294967295L,
                        -1L,
                        new BigInteger("18446744073709551615"));

        byte[] mins = concat(
                bytes(0, 0),
                bytes(0x80, 0x80), // TINY: -128, 128
                bytes(0, 0x80, 0, 0x80),
                bytes(0, 0, 0x80, 0, 0, 0x80),
                bytes(0, 0, 0, 0x80, 0, 0, 0, 0x80),
                bytes(0, 0, 0, 0, 0, 0, 0, 0x80, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F));
        assertThat(insertOne(cols, mins, signedness))
                .containsExactly(
                        -128L,
                        128L,
                        -32768L,
                        32768L,
                        -8388608L,
                        8388608L,
                        -2147483648L,
                        2147483648L,
                        Long.MIN_VALUE,
                        Long.MAX_VALUE);
        TableDefinition def = TableDefinition.parse(RowEvents.tableMap(cols, signedness), RowEvents.FD);
        assertThat(def.columns().get(9).unsigned()).isTrue();
        assertThat(def.columns().get(8).unsigned()).isFalse();
        assertThat(def.namesLogged()).isFalse();
    }

    /**
     * The SIGNEDNESS bitmap has a bit for a YEAR column too (MySQL sets it: YEAR is unsigned). The columns and the
     * bitmap (0x10) are those of fz.rt_5's TABLE_MAP from MySQL 8.0.31 with binlog_row_metadata=MINIMAL: id INT,
     * c0 INT, c1 FLOAT, c2 YEAR, c3 MEDIUMTEXT, c4 VARCHAR, c5 BIGINT, c6 LONGTEXT, d0 INT, h0 INT, g0 INT, g1
     * VARCHAR, the set bit being c2's; read without YEAR, c5 came out unsigned.
     */
    @Test
    void signednessBitmapCountsYearColumns() {
        List<Col> cols = List.of(
                Col.of(ColumnTypes.LONG, "id"),
                Col.of(ColumnTypes.LONG, "c0"),
                Col.of(ColumnTypes.FLOAT, "c1", 4),
                Col.of(ColumnTypes.YEAR, "c2"),
                Col.of(ColumnTypes.BLOB, "c3", 3),
                Col.of(ColumnTypes.VARCHAR, "c4", 120, 0),
                Col.of(ColumnTypes.LONGLONG, "c5"),
                Col.of(ColumnTypes.BLOB, "c6", 4),
                Col.of(ColumnTypes.LONG, "d0"),
                Col.of(ColumnTypes.LONG, "h0"),
                Col.of(ColumnTypes.LONG, "g0"),
                Col.of(ColumnTypes.VARCHAR, "g1", 0x40, 0x01));
        byte[] signedness = tlvOf(TableMapDecoder.SIGNEDNESS, bytes(0x10));
        TableDefinition def = TableDefinition.parse(RowEvents.tableMap(cols, signedness), RowEvents.FD);
        List<Boolean> unsigned =
                def.columns().stream().map(BinlogColumn::unsigned).toList();
        assertThat(unsigned)
                .containsExactly(false, false, false, true, false, false, false, false, false, false, false, false);

        // YEAR, BIGINT, INT UNSIGNED, SMALLINT: bits YEAR=1, BIGINT=0, INT=1, SMALLINT=0
        List<Col> after = List.of(
                Col.of(ColumnTypes.YEAR, "y"),
                Col.of(ColumnTypes.LONGLONG, "b"),
                Col.of(ColumnTypes.LONG, "u"),
                Col.of(ColumnTypes.SHORT, "s"));
        byte[] bits = tlvOf(TableMapDecoder.SIGNEDNESS, bytes(0b10100000));
        byte[] image = concat(
                bytes(0),
                bytes(126), // 2026
                bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF),
                bytes(0xFF, 0xFF, 0xFF, 0xFF),
                bytes(0xFF, 0xFF));
        assertThat(insertOne(after, image, bits)).containsExactly(2026L, -1L, 4294967295L, -1L);
    }

    private static byte[] tlvOf(int type, byte[] value) {
        return RowEvents.tlv(type, value);
    }

    @Test
    void decimalsMatchMysqlsDocumentedPackingAndRoundTripManyDigits() {
        // strings/decimal.cc: DECIMAL(14,4) 1234567890.1234 is 81 0D FB 38 D2 04 D2; its negative inverts every byte
        byte[] positive = bytes(0x81, 0x0D, 0xFB, 0x38, 0xD2, 0x04, 0xD2);
        assertThat(DecimalBinary.read(positive, 0, 14, 4)).isEqualTo(new BigDecimal("1234567890.1234"));
        byte[] negative = bytes(0x7E, 0xF2, 0x04, 0xC7, 0x2D, 0xFB, 0x2D);
        assertThat(DecimalBinary.read(negative, 0, 14, 4)).isEqualTo(new BigDecimal("-1234567890.1234"));

        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            int precision = 1 + random.nextInt(65);
            int scale = random.nextInt(Math.min(precision, 30) + 1);
            BigInteger unscaled = new BigInteger(precision * 4, random).mod(BigInteger.TEN.pow(precision));
            BigDecimal v = new BigDecimal(random.nextBoolean() ? unscaled.negate() : unscaled, scale);
            byte[] bin = DecimalCodec.encode(v, precision, scale);
            assertThat(bin).hasSize(DecimalBinary.size(precision, scale));
            BigDecimal back = DecimalBinary.read(bin, 0, precision, scale);
            assertThat(back).as("DECIMAL(%d,%d) %s", precision, scale, v).isEqualTo(v);
            assertThat(back.scale()).isEqualTo(scale);
        }
        // a group above 999999999 is no decimal
        assertThat(DecimalBinary.read(bytes(0x80 | 0x3B, 0x9A, 0xCA, 0x00), 0, 9, 0))
                .isNull();
    }

    @Test
    void decimalColumnKeepsItsScale() {
        List<Col> cols =
                List.of(Col.of(ColumnTypes.NEWDECIMAL, "d", 65, 30), Col.of(ColumnTypes.NEWDECIMAL, "z", 10, 2));
        BigDecimal big = new BigDecimal("-12345678901234567890123456789012345.123456789012345678901234567890");
        Object[] row = insertOne(
                cols,
                concat(bytes(0), DecimalCodec.encode(big, 65, 30), DecimalCodec.encode(new BigDecimal("0.00"), 10, 2)));
        assertThat(row[0]).isEqualTo(big);
        assertThat(((BigDecimal) row[1]).toPlainString()).isEqualTo("0.00");
    }

    @Test
    void floatsDoublesBitsAndYears() {
        List<Col> cols = List.of(
                Col.of(ColumnTypes.FLOAT, "f", 4),
                Col.of(ColumnTypes.DOUBLE, "d", 8),
                Col.of(ColumnTypes.BIT, "b", 5, 1), // BIT(13): 5 bits + 1 byte
                Col.of(ColumnTypes.YEAR, "y"),
                Col.of(ColumnTypes.YEAR, "y0"));
        byte[] f = new byte[4];
        Bytes.put32(f, 0, Float.floatToRawIntBits(-0.0f));
        byte[] d = new byte[8];
        Bytes.put64(d, 0, Double.doubleToRawLongBits(Math.nextUp(0.1)));
        Object[] row = insertOne(cols, concat(bytes(0), f, d, bytes(0x1F, 0xFF), bytes(255), bytes(0)));
        assertThat(Float.floatToRawIntBits((Float) row[0])).isEqualTo(Float.floatToRawIntBits(-0.0f));
        assertThat(row[1]).isEqualTo(Math.nextUp(0.1));
        assertThat((byte[]) row[2]).containsExactly(0x1F, 0xFF);
        assertThat(row[3]).isEqualTo(2155L);
        assertThat(row[4]).isEqualTo(0L);
    }

    @Test
    void temporalsWithEveryPrecisionZeroDatesAndNegativeTimes() {
        List<Col> cols = List.of(
                Col.of(ColumnTypes.TIME2, "t0", 0),
                Col.of(ColumnTypes.TIME2, "t1", 1),
                Col.of(ColumnTypes.TIME2, "t4", 4),
                Col.of(ColumnTypes.TIME2, "t6", 6),
                Col.of(ColumnTypes.DATETIME2, "dt3", 3),
                Col.of(ColumnTypes.DATETIME2, "dt0", 0),
                Col.of(ColumnTypes.TIMESTAMP2, "ts2", 2),
                Col.of(ColumnTypes.TIMESTAMP2, "ts6", 6),
                Col.of(ColumnTypes.DATE, "d"),
                Col.of(ColumnTypes.DATE, "d0"),
                Col.of(ColumnTypes.TIME, "old_t"),
                Col.of(ColumnTypes.DATETIME, "old_dt"),
                Col.of(ColumnTypes.TIMESTAMP, "old_ts"));
        long dt = ((2020L * 13 + 2) << 5 | 0) << 17 | (10 << 12 | 11 << 6 | 12); // 2020-02-00 10:11:12
        byte[] oldTime = new byte[3];
        Bytes.put16(oldTime, 0, -123456 & 0xFFFF);
        oldTime[2] = (byte) (-123456 >> 16);
        byte[] oldDt = new byte[8];
        Bytes.put64(oldDt, 0, 99991231235959L);
        byte[] image = concat(
                bytes(0, 0),
                be(0x800000 - 1, 3), // -00:00:01
                concat(be(0x800000 - 1, 3), bytes(0xCE)), // -00:00:00.5 (fraction counted down from the next second)
                concat(be(0x800000 + (838 << 12 | 59 << 6 | 59), 3), be(9999, 2)), // 838:59:59.9999
                be(0x800000000000L - 1, 6), // -00:00:00.000001
                concat(be(dt + 0x8000000000L, 5), be(3450, 2)), // .345
                be(0x8000000000L, 5), // 0000-00-00 00:00:00
                concat(be(0, 4), bytes(0)), // zero TIMESTAMP
                concat(be(2147483647L, 4), be(999999, 3)),
                le((2021 << 9 | 2 << 5 | 31), 3), // 2021-02-31 (ALLOW_INVALID_DATES)
                le(0, 3),
                oldTime,
                oldDt,
                le(1, 4));
        assertThat(insertOne(cols, image))
                .containsExactly(
                        "-00:00:01",
                        "-00:00:00.5",
                        "838:59:59.9999",
                        "-00:00:00.000001",
                        "2020-02-00 10:11:12.345",
                        "0000-00-00 00:00:00",
                        "0000-00-00 00:00:00.00",
                        "2038-01-19 03:14:07.999999",
                        "2021-02-31",
                        "0000-00-00",
                        "-12:34:56",
                        "9999-12-31 23:59:59",
                        "1970-01-01 00:00:01");
    }

    private static byte[] be(long v, int n) {
        byte[] b = new byte[n];
        for (int i = n - 1; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    private static byte[] le(long v, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    @Test
    void stringsEnumsAndSetsWithFullMetadata() {
        List<Col> cols = List.of(
                Col.of(ColumnTypes.VARCHAR, "v", 44, 1), // VARCHAR of 300 bytes: 2-byte length
                Col.of(ColumnTypes.STRING, "c", 0xCE, 0xFC), // CHAR(255) utf8mb4: 1020 bytes, type bits borrowed
                Col.of(ColumnTypes.STRING, "bin", 0xFE, 4), // BINARY(4)
                Col.of(ColumnTypes.STRING, "e", ColumnTypes.ENUM, 1),
                Col.of(ColumnTypes.STRING, "s", ColumnTypes.SET, 1),
                Col.of(ColumnTypes.BLOB, "txt", 2),
                Col.of(ColumnTypes.GEOMETRY, "g", 4));
        // CHARSETS: DEFAULT_CHARSET utf8mb4_0900_ai_ci (255), column 2 of the character columns binary (63)
        byte[] charset = tlvOf(TableMapDecoder.DEFAULT_CHARSET, bytes(252, 255, 0, 2, 63, 3, 28));
        byte[] enumCharset = tlvOf(TableMapDecoder.ENUM_AND_SET_DEFAULT_CHARSET, bytes(8)); // latin1
        byte[] enums = tlvOf(TableMapDecoder.ENUM_STR_VALUE, bytes(2, 1, 'a', 1, 0xE9));
        byte[] sets = tlvOf(TableMapDecoder.SET_STR_VALUE, bytes(3, 1, 'x', 0, 1, 'z'));
        byte[] pk = tlvOf(TableMapDecoder.SIMPLE_PRIMARY_KEY, bytes(1));
        TableDefinition def = TableDefinition.parse(
                RowEvents.tableMap(cols, charset, RowEvents.names(cols), enumCharset, enums, sets, pk), RowEvents.FD);
        assertThat(def.namesLogged()).isTrue();
        assertThat(def.primaryKey()).containsExactly(1);
        assertThat(def.columns())
                .extracting(BinlogColumn::type)
                .containsExactly(
                        ColumnTypes.VARCHAR,
                        ColumnTypes.STRING,
                        ColumnTypes.STRING,
                        ColumnTypes.ENUM,
                        ColumnTypes.SET,
                        ColumnTypes.BLOB,
                        ColumnTypes.GEOMETRY);
        assertThat(def.columns()).extracting(BinlogColumn::meta).containsExactly(300, 1020, 4, 1, 1, 2, 4);
        assertThat(def.columns())
                .extracting(BinlogColumn::charset)
                .containsExactly("utf8mb4", "utf8mb4", "binary", "latin1", "latin1", "gbk", null);
        assertThat(def.columns())
                .extracting(BinlogColumn::kind)
                .containsExactly(
                        ValueKind.TEXT,
                        ValueKind.TEXT,
                        ValueKind.BINARY,
                        ValueKind.TEXT,
                        ValueKind.TEXT,
                        ValueKind.TEXT,
                        ValueKind.GEOMETRY);
        assertThat(def.columns().get(3).enumOrSetValues()).containsExactly("a", "é");

        byte[] image = concat(
                bytes(0),
                bytes(3, 0, 'a', 'b', 'c'),
                bytes(2, 0, 'x', 'y'),
                bytes(1, 7),
                bytes(2),
                bytes(0b101),
                bytes(2, 0, 0xD6, 0xD0),
                bytes(5, 0, 0, 0, 1, 2, 3, 4, 5));
        List<RowChange> rows = new ArrayList<>();
        RowsDecoder.decode(
                RowEvents.rows(EventTypes.DELETE_ROWS, cols.size(), image, image), RowEvents.FD, def, rows::add);
        assertThat(rows).hasSize(2).allSatisfy(r -> assertThat(r.type()).isEqualTo(RowChange.Type.DELETE));
        Object[] row = rows.get(0).before();
        assertThat((byte[]) row[0]).asString(StandardCharsets.UTF_8).isEqualTo("abc");
        assertThat((byte[]) row[1]).asString(StandardCharsets.UTF_8).isEqualTo("xy");
        assertThat((byte[]) row[2]).containsExactly(7, 0, 0, 0); // BINARY(4) comes back padded
        assertThat((byte[]) row[3]).containsExactly(0xE9);
        assertThat((byte[]) row[4]).asString(StandardCharsets.UTF_8).isEqualTo("x,z");
        assertThat((byte[]) row[5]).containsExactly(0xD6, 0xD0);
        assertThat((byte[]) row[6]).containsExactly(1, 2, 3, 4, 5);

        StringBuilder sb = new StringBuilder();
        RowSql.delete(sb, def, "renamed`db", row);
        assertThat(sb.toString()).isEqualTo("DELETE FROM `renamed``db`.`t` WHERE `c`=_utf8mb4'xy' LIMIT 1");
    }

    @Test
    void enumAndSetWithoutMembersAreNumbers() {
        List<Col> cols = List.of(
                Col.of(ColumnTypes.STRING, "e", ColumnTypes.ENUM, 2),
                Col.of(ColumnTypes.STRING, "s", ColumnTypes.SET, 8));
        Object[] row = insertOne(cols, concat(bytes(0), bytes(0, 1), le(0x8000000000000001L, 8)));
        assertThat(row[0]).isEqualTo(256L);
        assertThat(row[1]).isEqualTo(0x8000000000000001L); // the 64 bits, as MySQL compares a SET with a number
        TableDefinition def =
                TableDefinition.parse(RowEvents.tableMap(cols), RowEvents.FD).withNames(List.of("e", "s"), List.of());
        StringBuilder sb = new StringBuilder();
        RowSql.update(sb, def, null, row, new Object[] {0L, null});
        assertThat(sb.toString())
                .isEqualTo("UPDATE `db`.`t` SET `e`=0,`s`=NULL WHERE `e`<=>256 AND `s`<=>-9223372036854775807 LIMIT 1");
    }

    @Test
    void enumIndexZeroIsTheEmptyString() {
        List<Col> cols = List.of(Col.of(ColumnTypes.STRING, "e", ColumnTypes.ENUM, 1));
        byte[] members = tlvOf(TableMapDecoder.ENUM_STR_VALUE, bytes(1, 1, 'a'));
        byte[] charset = tlvOf(TableMapDecoder.ENUM_AND_SET_DEFAULT_CHARSET, bytes(45));
        assertThat((byte[]) insertOne(cols, bytes(0, 0), members, charset)[0]).isEmpty();
    }

    @Test
    void updatesAndV1EventsAndNulls() {
        List<Col> cols = List.of(Col.of(ColumnTypes.LONG, "id"), Col.of(ColumnTypes.VARCHAR, "v", 10, 0));
        byte[] tm = RowEvents.tableMap(
                cols,
                RowEvents.names(cols),
                tlvOf(TableMapDecoder.SIMPLE_PRIMARY_KEY, bytes(0)),
                tlvOf(TableMapDecoder.DEFAULT_CHARSET, bytes(45)));
        byte[] before = concat(bytes(0b10), le(5, 4));
        byte[] after = concat(bytes(0), le(6, 4), bytes(2, 'h', 'i'));
        List<RowChange> rows = decode(tm, RowEvents.rows(EventTypes.UPDATE_ROWS, 2, before, after));
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.type()).isEqualTo(RowChange.Type.UPDATE);
            assertThat(r.before()).containsExactly(5L, null);
        });
        TableDefinition def = TableDefinition.parse(tm, RowEvents.FD);
        StringBuilder sb = new StringBuilder();
        RowSql.update(sb, def, null, rows.get(0).before(), rows.get(0).after());
        assertThat(sb.toString()).isEqualTo("UPDATE `db`.`t` SET `id`=6,`v`=_utf8mb4'hi' WHERE `id`=5 LIMIT 1");
        sb.setLength(0);
        RowSql.insert(sb, def, "other", rows.get(0).after());
        assertThat(sb.toString()).isEqualTo("INSERT INTO `other`.`t` (`id`,`v`) VALUES (6,_utf8mb4'hi')");

        // v1: no extra data
        byte[] v2 = RowEvents.rows(EventTypes.WRITE_ROWS, 2, after);
        byte[] body = concat(Arrays.copyOfRange(v2, 19, 27), Arrays.copyOfRange(v2, 31, v2.length - 4));
        byte[] v1 = BinlogEventsTest.event(EventTypes.WRITE_ROWS_V1, body, true);
        assertThat(RowsDecoder.typeOf(v1)).isEqualTo(RowChange.Type.INSERT);
        assertThat(decode(tm, v1)).singleElement().satisfies(r -> assertThat(r.after()[0])
                .isEqualTo(6L));
    }

    @Test
    void imagesWithoutEveryColumnAndPartialJsonAreRefusedWithTheSettingToChange() {
        List<Col> cols = List.of(Col.of(ColumnTypes.LONG, "id"), Col.of(ColumnTypes.LONG, "x"));
        byte[] tm = RowEvents.tableMap(cols);
        byte[] rows = RowEvents.rows(EventTypes.DELETE_ROWS, 2, concat(bytes(0), le(1, 4), le(2, 4)));
        rows[19 + 6 + 2 + 4 + 1] = 0b01; // columns-present: only the first (binlog_row_image=MINIMAL)
        EventChecksums.seal(rows);
        assertThatThrownBy(() -> decode(tm, rows))
                .isInstanceOf(PitrException.class)
                .hasMessageContaining("binlog_row_image=FULL")
                .extracting(e -> ((PitrException) e).code())
                .isEqualTo(ErrorCode.SOURCE_PREREQUISITES);
        byte[] partial = RowEvents.rows(EventTypes.PARTIAL_UPDATE_ROWS, 2, new byte[0]);
        assertThat(RowsDecoder.typeOf(partial)).isEqualTo(RowChange.Type.UPDATE);
        assertThatThrownBy(() -> decode(tm, partial))
                .isInstanceOf(PitrException.class)
                .hasMessageContaining("PARTIAL_UPDATE_ROWS")
                .satisfies(e -> assertThat(((PitrException) e).hint()).contains("binlog_row_value_options"));
    }

    @Test
    void damagedImagesAreJournalCorruptNeverAnIndexError() {
        List<Col> cols = List.of(
                Col.of(ColumnTypes.LONG, "id"),
                Col.of(ColumnTypes.VARCHAR, "v", 0, 1),
                Col.of(ColumnTypes.NEWDECIMAL, "d", 30, 10),
                Col.of(ColumnTypes.JSON, "j", 4),
                Col.of(ColumnTypes.BLOB, "b", 4),
                Col.of(ColumnTypes.DATETIME2, "t", 6));
        byte[] tm = RowEvents.tableMap(cols, tlvOf(TableMapDecoder.DEFAULT_CHARSET, bytes(45)));
        byte[] json = JsonCodec.doc();
        byte[] image = concat(
                bytes(0),
                le(1, 4),
                bytes(3, 0, 'a', 'b', 'c'),
                DecimalCodec.encode(new BigDecimal("-12345.6789012345"), 30, 10),
                le(json.length, 4),
                json,
                le(3, 4),
                bytes(1, 2, 3),
                be(((2020L * 13 + 2) << 22) + 0x8000000000L, 5),
                be(5, 3));
        byte[] good = RowEvents.rows(EventTypes.WRITE_ROWS, cols.size(), image);
        assertThat(decode(tm, good)).hasSize(1);
        TableDefinition def = TableDefinition.parse(tm, RowEvents.FD);
        Random random = new Random(11);
        int corrupt = 0;
        for (int cut = 20; cut < good.length - 4; cut++) {
            byte[] shortened = resealed(Arrays.copyOf(good, cut + 4));
            corrupt += journalCorruptOrDecodes(shortened, def) ? 1 : 0;
        }
        assertThat(corrupt).as("every cut short image is refused").isEqualTo(good.length - 4 - 20 - 1);
        for (int i = 0; i < 20_000; i++) {
            byte[] damaged = good.clone();
            int at = 33 + random.nextInt(good.length - 33 - 4); // the row images, after the columns-present bitmap
            damaged[at] = (byte) random.nextInt(256);
            journalCorruptOrDecodes(resealed(damaged), def);
        }
    }

    private static byte[] resealed(byte[] e) {
        Bytes.put32(e, 9, e.length);
        EventChecksums.seal(e);
        return e;
    }

    /** True if refused as JOURNAL_CORRUPT; false if it decoded; fails on any other exception. */
    private static boolean journalCorruptOrDecodes(byte[] event, TableDefinition def) {
        try {
            RowsDecoder.decode(event, RowEvents.FD, def, r -> {});
            return false;
        } catch (PitrException e) {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.JOURNAL_CORRUPT);
            return true;
        }
    }

    @Test
    void tableMapsThatDoNotParseAreJournalCorrupt() {
        List<Col> cols = List.of(Col.of(ColumnTypes.VARCHAR, "v", 10, 0), Col.of(ColumnTypes.LONG, "x"));
        byte[] good = RowEvents.tableMap(cols, RowEvents.names(cols));
        for (int cut = 20; cut < good.length - 4; cut++) {
            byte[] shortened = resealed(Arrays.copyOf(good, cut + 4));
            try {
                TableDefinition.parse(shortened, RowEvents.FD);
            } catch (PitrException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.JOURNAL_CORRUPT);
            }
        }
        assertThatThrownBy(() -> TableDefinition.parse(RowEvents.tableMap(List.of(Col.of(242, "vec"))), RowEvents.FD))
                .hasMessageContaining("type 242");
    }
}
