package io.binlogpitr.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AgentConfigReaderTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path f = dir.resolve("agent.yml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void readsTheDocumentedExampleWithDefaults() throws IOException {
        AgentConfig c = AgentConfigReader.read(
                write(
                        """
                source: {host: 127.0.0.1, port: 3306, user: pitr, passwordFile: /etc/pitr/source.pw, serverId: 4242}
                repository: /var/lib/pitr/repo
                snapshots: {every: 24h, keep: 7}
                http: {bind: 127.0.0.1:9405}
                """));
        assertThat(c.source().host()).isEqualTo("127.0.0.1");
        assertThat(c.source().serverId()).isEqualTo(4242);
        assertThat(c.source().passwordFile()).contains(Path.of("/etc/pitr/source.pw"));
        assertThat(c.repository()).isEqualTo(Path.of("/var/lib/pitr/repo"));
        assertThat(c.journal().everyTransaction()).isFalse();
        assertThat(c.journal().interval()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.start()).isEqualTo(AgentConfig.StartFrom.CURRENT);
        assertThat(c.snapshots().every()).isEqualTo(Duration.ofHours(24));
        assertThat(c.http().port()).isEqualTo(9405);
    }

    @Test
    void readsEverySnapshotKey() throws IOException {
        AgentConfig c = AgentConfigReader.read(write("source: {host: h, user: u, serverId: 9}\nrepository: /r\n"
                + "snapshots: {every: 6h, keep: 3, threads: 4, compression: gzip, include: [shop, 'crm.audit'],"
                + " exclude: [shop.cache], chunkMiB: 16, lockWaitTimeout: 30s}\n"));
        AgentConfig.Snapshots s = c.snapshots();
        assertThat(s.every()).isEqualTo(Duration.ofHours(6));
        assertThat(s.keep()).isEqualTo(3);
        assertThat(s.threads()).isEqualTo(4);
        assertThat(s.compression()).isEqualTo(io.binlogpitr.common.snapshot.ChunkCompression.GZIP);
        assertThat(s.include()).containsExactly("shop", "crm.audit");
        assertThat(s.exclude()).containsExactly("shop.cache");
        assertThat(s.chunkBytes()).isEqualTo(16L << 20);
        assertThat(s.lockWaitTimeout()).isEqualTo(Duration.ofSeconds(30));
        AgentConfig d = AgentConfigReader.read(write("source: {host: h, user: u, serverId: 9}\nrepository: /r\n"));
        assertThat(d.snapshots()).isEqualTo(AgentConfig.Snapshots.defaults());
    }

    @Test
    void httpBindAlertsAndLoggingHaveDefaultsAndAnOffSwitch() throws IOException {
        String base = "source: {host: h, user: u, serverId: 9}\nrepository: /r\n";
        AgentConfig d = AgentConfigReader.read(write(base));
        assertThat(d.http()).isEqualTo(new AgentConfig.Http(true, "127.0.0.1", 9405));
        assertThat(d.alerts().maxLag()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.alerts().maxSnapshotAge()).as("1.5 x snapshots.every").isEqualTo(Duration.ofHours(36));
        assertThat(AgentConfig.Alerts.defaultMaxSnapshotAge(Duration.ofMinutes(10)))
                .as("at least an hour more than a short schedule")
                .isEqualTo(Duration.ofMinutes(70));
        assertThat(d.logging().format()).isEqualTo(AgentConfig.LogFormat.TEXT);

        for (String off : new String[] {"off", "'off'", "OFF", "false"}) {
            assertThat(AgentConfigReader.read(write(base + "http: {bind: " + off + "}\n"))
                            .http()
                            .enabled())
                    .as(off)
                    .isFalse();
        }
        AgentConfig.Http v6 = AgentConfigReader.read(write(base + "http: {bind: '[::1]:0'}\n"))
                .http();
        assertThat(v6).isEqualTo(new AgentConfig.Http(true, "::1", 0));
        assertThat(v6.describe()).isEqualTo("[::1]:0");

        AgentConfig c = AgentConfigReader.read(write(
                base + "snapshots: {every: 6h}\nalerts: {maxLag: 30s, maxSnapshotAge: 7h}\nlogging: {format: JSON}\n"));
        assertThat(c.alerts()).isEqualTo(new AgentConfig.Alerts(Duration.ofSeconds(30), Duration.ofHours(7)));
        assertThat(c.logging().format()).isEqualTo(AgentConfig.LogFormat.JSON);
        AgentConfig noSchedule = AgentConfigReader.read(write(base + "snapshots: {every: 0}\nalerts: {maxLag: 0}\n"));
        assertThat(noSchedule.alerts()).isEqualTo(new AgentConfig.Alerts(Duration.ZERO, Duration.ZERO));
        AgentConfig cron =
                AgentConfigReader.read(write(base + "snapshots: {every: 0}\nalerts: {maxSnapshotAge: 2h}\n"));
        assertThat(cron.alerts().maxSnapshotAge())
                .as("snapshots taken by cron can be watched too")
                .isEqualTo(Duration.ofHours(2));
    }

    @Test
    void relativeRepositoryIsResolvedAgainstTheConfigFile() throws IOException {
        AgentConfig c = AgentConfigReader.read(
                write("source: {host: h, user: u, serverId: 9}\nrepository: repo\njournal: {sync: every-transaction}\n"
                        + "start: earliest\n"));
        assertThat(c.repository()).isEqualTo(dir.resolve("repo"));
        assertThat(c.journal().everyTransaction()).isTrue();
        assertThat(c.start()).isEqualTo(AgentConfig.StartFrom.EARLIEST);
        assertThat(c.source().port()).isEqualTo(3306);
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("repository: /r", ErrorCode.CONFIG_MISSING_KEY, "missing required key 'source'"),
                Arguments.of(
                        "source: {host: h, user: u}\nrepository: /r",
                        ErrorCode.CONFIG_MISSING_KEY,
                        "'source.serverId'"),
                Arguments.of("source: {host: h, user: u, serverId: 1}", ErrorCode.CONFIG_MISSING_KEY, "'repository'"),
                Arguments.of(
                        "source: {host: h, user: u, serverId: abc}\nrepository: /r",
                        ErrorCode.CONFIG_INVALID,
                        "source.serverId is 'abc', expected a whole number"),
                Arguments.of(
                        "source: {host: h, user: u, serverId: 1, port: 70000}\nrepository: /r",
                        ErrorCode.CONFIG_INVALID,
                        "source.port is '70000'"),
                Arguments.of(
                        "source: {host: h, user: u, serverId: 1}\nrepository: /r\njournal: {sync: sometimes}",
                        ErrorCode.CONFIG_INVALID,
                        "journal.sync: 'sometimes' is neither"),
                Arguments.of(
                        "source: {host: h, user: u, serverId: 1}\nrepository: /r\nsnapshots: {every: 1y}",
                        ErrorCode.CONFIG_INVALID,
                        "snapshots.every: '1y' is not a duration"),
                Arguments.of(
                        "source: {host: h, user: u, serverId: 1}\nrepository: /r\nsnapshots: {compression: lz4}",
                        ErrorCode.CONFIG_INVALID,
                        "snapshots.compression is 'lz4', expected zstd, gzip or none"),
                Arguments.of(
                        "source: {host: h, user: u, serverId: 1}\nrepository: /r\nsnapshots: {threads: 0}",
                        ErrorCode.CONFIG_INVALID,
                        "snapshots.threads"),
                Arguments.of(
                        "source: {host: h, user: u, serverId: 1}\nrepository: /r\nsnapshots: {include: shop}",
                        ErrorCode.CONFIG_INVALID,
                        "snapshots.include is 'shop', expected a list"),
                Arguments.of(
                        "source: {host: h, user: u, serverId: 1}\nrepository: /r\nsnapshots: {exclude: [shop, 3]}",
                        ErrorCode.CONFIG_INVALID,
                        "snapshots.exclude[1] is '3', expected a database name"),
                Arguments.of(
                        "source: {host: h, user: u, serverId: 1}\nrepository: /r\nsnapshots: {lockWaitTimeout: 0s}",
                        ErrorCode.CONFIG_INVALID,
                        "snapshots.lockWaitTimeout"),
                Arguments.of(
                        "source: {host: h, user: u, serverId: 1, pasword: x}\nrepository: /r",
                        ErrorCode.CONFIG_INVALID,
                        "unknown key 'source.pasword'"),
                Arguments.of(
                        "source: [a, b]\nrepository: /r",
                        ErrorCode.CONFIG_INVALID,
                        "source is a list, expected a mapping"),
                Arguments.of(
                        "source: {host: h, user: u, serverId: 1}\nrepository: /r\nstart: latest",
                        ErrorCode.CONFIG_INVALID,
                        "start: 'latest' is not a start position"),
                Arguments.of(
                        "source: {host: h, user: u, serverId: 1}\nrepository: /r\nhttp: {bind: nowhere}",
                        ErrorCode.CONFIG_INVALID,
                        "http.bind: 'nowhere' is not host:port"),
                Arguments.of(
                        "source: {host: h, user: u, serverId: 1}\nrepository: /r\nhttp: {bind: '::1:9405'}",
                        ErrorCode.CONFIG_INVALID,
                        "http.bind: '::1:9405' has an IPv6 address without brackets"),
                Arguments.of(
                        "source: {host: h, user: u, serverId: 1}\nrepository: /r\nhttp: {bind: on}",
                        ErrorCode.CONFIG_INVALID,
                        "http.bind is 'on', expected host:port"),
                Arguments.of(
                        "source: {host: h, user: u, serverId: 1}\nrepository: /r\nhttp: {bind: ':9405'}",
                        ErrorCode.CONFIG_INVALID,
                        "http.bind: ':9405' is not host:port"),
                Arguments.of(
                        "source: {host: h, user: u, serverId: 1}\nrepository: /r\nalerts: {maxLag: soon}",
                        ErrorCode.CONFIG_INVALID,
                        "alerts.maxLag: 'soon' is not a duration"),
                Arguments.of(
                        "source: {host: h, user: u, serverId: 1}\nrepository: /r\nalerts: {maxLag: 500ms}",
                        ErrorCode.CONFIG_INVALID,
                        "alerts.maxLag 500ms is out of range (expected 0 to disable, or 1s or more)"),
                Arguments.of(
                        "source: {host: h, user: u, serverId: 1}\nrepository: /r\nalerts: {maxSnapshotAge: 12h}",
                        ErrorCode.CONFIG_INVALID,
                        "alerts.maxSnapshotAge 12h is not above snapshots.every 1d"),
                Arguments.of(
                        "source: {host: h, user: u, serverId: 1}\nrepository: /r\nalerts: {maxlag: 5m}",
                        ErrorCode.CONFIG_INVALID,
                        "unknown key 'alerts.maxlag'"),
                Arguments.of(
                        "source: {host: h, user: u, serverId: 1}\nrepository: /r\nlogging: {format: xml}",
                        ErrorCode.CONFIG_INVALID,
                        "logging.format is 'xml', expected text or json"),
                Arguments.of("source: {", ErrorCode.CONFIG_UNREADABLE, "is not valid YAML"));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void everyMistakeHasItsOwnMessage(String yaml, ErrorCode code, String message) throws IOException {
        Path f = write(yaml);
        assertThatThrownBy(() -> AgentConfigReader.read(f))
                .isInstanceOfSatisfying(PitrException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.exitCode()).isEqualTo(2);
                    assertThat(e.hint()).isNotBlank();
                    assertThat(e.getMessage()).doesNotContain("\n");
                })
                .hasMessageContaining(message);
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("nope.yml");
        assertThatThrownBy(() -> AgentConfigReader.read(f))
                .isInstanceOf(PitrException.class)
                .hasMessageContaining("does not exist")
                .hasMessageContaining("nope.yml");
    }
}
