package io.binlogpitr.common.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JournalSummaryTest {
    private static final String U = Events.UUID_A;

    private static JournalSummary summary(String base, String journaled) {
        return new JournalSummary(
                GtidSet.parse(base),
                GtidSet.parse(journaled),
                0,
                0,
                0,
                Optional.empty(),
                Optional.empty(),
                new GtidSet(),
                List.of(),
                Optional.of(U),
                0);
    }

    @Test
    void aHoleAfterTheBaseIsTheJournals() {
        assertThat(summary(U + ":1-10", U + ":11-20:25-30").holes()).hasToString(U + ":21-24");
        assertThat(summary(U + ":1-10", U + ":12-20").holes()).hasToString(U + ":11");
    }

    @Test
    void aHoleTheSourceAlreadyHadIsNot() {
        JournalSummary s = summary(U + ":1-4:10-20", U + ":21-30");
        assertThat(s.holes().isEmpty()).as("holes %s", s.holes()).isTrue();
        assertThat(s.healthy()).isTrue();
    }
}
