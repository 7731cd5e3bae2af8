package io.binlogpitr.agent.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Counting the members of a column type as information_schema shows it, quotes and commas inside included. */
class EnumMemberReaderTest {
    @Test
    void countsMembersOfAShownType() {
        assertThat(EnumMemberReader.count("enum('a','?','b')")).isEqualTo(3);
        assertThat(EnumMemberReader.count("set('x','?','y','?')")).isEqualTo(4);
        assertThat(EnumMemberReader.count("enum('it''s','a,b','?')")).isEqualTo(3);
        assertThat(EnumMemberReader.count("enum('','?')")).isEqualTo(2);
        assertThat(EnumMemberReader.count("enum('back\\\\slash','?')")).isEqualTo(2);
    }
}
