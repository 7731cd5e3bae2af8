package io.binlogpitr.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole message of every refusal of agent.yml, as a DBA reads it: one line, exit code 2, the file, the key
 * path, the bad value and what was expected, and where it is ({@code {f}:line:column:}). {@code {f}} stands for the
 * file's path.
 */
class ConfigErrorTableTest {
    private static final String SOURCE = "source: {host: h, user: u, serverId: 1}\n";
    private static final String BASE = SOURCE + "repository: /r\n";

    @TempDir
    Path dir;

    private static Arguments invalid(String yaml, String message) {
        return Arguments.of(yaml, ErrorCode.CONFIG_INVALID, message);
    }

    private static Arguments missing(String yaml, String message) {
        return Arguments.of(yaml, ErrorCode.CONFIG_MISSING_KEY, message);
    }

    private static Arguments unreadable(String yaml, String message) {
        return Arguments.of(yaml, ErrorCode.CONFIG_UNREADABLE, message);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                // unknown keys, at every depth
                invalid(
                        BASE + "sourc: {}\n",
                        "{f}:3:1: unknown key 'sourc' (known here: source, repository, start, journal, snapshots, http, reconnect, alerts, logging)"),
                invalid(
                        "source: {host: h, user: u, serverId: 1, pasword: x}\nrepository: /r\n",
                        "{f}:1:41: unknown key 'source.pasword' (known here: host, port, user, passwordFile, serverId)"),
                invalid(BASE + "journal: {synce: 1s}\n", "{f}:3:11: unknown key 'journal.synce' (known here: sync)"),
                invalid(
                        BASE + "snapshots:\n  every: 1h\n  Keep: 3\n",
                        "{f}:5:3: unknown key 'snapshots.Keep' (known here: every, keep, threads, compression, include, exclude, chunkMiB, lockWaitTimeout)"),
                invalid(BASE + "http: {port: 9405}\n", "{f}:3:8: unknown key 'http.port' (known here: bind)"),
                invalid(
                        BASE + "reconnect: {backoff: 1s}\n",
                        "{f}:3:13: unknown key 'reconnect.backoff' (known here: initialBackoff, maxBackoff, heartbeat)"),
                invalid(
                        BASE + "alerts: {maxlag: 5m}\n",
                        "{f}:3:10: unknown key 'alerts.maxlag' (known here: maxLag, maxSnapshotAge)"),
                invalid(
                        BASE + "logging: {level: debug}\n",
                        "{f}:3:11: unknown key 'logging.level' (known here: format)"),
                // a mapping expected
                invalid("source: text\nrepository: /r\n", "{f}:1:9: source is 'text', expected a mapping of keys"),
                invalid("source: [a, b]\nrepository: /r\n", "{f}:1:9: source is a list, expected a mapping of keys"),
                invalid("source: 5\nrepository: /r\n", "{f}:1:9: source is '5', expected a mapping of keys"),
                invalid(
                        BASE + "journal: every-transaction\n",
                        "{f}:3:10: journal is 'every-transaction', expected a mapping of keys"),
                invalid(BASE + "snapshots: [a]\n", "{f}:3:12: snapshots is a list, expected a mapping of keys"),
                invalid(
                        BASE + "http: 127.0.0.1:9405\n",
                        "{f}:3:7: http is '127.0.0.1:9405', expected a mapping of keys"),
                invalid(BASE + "reconnect: 1s\n", "{f}:3:12: reconnect is '1s', expected a mapping of keys"),
                invalid(BASE + "alerts: true\n", "{f}:3:9: alerts is 'true', expected a mapping of keys"),
                invalid(BASE + "logging: json\n", "{f}:3:10: logging is 'json', expected a mapping of keys"),
                // a string expected
                invalid(
                        "source: {host: {a: 1}, user: u, serverId: 1}\nrepository: /r\n",
                        "{f}:1:16: source.host is a mapping, expected a string"),
                invalid(
                        "source: {host: h, user: [u], serverId: 1}\nrepository: /r\n",
                        "{f}:1:25: source.user is a list, expected a string"),
                invalid(
                        "source: {host: h, user: true, serverId: 1}\nrepository: /r\n",
                        "{f}:1:25: source.user is 'true', expected a string"),
                invalid(
                        "source: {host: '  ', user: u, serverId: 1}\nrepository: /r\n",
                        "{f}:1:16: source.host is '  ', expected a non-empty string"),
                invalid(SOURCE + "repository: [a]\n", "{f}:2:13: repository is a list, expected a string"),
                invalid(SOURCE + "repository: ''\n", "{f}:2:13: repository is '', expected a non-empty string"),
                invalid(
                        BASE.replace("serverId: 1", "serverId: 1, passwordFile: {a: b}"),
                        "{f}:1:55: source.passwordFile is a mapping, expected a string"),
                invalid(
                        BASE.replace("serverId: 1", "serverId: 1, passwordFile: ''"),
                        "{f}:1:55: source.passwordFile is '', expected a non-empty string"),
                // missing required keys
                missing("repository: /r\n", "{f}: missing required key 'source'"),
                missing("source:\nrepository: /r\n", "{f}: missing required key 'source'"),
                missing("source: ~\nrepository: /r\n", "{f}: missing required key 'source'"),
                missing("source: {user: u, serverId: 1}\nrepository: /r\n", "{f}: missing required key 'source.host'"),
                missing("source: {host: h, serverId: 1}\nrepository: /r\n", "{f}: missing required key 'source.user'"),
                missing("source: {host: h, user: u}\nrepository: /r\n", "{f}: missing required key 'source.serverId'"),
                missing(
                        "source: {host: h, user: u, serverId: }\nrepository: /r\n",
                        "{f}: missing required key 'source.serverId'"),
                missing(SOURCE, "{f}: missing required key 'repository'"),
                missing(SOURCE + "repository: null\n", "{f}: missing required key 'repository'"),
                // whole numbers
                invalid(
                        "source: {host: h, user: u, serverId: abc}\nrepository: /r\n",
                        "{f}:1:38: source.serverId is 'abc', expected a whole number from 1 to 4294967295"),
                invalid(
                        "source: {host: h, user: u, serverId: 1.5}\nrepository: /r\n",
                        "{f}:1:38: source.serverId is '1.5', expected a whole number from 1 to 4294967295"),
                invalid(
                        "source: {host: h, user: u, serverId: 0}\nrepository: /r\n",
                        "{f}:1:38: source.serverId is '0', expected a whole number from 1 to 4294967295"),
                invalid(
                        "source: {host: h, user: u, serverId: 4294967296}\nrepository: /r\n",
                        "{f}:1:38: source.serverId is '4294967296', expected a whole number from 1 to 4294967295"),
                invalid(
                        "source: {host: h, user: u, serverId: 99999999999999999999}\nrepository: /r\n",
                        "{f}:1:38: source.serverId is '99999999999999999999', expected a whole number from 1 to 4294967295"),
                invalid(
                        "source: {host: h, user: u, serverId: '-1'}\nrepository: /r\n",
                        "{f}:1:38: source.serverId is '-1', expected a whole number from 1 to 4294967295"),
                invalid(
                        BASE.replace("serverId: 1", "serverId: 1, port: 70000"),
                        "{f}:1:47: source.port is '70000', expected a whole number from 1 to 65535"),
                invalid(
                        BASE.replace("serverId: 1", "serverId: 1, port: 0"),
                        "{f}:1:47: source.port is '0', expected a whole number from 1 to 65535"),
                invalid(
                        BASE.replace("serverId: 1", "serverId: 1, port: [3306]"),
                        "{f}:1:47: source.port is a list, expected a whole number from 1 to 65535"),
                invalid(
                        BASE.replace("serverId: 1", "serverId: 1, port: {a: 1}"),
                        "{f}:1:47: source.port is a mapping, expected a whole number from 1 to 65535"),
                invalid(
                        BASE + "snapshots: {keep: true}\n",
                        "{f}:3:19: snapshots.keep is 'true', expected a whole number from 1 to 10000"),
                invalid(
                        BASE + "snapshots: {keep: 10001}\n",
                        "{f}:3:19: snapshots.keep is '10001', expected a whole number from 1 to 10000"),
                invalid(
                        BASE + "snapshots: {threads: 0}\n",
                        "{f}:3:22: snapshots.threads is '0', expected a whole number from 1 to 64"),
                invalid(
                        BASE + "snapshots: {threads: 2.0}\n",
                        "{f}:3:22: snapshots.threads is '2.0', expected a whole number from 1 to 64"),
                invalid(
                        BASE + "snapshots: {chunkMiB: 65537}\n",
                        "{f}:3:23: snapshots.chunkMiB is '65537', expected a whole number from 1 to 65536"),
                invalid(
                        BASE + "snapshots: {chunkMiB: 64MiB}\n",
                        "{f}:3:23: snapshots.chunkMiB is '64MiB', expected a whole number from 1 to 65536"),
                // durations
                invalid(
                        BASE + "snapshots: {every: 1y}\n",
                        "{f}:3:20: snapshots.every: '1y' is not a duration (expected a number with ms, s, m, h or d, e.g. 200ms or 24h)"),
                invalid(
                        BASE + "snapshots: {every: 1.5h}\n",
                        "{f}:3:20: snapshots.every: '1.5h' is not a duration (expected a number with ms, s, m, h or d, e.g. 200ms or 24h)"),
                invalid(
                        BASE + "snapshots: {every: 1m30s}\n",
                        "{f}:3:20: snapshots.every: '1m30s' is not a duration (expected a number with ms, s, m, h or d, e.g. 200ms or 24h)"),
                invalid(
                        BASE + "snapshots: {every: 5}\n",
                        "{f}:3:20: snapshots.every: '5' is not a duration (expected a number with ms, s, m, h or d, e.g. 200ms or 24h)"),
                invalid(
                        BASE + "snapshots: {every: -1h}\n",
                        "{f}:3:20: snapshots.every: '-1h' is not a duration (expected a number with ms, s, m, h or d, e.g. 200ms or 24h)"),
                invalid(
                        BASE + "snapshots: {every: [1h]}\n",
                        "{f}:3:20: snapshots.every is a list, expected a duration such as 200ms or 24h"),
                invalid(
                        BASE + "snapshots: {lockWaitTimeout: 0s}\n",
                        "{f}:3:30: snapshots.lockWaitTimeout is '0s', expected a duration from 1s to 365d"),
                invalid(
                        BASE + "snapshots: {lockWaitTimeout: 366d}\n",
                        "{f}:3:30: snapshots.lockWaitTimeout is '366d', expected a duration from 1s to 365d"),
                invalid(
                        BASE + "journal: {sync: sometimes}\n",
                        "{f}:3:17: journal.sync: 'sometimes' is neither every-transaction nor an interval such as 200ms"),
                invalid(
                        BASE + "journal: {sync: 2m}\n",
                        "{f}:3:17: journal.sync: interval 2m is out of range (expected 1ms to 60s, or every-transaction)"),
                invalid(
                        BASE + "journal: {sync: 0}\n",
                        "{f}:3:17: journal.sync: interval 0 is out of range (expected 1ms to 60s, or every-transaction)"),
                invalid(
                        BASE + "journal: {sync: true}\n",
                        "{f}:3:17: journal.sync is 'true', expected every-transaction or an interval such as 200ms"),
                invalid(
                        BASE + "reconnect: {heartbeat: soon}\n",
                        "{f}:3:24: reconnect.heartbeat: 'soon' is not a duration (expected a number with ms, s, m, h or d, e.g. 200ms or 24h)"),
                invalid(
                        BASE + "reconnect: {initialBackoff: 1m}\n",
                        "{f}: reconnect.initialBackoff 1m must be above 0 and at most reconnect.maxBackoff 30s"),
                invalid(
                        BASE + "reconnect: {initialBackoff: 0}\n",
                        "{f}: reconnect.initialBackoff 0 must be above 0 and at most reconnect.maxBackoff 30s"),
                invalid(
                        BASE + "reconnect: {heartbeat: 50ms}\n",
                        "{f}: reconnect.heartbeat 50ms is out of range (100ms to 5m)"),
                invalid(
                        BASE + "reconnect: {heartbeat: 6m}\n",
                        "{f}: reconnect.heartbeat 6m is out of range (100ms to 5m)"),
                invalid(
                        BASE + "alerts: {maxLag: soon}\n",
                        "{f}:3:18: alerts.maxLag: 'soon' is not a duration (expected a number with ms, s, m, h or d, e.g. 200ms or 24h)"),
                invalid(
                        BASE + "alerts: {maxLag: 500ms}\n",
                        "{f}: alerts.maxLag 500ms is out of range (expected 0 to disable, or 1s or more)"),
                invalid(
                        BASE + "alerts: {maxSnapshotAge: 12h}\n",
                        "{f}: alerts.maxSnapshotAge 12h is not above snapshots.every 1d: it would fire before every scheduled snapshot"),
                invalid(
                        BASE + "snapshots: {every: 6h}\nalerts: {maxSnapshotAge: 6h}\n",
                        "{f}: alerts.maxSnapshotAge 6h is not above snapshots.every 6h: it would fire before every scheduled snapshot"),
                // enumerations
                invalid(
                        BASE + "start: latest\n",
                        "{f}:3:8: start: 'latest' is not a start position (expected current or earliest)"),
                invalid(BASE + "start: [current]\n", "{f}:3:8: start is a list, expected current or earliest"),
                invalid(
                        BASE + "snapshots: {compression: lz4}\n",
                        "{f}:3:26: snapshots.compression is 'lz4', expected zstd, gzip or none"),
                invalid(
                        BASE + "snapshots: {compression: false}\n",
                        "{f}:3:26: snapshots.compression is 'false', expected zstd, gzip or none"),
                invalid(BASE + "logging: {format: xml}\n", "{f}:3:19: logging.format is 'xml', expected text or json"),
                // name lists
                invalid(
                        BASE + "snapshots: {include: shop}\n",
                        "{f}:3:22: snapshots.include is 'shop', expected a list of database names or db.table names, e.g. [shop, crm.audit]"),
                invalid(
                        BASE + "snapshots: {include: {shop: 1}}\n",
                        "{f}:3:22: snapshots.include is a mapping, expected a list of database names or db.table names, e.g. [shop, crm.audit]"),
                invalid(
                        BASE + "snapshots: {exclude: [shop, 3]}\n",
                        "{f}:3:29: snapshots.exclude[1] is '3', expected a database name or db.table name"),
                invalid(
                        BASE + "snapshots: {exclude: [shop, '']}\n",
                        "{f}:3:29: snapshots.exclude[1] is '', expected a database name or db.table name"),
                invalid(
                        BASE + "snapshots: {include: [[shop]]}\n",
                        "{f}:3:23: snapshots.include[0] is a list, expected a database name or db.table name"),
                // http.bind: host and port
                invalid(
                        BASE + "http: {bind: nowhere}\n",
                        "{f}:3:14: http.bind: 'nowhere' is not host:port (expected host:port, e.g. 127.0.0.1:9405, or off)"),
                invalid(
                        BASE + "http: {bind: ':9405'}\n",
                        "{f}:3:14: http.bind: ':9405' is not host:port (expected host:port, e.g. 127.0.0.1:9405, or off)"),
                invalid(
                        BASE + "http: {bind: 'h:'}\n",
                        "{f}:3:14: http.bind: 'h:' is not host:port (expected host:port, e.g. 127.0.0.1:9405, or off)"),
                invalid(
                        BASE + "http: {bind: 'h:http'}\n",
                        "{f}:3:14: http.bind: 'h:http' has no numeric port (expected host:port, e.g. 127.0.0.1:9405, or off)"),
                invalid(
                        BASE + "http: {bind: 'h:65536'}\n",
                        "{f}:3:14: http.bind: port 65536 is out of range (0 to 65535)"),
                invalid(
                        BASE + "http: {bind: '::1:9405'}\n",
                        "{f}:3:14: http.bind: '::1:9405' has an IPv6 address without brackets (expected e.g. [::1]:9405)"),
                invalid(
                        BASE + "http: {bind: '[]:9405'}\n",
                        "{f}:3:14: http.bind: '[]:9405' has no host (expected host:port, e.g. 127.0.0.1:9405, or off)"),
                invalid(
                        BASE + "http: {bind: on}\n",
                        "{f}:3:14: http.bind is 'on', expected host:port, e.g. 127.0.0.1:9405, or off"),
                invalid(
                        BASE + "http: {bind: [a]}\n",
                        "{f}:3:14: http.bind is a list, expected host:port, e.g. 127.0.0.1:9405, or off"),
                // refused since the Jackson binding; the hand-written reader kept the last of two equal keys,
                // ignored a second YAML document and let a NUL in a path escape as a raw InvalidPathException
                invalid(
                        BASE + "source: {host: k}\n",
                        "{f}:3:1: duplicate key 'source' (a key may appear once in a mapping; remove one of them)"),
                invalid(
                        "source: {host: h, user: u, serverId: 1, serverId: 2}\nrepository: /r\n",
                        "{f}:1:41: duplicate key 'source.serverId' (a key may appear once in a mapping; remove one of them)"),
                invalid(
                        BASE + "snapshots:\n  keep: 3\n  every: 1h\n  keep: 4\n",
                        "{f}:6:3: duplicate key 'snapshots.keep' (a key may appear once in a mapping; remove one of them)"),
                invalid(
                        BASE + "---\nsource: {host: other, user: u, serverId: 2}\n",
                        "{f}:4:1: a second YAML document begins here; agent.yml is one mapping of keys"),
                invalid(
                        SOURCE + "repository: \"/var/lib/pitr\\0repo\"\n",
                        "{f}:2:13: repository is '/var/lib/pitr\\u0000repo', expected a file path (nul character not allowed)"),
                invalid(
                        BASE.replace("serverId: 1", "serverId: 1, passwordFile: \"/etc/p\\0w\""),
                        "{f}:1:55: source.passwordFile is '/etc/p\\u0000w', expected a file path (nul character not allowed)"),
                // the file as a whole
                unreadable("", "{f} is empty or not a mapping of keys"),
                unreadable("# nothing but a comment\n", "{f} is empty or not a mapping of keys"),
                unreadable("- source\n- repository\n", "{f} is empty or not a mapping of keys"),
                unreadable("just some text\n", "{f} is empty or not a mapping of keys"),
                unreadable(
                        "source: {",
                        "{f} is not valid YAML at line 1, column 10: expected the node content, but found '<stream end>' (while parsing a flow node at line 1, column 10)"),
                unreadable(
                        "source:\n\thost: h\n",
                        "{f} is not valid YAML at line 2, column 1: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)"),
                unreadable(
                        "source: {host: h, user: u, serverId: 1}\n  repository: /r\n",
                        "{f} is not valid YAML at line 2, column 3: expected <block end>, but found '<block mapping start>' (while parsing a block mapping at line 1, column 1)"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void everyRefusalIsOneExactLine(String yaml, ErrorCode code, String message) throws IOException {
        Path f = Files.writeString(dir.resolve("agent.yml"), yaml);
        String expected = message.replace("{f}", f.toString());
        assertThatThrownBy(() -> AgentConfigReader.read(f)).as(yaml).isInstanceOfSatisfying(PitrException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.exitCode()).isEqualTo(2);
            assertThat(e.hint()).isNotBlank().doesNotContain("\n");
            assertThat(e.getMessage()).isEqualTo(expected);
        });
    }
}
