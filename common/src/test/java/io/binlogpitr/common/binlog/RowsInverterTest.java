package io.binlogpitr.common.binlog;

import static io.binlogpitr.common.binlog.RowEvents.Col;
import static io.binlogpitr.common.binlog.RowEvents.bytes;
import static io.binlogpitr.common.binlog.RowEvents.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The inverse of one row of a rows event, built from its bytes, decodes to the row with the images swapped. */
class RowsInverterTest {
    private static final List<Col> COLS = List.of(Col.of(ColumnTypes.LONG, "id"), Col.of(ColumnTypes.TINY, "n"));
    private static final byte[] MAP = RowEvents.tableMap(COLS, RowEvents.names(COLS));
    private static final TableDefinition DEF = TableDefinition.parse(MAP, RowEvents.FD);

    private static byte[] image(int id, int n) {
        return concat(bytes(0), bytes(id, 0, 0, 0), bytes(n));
    }

    private static List<RawRow> raws(byte[] rows) {
        List<RawRow> out = new ArrayList<>();
        RowsDecoder.decode(rows, RowEvents.FD, DEF, MAP, (row, raw) -> out.add(raw));
        return out;
    }

    private static List<RowChange> decode(byte[] rows) {
        RowEvents.FD.verify(rows);
        List<RowChange> out = new ArrayList<>();
        RowsDecoder.decode(rows, RowEvents.FD, DEF, out::add);
        return out;
    }

    @Test
    void theSecondRowOfADeleteBecomesAWriteOfThatRowAloneWithItsChecksumAndOnlyStatementEnd() {
        byte[] delete = RowEvents.rows(EventTypes.DELETE_ROWS, 2, image(1, 10), image(2, 20), image(3, 30));
        List<RawRow> raws = raws(delete);
        assertThat(raws).hasSize(3);
        List<byte[]> undo = RowsInverter.undo(raws.get(1));
        assertThat(undo.get(0)).isSameAs(MAP);
        byte[] write = undo.get(1);
        assertThat(EventHeader.parse(write).type()).isEqualTo(EventTypes.WRITE_ROWS);
        assertThat(RowsEvents.flags(write, RowEvents.FD)).isEqualTo(RowsEvents.STMT_END_F);
        assertThat(RowsEvents.tableId(write, RowEvents.FD)).isEqualTo(RowEvents.TABLE_ID);
        List<RowChange> back = decode(write);
        assertThat(back).hasSize(1);
        assertThat(back.get(0).type()).isEqualTo(RowChange.Type.INSERT);
        assertThat(back.get(0).after()).containsExactly(2L, 20L);
        // the extra row info (partition) of the original is dropped: 19 header, 6 id, 2 flags, 2 extra, 1 count,
        // 1 bitmap, 6 image, 4 CRC32
        assertThat(write).hasSize(19 + 6 + 2 + 2 + 1 + 1 + 6 + 4);
    }

    @Test
    void aWriteBecomesADeleteAndAnUpdateSwapsItsImages() {
        byte[] write = RowEvents.rows(EventTypes.WRITE_ROWS, 2, image(5, 50));
        List<RowChange> deleted = decode(RowsInverter.inverse(raws(write).get(0)));
        assertThat(deleted.get(0).type()).isEqualTo(RowChange.Type.DELETE);
        assertThat(deleted.get(0).before()).containsExactly(5L, 50L);

        byte[] update =
                RowEvents.rows(EventTypes.UPDATE_ROWS, 2, image(1, 10), image(1, 11), image(2, 20), image(7, 21));
        List<RawRow> raws = raws(update);
        assertThat(raws).hasSize(2);
        List<RowChange> back = decode(RowsInverter.inverse(raws.get(1)));
        assertThat(back).hasSize(1);
        assertThat(back.get(0).type()).isEqualTo(RowChange.Type.UPDATE);
        assertThat(back.get(0).before()).containsExactly(7L, 21L);
        assertThat(back.get(0).after()).containsExactly(2L, 20L);
    }

    @Test
    void theFormatDescriptionForABinlogStatementHasNoCreateTimeNorInUseFlagAndAValidChecksum() {
        byte[] fde = BinlogEventsTest.fde(true).clone();
        Bytes.put32(fde, 19 + 2 + 50, 1_700_000_123L);
        EventChecksums.seal(fde);
        // as the server writes it: the flag set after the checksum was computed without it
        fde[17] |= (byte) EventChecksums.BINLOG_IN_USE_F;
        FormatDescription fd = FormatDescription.parse(fde);
        byte[] sent = RowsInverter.formatDescription(fd);
        assertThat(Bytes.u32(sent, 19 + 2 + 50)).isZero();
        assertThat(sent[17] & EventChecksums.BINLOG_IN_USE_F).isZero();
        assertThat(FormatDescription.parse(sent).postHeaderLengths()).isEqualTo(fd.postHeaderLengths());
    }

    @Test
    void forASessionSentAFormatWithoutChecksumsTheEventsLoseTheirCrc32() {
        FormatDescription none = FormatDescription.parse(BinlogEventsTest.fde(false));
        byte[] delete = RowEvents.rows(EventTypes.DELETE_ROWS, 2, image(4, 40));
        List<byte[]> undo = RowsInverter.undo(raws(delete).get(0), none);
        assertThat(undo.get(0)).hasSize(MAP.length - 4);
        assertThat(EventHeader.parse(undo.get(0)).length()).isEqualTo(MAP.length - 4);
        assertThat(TableDefinition.parse(undo.get(0), none).columns()).hasSize(2);
        List<RowChange> back = new ArrayList<>();
        RowsDecoder.decode(undo.get(1), none, DEF, back::add);
        assertThat(back.get(0).after()).containsExactly(4L, 40L);
        // and back: a CRC32 computed for a session that expects one
        assertThat(RowsInverter.reframe(undo.get(0), none, RowEvents.FD)).isEqualTo(MAP);
    }

    @Test
    void aPartialJsonUpdateCannotBeInverted() {
        assertThatThrownBy(() -> RowsInverter.inverseType(EventTypes.PARTIAL_UPDATE_ROWS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PARTIAL_UPDATE_ROWS");
    }
}
