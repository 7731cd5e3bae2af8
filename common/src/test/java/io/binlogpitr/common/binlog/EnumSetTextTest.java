package io.binlogpitr.common.binlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ENUM indexes and SET bitmasks of MINIMAL-metadata row images given back as the member text a SELECT returns. */
class EnumSetTextTest {
    @Test
    void anEnumIndexIsItsMemberAndZeroIsTheEmptyInvalidValue() {
        List<String> members = List.of("G", "PG", "it's");
        assertThat(EnumSetText.enumValue(members, "utf8mb4", 2)).isEqualTo("PG".getBytes(StandardCharsets.UTF_8));
        assertThat(EnumSetText.enumValue(members, "utf8mb4", 3)).isEqualTo("it's".getBytes(StandardCharsets.UTF_8));
        assertThat(EnumSetText.enumValue(members, "utf8mb4", 0)).isEmpty();
        assertThatThrownBy(() -> EnumSetText.enumValue(members, "utf8mb4", 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ENUM value 4")
                .hasMessageContaining("3 members");
    }

    @Test
    void aSetBitmaskIsItsMembersInDeclarationOrderJoinedWithTheCommaOfItsCharset() {
        List<String> members = List.of("a", "bé", "c");
        assertThat(EnumSetText.setValue(members, "latin1", 0b101)).isEqualTo(new byte[] {'a', ',', 'c'});
        assertThat(EnumSetText.setValue(members, "latin1", 0b010)).isEqualTo(new byte[] {'b', (byte) 0xe9});
        assertThat(EnumSetText.setValue(members, "utf16", 0b011))
                .isEqualTo(new byte[] {0, 'a', 0, ',', 0, 'b', 0, (byte) 0xe9});
        assertThat(EnumSetText.setValue(members, "utf8mb4", 0)).isEmpty();
        assertThatThrownBy(() -> EnumSetText.setValue(members, "utf8mb4", 0b1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 members");
        assertThatThrownBy(() -> EnumSetText.setValue(members, "binary", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("character set binary");
    }

    @Test
    void theSixtyFourthMemberIsTheSignBit() {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            members.add("m" + i);
        }
        assertThat(new String(EnumSetText.setValue(members, "ascii", Long.MIN_VALUE | 1), StandardCharsets.US_ASCII))
                .isEqualTo("m0,m63");
    }

    @Test
    void membersOfAShownTypeWithMysqlsEscapes() {
        assertThat(EnumSetText.members("enum('x\\\\y','it''s','nl\\nx','')"))
                .containsExactly("x\\y", "it's", "nl\nx", "");
        assertThat(EnumSetText.members("set('a','b') DEFAULT NULL")).containsExactly("a", "b");
        assertThatThrownBy(() -> EnumSetText.members("enum('a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnumSetText.members("enum('a\\qb')")).isInstanceOf(IllegalArgumentException.class);
    }
}
