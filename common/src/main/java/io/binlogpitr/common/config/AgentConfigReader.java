package io.binlogpitr.common.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.snapshot.ChunkCompression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Reads and validates agent.yml; every problem is a one-line {@link PitrException} naming the key and value. */
public final class AgentConfigReader {
    static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofMillis(200);
    private static final String HINT = "fix agent.yml; every key is described in docs/reference/config.md";

    private AgentConfigReader() {}

    public static AgentConfig read(Path file) {
        JsonNode root = parseYaml(file);
        YamlTree yaml = new YamlTree(file, HINT);
        yaml.rejectUnknown(
                root,
                "",
                Set.of(
                        "source",
                        "repository",
                        "start",
                        "journal",
                        "snapshots",
                        "http",
                        "reconnect",
                        "alerts",
                        "logging"));
        AgentConfig.Snapshots snapshots = snapshots(yaml, yaml.optionalObject(root, "snapshots", "snapshots"));
        return new AgentConfig(
                file,
                source(yaml, yaml.requireObject(root, "source", "source")),
                repository(yaml, root, file),
                yaml.optionalText(root, "start", "start")
                        .map(s -> yaml.parse("start", s, AgentConfigReader::startFrom))
                        .orElse(AgentConfig.StartFrom.CURRENT),
                journal(yaml, yaml.optionalObject(root, "journal", "journal")),
                snapshots,
                http(yaml, root),
                reconnect(yaml, yaml.optionalObject(root, "reconnect", "reconnect")),
                alerts(yaml, yaml.optionalObject(root, "alerts", "alerts"), snapshots.every()),
                logging(yaml, yaml.optionalObject(root, "logging", "logging")));
    }

    private static JsonNode parseYaml(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new PitrException(
                    ErrorCode.CONFIG_UNREADABLE,
                    "config file " + file + " does not exist",
                    "pass the path of agent.yml with --config; docs/reference/config.md has an example");
        } catch (IOException e) {
            throw new PitrException(
                    ErrorCode.CONFIG_UNREADABLE,
                    "cannot read config file " + file + ": " + e.getMessage(),
                    "check the file's permissions",
                    e);
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (JacksonException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new PitrException(
                    ErrorCode.CONFIG_UNREADABLE,
                    file + " is not valid YAML" + where + ": "
                            + e.getOriginalMessage()
                                    .lines()
                                    .findFirst()
                                    .orElse("")
                                    .trim(),
                    HINT,
                    e);
        }
        if (root == null || !root.isObject()) {
            throw new PitrException(ErrorCode.CONFIG_UNREADABLE, file + " is empty or not a mapping of keys", HINT);
        }
        return root;
    }

    private static AgentConfig.Source source(YamlTree yaml, JsonNode node) {
        yaml.rejectUnknown(node, "source", Set.of("host", "port", "user", "passwordFile", "serverId"));
        String host = yaml.requireText(node, "host", "source.host");
        int port = yaml.optionalLong(node, "port", "source.port", 1, 65535)
                .orElse(3306L)
                .intValue();
        String user = yaml.requireText(node, "user", "source.user");
        Optional<Path> passwordFile =
                yaml.optionalText(node, "passwordFile", "source.passwordFile").map(Path::of);
        long serverId = yaml.requireLong(node, "serverId", "source.serverId", 1, 4_294_967_295L);
        return new AgentConfig.Source(host, port, user, passwordFile, serverId);
    }

    private static Path repository(YamlTree yaml, JsonNode root, Path file) {
        Path repo = Path.of(yaml.requireText(root, "repository", "repository"));
        if (!repo.isAbsolute()) {
            Path dir = file.toAbsolutePath().getParent();
            repo = dir == null ? repo.toAbsolutePath() : dir.resolve(repo);
        }
        return repo.normalize();
    }

    private static AgentConfig.StartFrom startFrom(String text) {
        try {
            return AgentConfig.StartFrom.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a start position (expected current or earliest)");
        }
    }

    private static AgentConfig.Journal journal(YamlTree yaml, Optional<JsonNode> node) {
        if (node.isEmpty()) {
            return new AgentConfig.Journal(false, DEFAULT_SYNC_INTERVAL);
        }
        yaml.rejectUnknown(node.get(), "journal", Set.of("sync"));
        Optional<String> sync = yaml.optionalText(node.get(), "sync", "journal.sync");
        if (sync.isEmpty()) {
            return new AgentConfig.Journal(false, DEFAULT_SYNC_INTERVAL);
        }
        if (sync.get().equalsIgnoreCase("every-transaction")) {
            return new AgentConfig.Journal(true, Duration.ZERO);
        }
        Duration interval = yaml.parse("journal.sync", sync.get(), text -> {
            Duration d;
            try {
                d = Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "'" + text + "' is neither every-transaction nor an interval such as 200ms");
            }
            if (d.isZero() || d.compareTo(Duration.ofSeconds(60)) > 0) {
                throw new IllegalArgumentException(
                        "interval " + text + " is out of range (expected 1ms to 60s, or every-transaction)");
            }
            return d;
        });
        return new AgentConfig.Journal(false, interval);
    }

    private static AgentConfig.Snapshots snapshots(YamlTree yaml, Optional<JsonNode> node) {
        AgentConfig.Snapshots d = AgentConfig.Snapshots.defaults();
        if (node.isEmpty()) {
            return d;
        }
        JsonNode n = node.get();
        yaml.rejectUnknown(
                n,
                "snapshots",
                Set.of("every", "keep", "threads", "compression", "include", "exclude", "chunkMiB", "lockWaitTimeout"));
        Duration every = yaml.optionalDuration(n, "every", "snapshots.every").orElse(d.every());
        int keep = yaml.optionalLong(n, "keep", "snapshots.keep", 1, 10_000)
                .orElse((long) d.keep())
                .intValue();
        int threads = yaml.optionalLong(n, "threads", "snapshots.threads", 1, 64)
                .orElse((long) d.threads())
                .intValue();
        ChunkCompression compression = d.compression();
        Optional<String> compressionText = yaml.optionalText(n, "compression", "snapshots.compression");
        if (compressionText.isPresent()) {
            compression = switch (compressionText.get().toLowerCase(java.util.Locale.ROOT)) {
                case "zstd" -> ChunkCompression.ZSTD;
                case "gzip" -> ChunkCompression.GZIP;
                case "none" -> ChunkCompression.NONE;
                default -> throw yaml.invalid("snapshots.compression", n.get("compression"), "zstd, gzip or none");
            };
        }
        long chunkMiB = yaml.optionalLong(n, "chunkMiB", "snapshots.chunkMiB", 1, 65_536)
                .orElse(d.chunkBytes() >> 20);
        Duration lockWait = yaml.optionalDuration(n, "lockWaitTimeout", "snapshots.lockWaitTimeout")
                .orElse(d.lockWaitTimeout());
        if (lockWait.isZero() || lockWait.toSeconds() > 31_536_000) {
            throw yaml.invalid("snapshots.lockWaitTimeout", n.get("lockWaitTimeout"), "a duration from 1s to 365d");
        }
        return new AgentConfig.Snapshots(
                every,
                keep,
                threads,
                compression,
                nameList(yaml, n, "include"),
                nameList(yaml, n, "exclude"),
                chunkMiB << 20,
                lockWait);
    }

    /** A list of database or db.table names, each a non-empty string. */
    private static List<String> nameList(YamlTree yaml, JsonNode snapshots, String key) {
        JsonNode list = snapshots.get(key);
        if (list == null || list.isNull()) {
            return List.of();
        }
        String path = "snapshots." + key;
        if (!list.isArray()) {
            throw yaml.invalid(path, list, "a list of database names or db.table names, e.g. [shop, crm.audit]");
        }
        List<String> names = new java.util.ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw yaml.invalid(path, item, "a database name or db.table name");
            }
            names.add(item.asText());
        }
        return names;
    }

    private static AgentConfig.Http http(YamlTree yaml, JsonNode root) {
        Optional<JsonNode> node = yaml.optionalObject(root, "http", "http");
        String defaultBind = AgentConfig.Http.DEFAULT_BIND;
        if (node.isEmpty()) {
            return hostPort(defaultBind);
        }
        yaml.rejectUnknown(node.get(), "http", Set.of("bind"));
        JsonNode bind = node.get().get("bind");
        // YAML 1.1 reads a bare off (or false, no) as a boolean
        if (bind != null && bind.isBoolean()) {
            if (!bind.asBoolean()) {
                return AgentConfig.Http.off();
            }
            throw yaml.invalid("http.bind", bind, "host:port, e.g. 127.0.0.1:9405, or off");
        }
        String text = yaml.optionalText(node.get(), "bind", "http.bind").orElse(defaultBind);
        if (text.equalsIgnoreCase("off")) {
            return AgentConfig.Http.off();
        }
        return yaml.parse("http.bind", text, AgentConfigReader::hostPort);
    }

    private static AgentConfig.Http hostPort(String bind) {
        int colon = bind.lastIndexOf(':');
        String expected = "expected host:port, e.g. 127.0.0.1:9405, or off";
        if (colon <= 0 || colon == bind.length() - 1) {
            throw new IllegalArgumentException("'" + bind + "' is not host:port (" + expected + ")");
        }
        int port;
        try {
            port = Integer.parseInt(bind.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + bind + "' has no numeric port (" + expected + ")");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range (0 to 65535)");
        }
        String host = bind.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException(
                    "'" + bind + "' has an IPv6 address without brackets (expected e.g. [::1]:9405)");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("'" + bind + "' has no host (" + expected + ")");
        }
        return new AgentConfig.Http(true, host, port);
    }

    private static AgentConfig.Alerts alerts(YamlTree yaml, Optional<JsonNode> node, Duration every) {
        Optional<Duration> maxLag = Optional.empty();
        Optional<Duration> maxAge = Optional.empty();
        if (node.isPresent()) {
            yaml.rejectUnknown(node.get(), "alerts", Set.of("maxLag", "maxSnapshotAge"));
            maxLag = yaml.optionalDuration(node.get(), "maxLag", "alerts.maxLag");
            maxAge = yaml.optionalDuration(node.get(), "maxSnapshotAge", "alerts.maxSnapshotAge");
        }
        Duration lag = maxLag.orElse(AgentConfig.Alerts.DEFAULT_MAX_LAG);
        if (!lag.isZero() && lag.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new PitrException(
                    ErrorCode.CONFIG_INVALID,
                    "alerts.maxLag " + Durations.format(lag)
                            + " is out of range (expected 0 to disable, or 1s or more)",
                    HINT);
        }
        Duration age = maxAge.orElse(AgentConfig.Alerts.defaultMaxSnapshotAge(every));
        if (!age.isZero() && !every.isZero() && age.compareTo(every) <= 0) {
            throw new PitrException(
                    ErrorCode.CONFIG_INVALID,
                    "alerts.maxSnapshotAge " + Durations.format(age) + " is not above snapshots.every "
                            + Durations.format(every) + ": it would fire before every scheduled snapshot",
                    "set alerts.maxSnapshotAge above snapshots.every (by default it is at least 1.5 times it), or 0 to disable;"
                            + " every key is described in docs/reference/config.md");
        }
        return new AgentConfig.Alerts(lag, age);
    }

    private static AgentConfig.Logging logging(YamlTree yaml, Optional<JsonNode> node) {
        if (node.isEmpty()) {
            return new AgentConfig.Logging(AgentConfig.LogFormat.TEXT);
        }
        yaml.rejectUnknown(node.get(), "logging", Set.of("format"));
        AgentConfig.LogFormat format = yaml.optionalText(node.get(), "format", "logging.format")
                .map(text -> switch (text.toLowerCase(Locale.ROOT)) {
                    case "text" -> AgentConfig.LogFormat.TEXT;
                    case "json" -> AgentConfig.LogFormat.JSON;
                    default -> throw yaml.invalid("logging.format", node.get().get("format"), "text or json");
                })
                .orElse(AgentConfig.LogFormat.TEXT);
        return new AgentConfig.Logging(format);
    }

    private static AgentConfig.Reconnect reconnect(YamlTree yaml, Optional<JsonNode> node) {
        Duration initial = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(30);
        Duration heartbeat = Duration.ofSeconds(5);
        if (node.isPresent()) {
            yaml.rejectUnknown(node.get(), "reconnect", Set.of("initialBackoff", "maxBackoff", "heartbeat"));
            heartbeat = yaml.optionalDuration(node.get(), "heartbeat", "reconnect.heartbeat")
                    .orElse(heartbeat);
            initial = yaml.optionalDuration(node.get(), "initialBackoff", "reconnect.initialBackoff")
                    .orElse(initial);
            max = yaml.optionalDuration(node.get(), "maxBackoff", "reconnect.maxBackoff")
                    .orElse(max);
        }
        if (initial.isZero() || max.compareTo(initial) < 0) {
            throw new PitrException(
                    ErrorCode.CONFIG_INVALID,
                    "reconnect.initialBackoff " + Durations.format(initial) + " must be above 0 and at most "
                            + "reconnect.maxBackoff " + Durations.format(max),
                    HINT);
        }
        if (heartbeat.compareTo(Duration.ofMillis(100)) < 0 || heartbeat.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new PitrException(
                    ErrorCode.CONFIG_INVALID,
                    "reconnect.heartbeat " + Durations.format(heartbeat) + " is out of range (100ms to 5m)",
                    HINT);
        }
        return new AgentConfig.Reconnect(initial, max, heartbeat);
    }
}
