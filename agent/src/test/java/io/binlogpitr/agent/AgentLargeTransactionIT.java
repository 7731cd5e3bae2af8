package io.binlogpitr.agent;

import static io.binlogpitr.agent.AgentProcess.PASSWORD;
import static io.binlogpitr.agent.AgentProcess.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.journal.JournalEntry;
import io.binlogpitr.common.journal.JournalReader;
import io.binlogpitr.common.journal.JournalSummary;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One transaction of more than 1 GiB of row events passes through an agent whose heap is 512 MB: the writer
 * fragments it, readers see it only whole, and it streams back event by event.
 */
class AgentLargeTransactionIT {
    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void aOneGigabyteTransactionIsJournaledWithA512MegabyteHeap() throws Exception {
        MysqlServer server = MysqlServer.shared(MysqlOptions.defaults());
        AgentProcess.ensureAgentUser(server, USER, PASSWORD);
        String db = server.createDatabase("big");
        Path config = AgentProcess.writeConfig(dir, server, USER, PASSWORD, "");
        Path repo = dir.resolve("repo");
        try (AgentProcess agent = AgentProcess.start(dir, "-Xmx512m", "run", "--config", config.toString())) {
            AgentProcess.awaitCaughtUp(repo, server, Duration.ofSeconds(60), agent);
            server.execute(
                    "CREATE TABLE `" + db + "`.big (id INT PRIMARY KEY, b LONGBLOB)",
                    "SET SESSION cte_max_recursion_depth = 2000");
            try (var c = server.connect(db);
                    var st = c.createStatement()) {
                st.execute("SET SESSION cte_max_recursion_depth = 2000");
                st.execute("INSERT INTO big WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq"
                        + " WHERE n < 1040) SELECT n, REPEAT(CHAR(65 + n % 26), 1048576) FROM seq");
            }
            JournalSummary summary = AgentProcess.awaitCaughtUp(repo, server, Duration.ofSeconds(300), agent);
            assertThat(summary.payloadBytes()).isGreaterThan(GIB);
            assertThat(summary.problems()).isEmpty();
            assertThat(agent.isAlive()).isTrue();
            assertThat(agent.terminate()).isZero();
            assertThat(agent.output()).doesNotContain("OutOfMemoryError");
        }
        server.execute("DROP DATABASE `" + db + "`");

        try (JournalReader reader = JournalReader.open(repo.resolve("journal"))) {
            JournalEntry biggest = null;
            long events = 0;
            long bytes = 0;
            CRC32 crc = new CRC32();
            for (Optional<JournalEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
                if (e.get().header().payloadBytes() > GIB) {
                    biggest = e.get();
                    for (Iterator<byte[]> it = biggest.events(); it.hasNext(); ) {
                        byte[] ev = it.next();
                        crc.update(ev, 0, ev.length - 4);
                        assertThat((int) crc.getValue())
                                .as("the server's CRC32 of event %d", events)
                                .isEqualTo(java.nio.ByteBuffer.wrap(ev, ev.length - 4, 4)
                                        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                                        .getInt());
                        crc.reset();
                        events++;
                        bytes += ev.length;
                    }
                    break;
                }
            }
            assertThat(biggest).as("the 1 GiB transaction").isNotNull();
            assertThat(bytes).isEqualTo(biggest.header().payloadBytes());
            assertThat(events).isEqualTo(biggest.header().eventCount()).isGreaterThan(1040);
        }
    }
}
