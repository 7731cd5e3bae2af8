package io.binlogpitr.common.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detached handles read their transactions again, in any order, small and fragmented alike (flashback's pass 2). */
class JournalDetachTest {
    @TempDir
    Path dir;

    @Test
    void handlesReadTheirEventsAgainInReverseOrder() {
        Random r = new Random(7);
        List<List<byte[]>> written = new ArrayList<>();
        byte[] fde = Events.event(15, 120, 1);
        try (JournalWriter w =
                JournalWriter.open(dir, JournalSettings.defaults().withFragmentBytes(4096))) {
            w.recordBase(GtidSet.parse(Events.UUID_A + ":1-10"), Events.UUID_A);
            w.recordFormat(fde, "binlog.000001");
            long pos = 4;
            for (int i = 0; i < 300; i++) {
                List<byte[]> events = Events.transaction(r, i % 25 == 0 ? 3000 : 200);
                pos = Events.write(w, Events.start(Events.UUID_A, 11 + i, pos), events);
                written.add(events);
            }
        }
        try (JournalReader reader = JournalReader.open(dir)) {
            List<JournalEntry> handles = new ArrayList<>();
            for (int i = 0; i < written.size(); i++) {
                handles.add(reader.detach(reader.next().orElseThrow()));
            }
            for (int i = handles.size() - 1; i >= 0; i--) {
                JournalEntry h = handles.get(i);
                assertThat(h.header().gtid().transactionId()).isEqualTo(11 + i);
                assertThat(h.formatDescription()).isEqualTo(fde);
                for (int again = 0; again < 2; again++) {
                    assertThat(Events.same(Events.drain(h.events()), written.get(i)))
                            .as("events of transaction %d, read %d", i, again)
                            .isTrue();
                }
            }
        }
    }
}
