package io.binlogpitr.agent;

import static io.binlogpitr.agent.AgentProcess.PASSWORD;
import static io.binlogpitr.agent.AgentProcess.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a start can be refused gives its own one-line error with a hint and the documented exit code, and
 * leaves the repository untouched (not even created).
 */
class AgentErrorsIT {
    private static MysqlServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        server = MysqlServer.shared(MysqlOptions.defaults());
        AgentProcess.ensureAgentUser(server, USER, PASSWORD);
    }

    private AgentProcess runWith(String configYaml) throws IOException, InterruptedException {
        Path config = dir.resolve("agent.yml");
        Files.writeString(config, configYaml);
        return AgentProcess.run(dir, "run", "--config", config.toString());
    }

    private void assertRefused(AgentProcess p, int exitCode, String code, String... fragments) {
        String out = p.output();
        assertThat(p.exitCode()).as(out).isEqualTo(exitCode);
        assertThat(out).contains("error[" + code + "]: ").contains("HINT: ");
        for (String f : fragments) {
            assertThat(out).contains(f);
        }
        assertThat(out).doesNotContain("\tat "); // no stack trace without --verbose
        assertThat(dir.resolve("repo")).doesNotExist();
    }

    private String source(String user, String passwordFile, long serverId, int port) {
        return "source: {host: 127.0.0.1, port: " + port + ", user: " + user + ", passwordFile: " + passwordFile
                + ", serverId: " + serverId + "}\nrepository: " + dir.resolve("repo") + "\n";
    }

    private String passwordFile(String password) throws IOException {
        Path f = dir.resolve("pw-" + password.hashCode());
        Files.writeString(f, password);
        return f.toString();
    }

    @Test
    void missingKey() throws Exception {
        assertRefused(
                runWith("source: {host: 127.0.0.1, user: u}\nrepository: /tmp/x\n"),
                2,
                "CONFIG_MISSING_KEY",
                "missing required key 'source.serverId'");
    }

    @Test
    void wrongType() throws Exception {
        assertRefused(
                runWith("source: {host: 127.0.0.1, user: u, serverId: twelve}\nrepository: /tmp/x\n"),
                2,
                "CONFIG_INVALID",
                "source.serverId is 'twelve', expected a whole number");
    }

    @Test
    void missingConfigFile() throws Exception {
        AgentProcess p =
                AgentProcess.run(dir, "run", "--config", dir.resolve("nope.yml").toString());
        assertRefused(p, 2, "CONFIG_UNREADABLE", "nope.yml does not exist");
    }

    @Test
    void unreachableHost() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertRefused(
                runWith(source(USER, passwordFile(PASSWORD), AgentProcess.nextServerId(), port)),
                1,
                "SOURCE_UNREACHABLE",
                "cannot reach the source at 127.0.0.1:" + port);
    }

    @Test
    void wrongPassword() throws Exception {
        assertRefused(
                runWith(source(USER, passwordFile("not-the-password"), AgentProcess.nextServerId(), server.port())),
                2,
                "SOURCE_ACCESS_DENIED",
                "refused user '" + USER + "'",
                "1045");
    }

    @Test
    void missingPasswordFile() throws Exception {
        assertRefused(
                runWith(source(USER, dir.resolve("absent.pw").toString(), 9, server.port())),
                2,
                "PASSWORD_FILE",
                "absent.pw does not exist");
    }

    @Test
    void insufficientPrivilegesAndTheSourcesOwnServerIdAreReportedTogether() throws Exception {
        String user = "pitr_weak";
        if ("0".equals(server.queryString("SELECT COUNT(*) FROM mysql.user WHERE user = '" + user + "'"))) {
            server.createUser(user, "weak-pw", "SELECT");
        }
        long sourceId = Long.parseLong(server.queryString("SELECT @@server_id"));
        assertRefused(
                runWith(source(user, passwordFile("weak-pw"), sourceId, server.port())),
                2,
                "SOURCE_PREREQUISITES",
                "lacks REPLICATION SLAVE, REPLICATION CLIENT",
                "is the source's own server_id");
    }

    @Test
    void everyWrongSourceSettingIsListedInOneMessage() throws Exception {
        MysqlOptions statementBased = MysqlOptions.defaults()
                .with("binlog_format", "STATEMENT")
                .with("binlog_row_image", "MINIMAL")
                .with("gtid_mode", "OFF")
                .with("enforce_gtid_consistency", "OFF");
        try (MysqlServer wrong = MysqlServer.startNew(statementBased)) {
            // streaming grants only, not AgentAccount's: the refusal under test is about the settings alone
            wrong.createUser(USER, PASSWORD, "REPLICATION SLAVE, REPLICATION CLIENT");
            AgentProcess p = runWith(source(USER, passwordFile(PASSWORD), AgentProcess.nextServerId(), wrong.port()));
            assertRefused(
                    p,
                    2,
                    "SOURCE_PREREQUISITES",
                    "binlog_format is STATEMENT (needs ROW)",
                    "binlog_row_image is MINIMAL (needs FULL)",
                    "gtid_mode is OFF (needs ON)");
            assertThat(p.output().lines().filter(l -> l.startsWith("error[")).count())
                    .isEqualTo(1);
        }
    }

    @Test
    void aSecondAgentOnTheSameRepositoryIsRefused() throws Exception {
        Path config = AgentProcess.writeConfig(dir, server, USER, PASSWORD, "");
        try (AgentProcess first = AgentProcess.start(dir, "-Xmx256m", "run", "--config", config.toString())) {
            AgentProcess.awaitCaughtUp(dir.resolve("repo"), server, java.time.Duration.ofSeconds(60), first);
            AgentProcess second = AgentProcess.run(dir, "run", "--config", config.toString());
            assertThat(second.exitCode()).as(second.output()).isEqualTo(1);
            assertThat(second.output()).contains("error[REPOSITORY_LOCKED]: ").contains("pid ");
            assertThat(first.isAlive()).isTrue();
            assertThat(first.terminate()).isZero();
        }
    }
}
