package io.binlogpitr.agent.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ExactTemporalCellsTest {

    private static Object decode(ColumnType type, int meta, String hex) throws IOException {
        return ExactTemporalCells.decode(
                type, meta, new ByteArrayInputStream(HexFormat.of().parseHex(hex)));
    }

    @Test
    void negativeTimeWithFraction() throws IOException {
        // TIME(1) '-01:02:03.5': int part 0x800000 - 4228 = 7FEF7C, fraction 0x100 - 50 = CE (MySQL borrows one second)
        assertThat(decode(ColumnType.TIME_V2, 1, "7FEF7CCE")).isEqualTo(-3_723_500_000L);
    }

    @Test
    void negativeTimeOneMicrosecond() throws IOException {
        // TIME(6) '-00:00:00.000001': 0x800000000000 - 1
        assertThat(decode(ColumnType.TIME_V2, 6, "7FFFFFFFFFFF")).isEqualTo(-1L);
    }

    @Test
    void largestTime() throws IOException {
        // TIME(0) '838:59:59': 0x800000 + (838 << 12 | 59 << 6 | 59)
        assertThat(decode(ColumnType.TIME_V2, 0, "B46EFB")).isEqualTo((838L * 3600 + 59 * 60 + 59) * 1_000_000L);
    }

    @Test
    void dateBeforeTheGregorianReformIsProlepticGregorian() throws IOException {
        // DATE '1000-01-01': 1000 << 9 | 1 << 5 | 1 = 0x07D021, little-endian
        assertThat(decode(ColumnType.DATE, 0, "21D007"))
                .isEqualTo(LocalDate.of(1000, 1, 1).toEpochDay() * 86_400_000_000L);
    }

    @Test
    void datetimeWithMicroseconds() throws IOException {
        // DATETIME(6) '1582-10-10 01:02:03.000004': (1582*13+10) << 22 | 10 << 17 | 1 << 12 | 2 << 6 | 3, +
        // 0x8000000000
        long ym = 1582 * 13 + 10;
        long packed = 0x8000000000L + ((ym << 5 | 10) << 17) + (1 << 12 | 2 << 6 | 3);
        String hex = String.format("%010X%06X", packed, 4);
        long expected = LocalDate.of(1582, 10, 10).toEpochDay() * 86_400_000_000L + 3_723_000_004L;
        assertThat(decode(ColumnType.DATETIME_V2, 6, hex)).isEqualTo(expected);
    }

    @Test
    void zeroYearIsZeroNot1900() throws IOException {
        assertThat(decode(ColumnType.YEAR, 0, "00")).isEqualTo(0);
        assertThat(decode(ColumnType.YEAR, 0, "FF")).isEqualTo(2155);
    }
}
