package io.binlogpitr.agent;

import static io.binlogpitr.agent.AgentProcess.PASSWORD;
import static io.binlogpitr.agent.AgentProcess.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalScanner;
import io.binlogpitr.common.journal.JournalSummary;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import io.binlogpitr.testing.TcpProxy;
import io.binlogpitr.testing.workload.AllTypesSchema;
import io.binlogpitr.testing.workload.ConcurrentWriters;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream survives what happens to real sources: killed connections, restarts, purged binlogs. */
class AgentResilienceIT {

    @TempDir
    Path dir;

    @Test
    void replicationConnectionKilledOnTheSourceIsResumedWithoutGapOrDuplicate() throws Exception {
        MysqlServer server = MysqlServer.shared(MysqlOptions.defaults());
        AgentProcess.ensureAgentUser(server, USER, PASSWORD);
        String db = prepare(server, "killconn");
        Path config = AgentProcess.writeConfig(dir, server, USER, PASSWORD, "");
        try (AgentProcess agent = AgentProcess.start(dir, "-Xmx256m", "run", "--config", config.toString())) {
            AgentProcess.awaitCaughtUp(dir.resolve("repo"), server, Duration.ofSeconds(60), agent);
            CompletableFuture<ConcurrentWriters.Result> load = writeAsync(server, db, Duration.ofSeconds(12));
            for (int i = 0; i < 3; i++) {
                Thread.sleep(2500);
                List<Long> dumps = dumpThreads(server);
                assertThat(dumps)
                        .as("the agent's dump thread: %s", agent.output())
                        .isNotEmpty();
                for (long id : dumps) {
                    server.execute("KILL " + id);
                }
            }
            load.get();
            AgentProcess.awaitCaughtUp(dir.resolve("repo"), server, Duration.ofSeconds(60), agent);
            assertThat(agent.terminate()).isZero();
            assertThat(agent.output()).contains("reconnecting in");
        }
        assertExact(server);
    }

    @Test
    void aSilentlyCutNetworkIsDetectedByTheHeartbeatWatchdogAndResumed() throws Exception {
        MysqlServer server = MysqlServer.shared(MysqlOptions.defaults());
        AgentProcess.ensureAgentUser(server, USER, PASSWORD);
        String db = prepare(server, "netcut");
        try (TcpProxy proxy = new TcpProxy(server.host(), server.port())) {
            Path config = AgentProcess.writeConfig(
                    dir,
                    "127.0.0.1",
                    proxy.port(),
                    USER,
                    PASSWORD,
                    "reconnect: {initialBackoff: 200ms, maxBackoff: 1s, heartbeat: 500ms}\n");
            try (AgentProcess agent = AgentProcess.start(dir, "-Xmx256m", "run", "--config", config.toString())) {
                AgentProcess.awaitCaughtUp(dir.resolve("repo"), server, Duration.ofSeconds(60), agent);
                writeAsync(server, db, Duration.ofSeconds(2)).get();
                proxy.freezeAll(); // the replication connection goes silent: no error, no FIN, no heartbeat
                writeAsync(server, db, Duration.ofSeconds(3)).get();
                AgentProcess.awaitCaughtUp(dir.resolve("repo"), server, Duration.ofSeconds(60), agent);
                assertThat(agent.terminate()).isZero();
                assertThat(agent.output())
                        .contains("no event or heartbeat from")
                        .contains("reconnecting in");
            }
        }
        assertExact(server);
    }

    @Test
    void sourceRestartIsRidden() throws Exception {
        try (MysqlServer server = MysqlServer.startNew(MysqlOptions.defaults())) {
            // fewer grants than AgentAccount on purpose: a streaming-only agent (no snapshots) needs no more
            server.createUser(USER, PASSWORD, "REPLICATION SLAVE, REPLICATION CLIENT, SELECT");
            String db = prepare(server, "restart");
            Path config = AgentProcess.writeConfig(dir, server, USER, PASSWORD, "");
            try (AgentProcess agent = AgentProcess.start(dir, "-Xmx256m", "run", "--config", config.toString())) {
                // the start-up pre-flight fails fast on an unreachable source; the restart must hit a streaming agent
                AgentProcess.awaitCaughtUp(dir.resolve("repo"), server, Duration.ofSeconds(60), agent);
                writeAsync(server, db, Duration.ofSeconds(4)).get();
                server.restart();
                writeAsync(server, db, Duration.ofSeconds(4)).get();
                AgentProcess.awaitCaughtUp(dir.resolve("repo"), server, Duration.ofSeconds(90), agent);
                assertThat(agent.terminate()).isZero();
                assertThat(agent.output()).contains("reconnecting in");
            }
            assertExact(server);
        }
    }

    @Test
    void binlogsPurgedWhileTheAgentWasDownAreAGapReportedLoudly() throws Exception {
        try (MysqlServer server = MysqlServer.startNew(MysqlOptions.defaults())) {
            // fewer grants than AgentAccount on purpose: a streaming-only agent (no snapshots) needs no more
            server.createUser(USER, PASSWORD, "REPLICATION SLAVE, REPLICATION CLIENT, SELECT");
            String db = prepare(server, "purge");
            Path config = AgentProcess.writeConfig(dir, server, USER, PASSWORD, "");
            try (AgentProcess agent = AgentProcess.start(dir, "-Xmx256m", "run", "--config", config.toString())) {
                writeAsync(server, db, Duration.ofSeconds(2)).get();
                AgentProcess.awaitCaughtUp(dir.resolve("repo"), server, Duration.ofSeconds(60), agent);
                assertThat(agent.terminate()).isZero();
            }
            JournalSummary before = JournalScanner.scan(dir.resolve("repo/journal"));
            GtidSet journaled = before.covered();

            writeAsync(server, db, Duration.ofSeconds(2)).get();
            server.execute("FLUSH BINARY LOGS");
            String lastLog = lastBinlog(server);
            server.execute("PURGE BINARY LOGS TO '" + lastLog + "'");
            GtidSet lost = GtidSet.parse(server.queryString("SELECT @@global.gtid_purged"))
                    .subtract(journaled);
            assertThat(lost.isEmpty())
                    .as("the test purged something the agent had not read")
                    .isFalse();

            AgentProcess again = AgentProcess.run(dir, "run", "--config", config.toString());
            assertThat(again.exitCode()).as(again.output()).isEqualTo(1);
            assertThat(again.output())
                    .contains("error[SOURCE_PURGED_GAP]: ")
                    .contains(lost.toString())
                    .contains("HINT: ");
            JournalSummary after = JournalScanner.scan(dir.resolve("repo/journal"));
            assertThat(after.transactions()).isEqualTo(before.transactions());
        }
    }

    @Test
    void startEarliestJournalsEverythingTheSourceStillHas() throws Exception {
        try (MysqlServer server = MysqlServer.startNew(MysqlOptions.defaults())) {
            // fewer grants than AgentAccount on purpose: a streaming-only agent (no snapshots) needs no more
            server.createUser(USER, PASSWORD, "REPLICATION SLAVE, REPLICATION CLIENT, SELECT");
            String db = prepare(server, "earliest");
            writeAsync(server, db, Duration.ofSeconds(2)).get();
            server.execute("FLUSH BINARY LOGS");
            server.execute("PURGE BINARY LOGS TO '" + lastBinlog(server) + "'");
            writeAsync(server, db, Duration.ofSeconds(2)).get();
            GtidSet purged = GtidSet.parse(server.queryString("SELECT @@global.gtid_purged"));
            assertThat(purged.isEmpty()).isFalse();
            Path config = AgentProcess.writeConfig(dir, server, USER, PASSWORD, "start: earliest\n");
            try (AgentProcess agent = AgentProcess.start(dir, "-Xmx256m", "run", "--config", config.toString())) {
                JournalSummary s =
                        AgentProcess.awaitCaughtUp(dir.resolve("repo"), server, Duration.ofSeconds(60), agent);
                assertThat(s.base()).isEqualTo(purged);
                assertThat(s.journaled())
                        .isEqualTo(GtidSet.parse(server.gtidExecuted()).subtract(purged));
                assertThat(agent.terminate()).isZero();
            }
            assertExact(server);
        }
    }

    private static String lastBinlog(MysqlServer server) throws Exception {
        try (Connection c = server.connect(null);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
            String last = null;
            while (rs.next()) {
                last = rs.getString(1);
            }
            return last;
        }
    }

    static String prepare(MysqlServer server, String prefix) throws Exception {
        String db = server.createDatabase(prefix);
        try (Connection c = server.connect(db)) {
            AllTypesSchema.create(c);
        }
        return db;
    }

    static CompletableFuture<ConcurrentWriters.Result> writeAsync(MysqlServer server, String db, Duration d) {
        ConcurrentWriters writers = new ConcurrentWriters(
                () -> server.connect(db), ConcurrentWriters.Settings.forDuration(3, d, d.toMillis()));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return writers.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static List<Long> dumpThreads(MysqlServer server) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = server.connect(null);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND LIKE"
                        + " 'Binlog Dump%' AND USER = '" + USER + "'")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** The journal with its base is exactly the source's gtid_executed, with no duplicate and no damage. */
    private void assertExact(MysqlServer server) {
        JournalSummary s = JournalScanner.scan(dir.resolve("repo/journal"));
        GtidSet all = s.covered();
        assertThat(s.problems()).isEmpty();
        assertThat(s.duplicates().isEmpty()).as("duplicates %s", s.duplicates()).isTrue();
        assertThat(all).isEqualTo(GtidSet.parse(server.gtidExecuted()));
        assertThat(s.transactions()).isGreaterThan(10);
    }
}
