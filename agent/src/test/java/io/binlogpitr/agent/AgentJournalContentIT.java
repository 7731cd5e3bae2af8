package io.binlogpitr.agent;

import static io.binlogpitr.agent.AgentProcess.PASSWORD;
import static io.binlogpitr.agent.AgentProcess.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.agent.stream.RawEventDecoder;
import io.binlogpitr.agent.stream.RowChange;
import io.binlogpitr.agent.stream.TableStateRebuilder;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalEntry;
import io.binlogpitr.common.journal.JournalReader;
import io.binlogpitr.common.journal.JournalSummary;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import io.binlogpitr.testing.workload.AllTypesSchema;
import io.binlogpitr.testing.workload.ConcurrentWriters;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The journal is lossless: concurrent writers commit random rows of every column type while the agent (a real
 * process) streams; afterwards the journal's GTID set equals the source's gtid_executed, and decoding the journal's
 * raw events and applying them rebuilds every table exactly as the source holds it, every column of every row.
 */
class AgentJournalContentIT {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "binlog_transaction_compression={0}, binlog_row_metadata={1}")
    @CsvSource({"OFF, FULL", "ON, FULL", "OFF, MINIMAL"})
    void decodingTheJournalGivesBackExactlyTheCommittedRows(String compression, String metadata) throws Exception {
        MysqlServer server = MysqlServer.shared(MysqlOptions.defaults()
                .with("binlog_row_metadata", metadata)
                .with("binlog_transaction_compression", compression));
        AgentProcess.ensureAgentUser(server, USER, PASSWORD);
        Path config = AgentProcess.writeConfig(dir, server, USER, PASSWORD, "");
        Path repo = dir.resolve("repo");
        String db;
        ConcurrentWriters.Result result;
        try (AgentProcess agent = AgentProcess.start(dir, "-Xmx256m", "run", "--config", config.toString())) {
            AgentProcess.awaitCaughtUp(repo, server, Duration.ofSeconds(60), agent); // base recorded before any DDL
            db = server.createDatabase("content");
            try (Connection c = server.connect(db)) {
                AllTypesSchema.create(c);
            }
            result = new ConcurrentWriters(
                            () -> server.connect(db),
                            ConcurrentWriters.Settings.byCount(4, 1200, 42 + metadata.length()))
                    .run();
            JournalSummary summary = AgentProcess.awaitCaughtUp(repo, server, Duration.ofSeconds(60), agent);
            assertThat(summary.covered()).isEqualTo(GtidSet.parse(server.gtidExecuted()));
            assertThat(summary.duplicates().isEmpty()).isTrue();
            assertThat(summary.problems()).isEmpty();
            assertThat(agent.terminate()).isZero();
        }
        assertThat(result.committedTransactions()).isEqualTo(1200);

        List<RowChange> changes = new ArrayList<>();
        int compressedPayloads = 0;
        RawEventDecoder decoder = new RawEventDecoder(RawEventDecoder.Fidelity.EXACT);
        try (JournalReader reader = JournalReader.open(repo.resolve("journal"))) {
            for (Optional<JournalEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
                List<byte[]> events = new ArrayList<>();
                e.get().events().forEachRemaining(events::add);
                compressedPayloads +=
                        (int) events.stream().filter(ev -> ev[4] == 40).count();
                assertThat(e.get().formatDescription())
                        .as("FDE recorded before %s", e.get().header())
                        .isNotNull();
                changes.addAll(decoder.decodeTransaction(e.get().formatDescription(), events.iterator()));
            }
        }
        if (compression.equals("ON")) {
            // transactions whose statements matched no row carry no row event and are not compressed
            assertThat(compressedPayloads)
                    .as("compressed transactions journaled whole")
                    .isGreaterThan(600);
        } else {
            assertThat(compressedPayloads).isZero();
        }
        try (Connection c = server.connect(db)) {
            TableStateRebuilder rebuilder = TableStateRebuilder.forTables(
                    c, db, List.of(AllTypesSchema.AUTO_PK, AllTypesSchema.COMPOSITE_PK, AllTypesSchema.NO_PK));
            rebuilder.applyAll(
                    changes.stream().filter(ch -> ch.database().equals(db)).toList());
            assertThat(rebuilder.appliedChanges()).isGreaterThan(2000);
            rebuilder.assertMatchesLive(c);
        }
    }
}
