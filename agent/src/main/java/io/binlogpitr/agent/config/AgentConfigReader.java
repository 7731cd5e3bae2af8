package io.binlogpitr.agent.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException;
import io.binlogpitr.common.config.Durations;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads and validates agent.yml: Jackson binds it into {@link AgentYaml}, then defaults, required keys and the
 * checks across keys make an {@link AgentConfig}. Every problem is a one-line {@link PitrException} naming the
 * file, the line and column, the dotted key and the bad value; Jackson's own texts never reach the user.
 */
public final class AgentConfigReader {
    static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofMillis(200);
    private static final String HINT = "fix agent.yml; every key is described in docs/reference/config.md";
    private static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    // "key:" with nothing after it is an absent key, as ~ and null are (the builder does not
                    // start from the parser's defaults); a bare off/no stays a boolean, as YAML 1.1 has it
                    .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                    .disable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                    .build())
            .registerModule(YamlMappings.module())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .disable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS);

    private AgentConfigReader() {}

    public static AgentConfig read(Path file) {
        AgentYaml yaml = bind(file, readText(file));
        AgentYaml.Source source = require(file, yaml.source(), "source");
        AgentConfig.Snapshots snapshots = snapshots(yaml.snapshots());
        return new AgentConfig(
                file,
                new AgentConfig.Source(
                        require(file, source.host(), "source.host"),
                        Optional.ofNullable(source.port()).orElse(3306L).intValue(),
                        require(file, source.user(), "source.user"),
                        Optional.ofNullable(source.passwordFile()),
                        require(file, source.serverId(), "source.serverId")),
                repository(file, require(file, yaml.repository(), "repository")),
                Optional.ofNullable(yaml.start()).orElse(AgentConfig.StartFrom.CURRENT),
                yaml.journal() == null || yaml.journal().sync() == null
                        ? new AgentConfig.Journal(false, DEFAULT_SYNC_INTERVAL)
                        : yaml.journal().sync(),
                snapshots,
                yaml.http() == null || yaml.http().bind() == null
                        ? YamlValues.Bind.hostPort(AgentConfig.Http.DEFAULT_BIND)
                        : yaml.http().bind(),
                reconnect(file, yaml.reconnect()),
                alerts(file, yaml.alerts(), snapshots.every()),
                new AgentConfig.Logging(
                        yaml.logging() == null || yaml.logging().format() == null
                                ? AgentConfig.LogFormat.TEXT
                                : yaml.logging().format()));
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file);
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
    }

    private static AgentYaml bind(Path file, String text) {
        try (JsonParser p = MAPPER.createParser(text)) {
            try {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new PitrException(
                            ErrorCode.CONFIG_UNREADABLE, file + " is empty or not a mapping of keys", HINT);
                }
                AgentYaml yaml = MAPPER.readValue(p, AgentYaml.class);
                if (p.nextToken() != null) {
                    throw invalid(
                            file,
                            p.currentTokenLocation(),
                            "a second YAML document begins here; agent.yml is one mapping of keys");
                }
                return yaml;
            } catch (YamlMappings.BadValue e) {
                throw invalid(file, p.currentTokenLocation(), e.render(path(e)));
            } catch (YamlMappings.UnknownKey e) {
                throw invalid(file, p.currentTokenLocation(), e.render(path(e)));
            } catch (UnrecognizedPropertyException e) {
                // a safety net behind UnknownKey: Jackson finds an unknown key only after reading past it
                throw invalid(file, "unknown key '" + path(e) + "' (known here: " + known(e) + ")");
            } catch (JsonMappingException e) {
                if (cause(e, StreamReadException.class) instanceof StreamReadException syntax) {
                    throw syntax(file, p, syntax);
                }
                // every value type of AgentYaml refuses with BadValue; this is a safety net, not a message
                throw new PitrException(
                        ErrorCode.CONFIG_INVALID,
                        where(file, p.currentTokenLocation()) + "the value of '" + path(e) + "' cannot be read",
                        HINT,
                        e);
            } catch (StreamReadException e) {
                throw syntax(file, p, e);
            }
        } catch (IOException e) {
            throw new PitrException(ErrorCode.CONFIG_UNREADABLE, "cannot read config file " + file, HINT, e);
        }
    }

    private static PitrException syntax(Path file, JsonParser p, StreamReadException e) {
        if (e.getOriginalMessage().startsWith("Duplicate field '")) {
            return invalid(
                    file,
                    p.currentTokenLocation(),
                    "duplicate key '" + path(p.getParsingContext())
                            + "' (a key may appear once in a mapping; remove one of them)");
        }
        if (e instanceof MarkedYAMLException m && m.getProblemMark() != null && m.getProblem() != null) {
            String context = m.getContext() == null || m.getContextMark() == null
                    ? ""
                    : " (" + m.getContext().trim() + " at line "
                            + (m.getContextMark().getLine() + 1) + ", column "
                            + (m.getContextMark().getColumn() + 1) + ")";
            return new PitrException(
                    ErrorCode.CONFIG_UNREADABLE,
                    file + " is not valid YAML at line " + (m.getProblemMark().getLine() + 1) + ", column "
                            + (m.getProblemMark().getColumn() + 1) + ": "
                            + m.getProblem().trim() + context,
                    HINT,
                    e);
        }
        JsonLocation at = e.getLocation();
        return new PitrException(
                ErrorCode.CONFIG_UNREADABLE,
                file + " is not valid YAML"
                        + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": "
                        + e.getOriginalMessage().lines().findFirst().orElse("").trim(),
                HINT,
                e);
    }

    private static Throwable cause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable c = e.getCause(); c != null && c != e; e = c, c = c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
        }
        return null;
    }

    /** The dotted key path of a mapping error, with {@code [i]} for a list item. */
    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static String path(JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            parts.add(0, c.inArray() ? "[" + c.getCurrentIndex() + "]" : c.getCurrentName());
        }
        return String.join(".", parts).replace(".[", "[");
    }

    /** The keys of the mapping an unknown key was found in, in the order of the reference. */
    private static String known(UnrecognizedPropertyException e) {
        Class<?> mapping = e.getReferringClass();
        if (mapping != null && mapping.isRecord()) {
            return Arrays.stream(mapping.getRecordComponents())
                    .map(RecordComponent::getName)
                    .collect(Collectors.joining(", "));
        }
        return e.getKnownPropertyIds().stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String where(Path file, JsonLocation at) {
        return at == null || at.getLineNr() < 1
                ? file + ": "
                : file + ":" + at.getLineNr() + ":" + at.getColumnNr() + ": ";
    }

    private static PitrException invalid(Path file, JsonLocation at, String message) {
        return new PitrException(ErrorCode.CONFIG_INVALID, where(file, at) + message, HINT);
    }

    private static PitrException invalid(Path file, String message) {
        return new PitrException(ErrorCode.CONFIG_INVALID, file + ": " + message, HINT);
    }

    private static <T> T require(Path file, T value, String path) {
        if (value == null) {
            throw new PitrException(ErrorCode.CONFIG_MISSING_KEY, file + ": missing required key '" + path + "'", HINT);
        }
        return value;
    }

    private static Path repository(Path file, Path repo) {
        if (!repo.isAbsolute()) {
            Path dir = file.toAbsolutePath().getParent();
            repo = dir == null ? repo.toAbsolutePath() : dir.resolve(repo);
        }
        return repo.normalize();
    }

    private static AgentConfig.Snapshots snapshots(AgentYaml.Snapshots s) {
        AgentConfig.Snapshots d = AgentConfig.Snapshots.defaults();
        if (s == null) {
            return d;
        }
        return new AgentConfig.Snapshots(
                Optional.ofNullable(s.every()).orElse(d.every()),
                Optional.ofNullable(s.keep()).map(Long::intValue).orElse(d.keep()),
                Optional.ofNullable(s.threads()).map(Long::intValue).orElse(d.threads()),
                Optional.ofNullable(s.compression()).orElse(d.compression()),
                Optional.ofNullable(s.include()).orElse(List.of()),
                Optional.ofNullable(s.exclude()).orElse(List.of()),
                Optional.ofNullable(s.chunkMiB()).map(mib -> mib << 20).orElse(d.chunkBytes()),
                Optional.ofNullable(s.lockWaitTimeout()).orElse(d.lockWaitTimeout()));
    }

    private static AgentConfig.Alerts alerts(Path file, AgentYaml.Alerts a, Duration every) {
        Duration lag = a == null || a.maxLag() == null ? AgentConfig.Alerts.DEFAULT_MAX_LAG : a.maxLag();
        if (!lag.isZero() && lag.compareTo(Duration.ofSeconds(1)) < 0) {
            throw invalid(
                    file,
                    "alerts.maxLag " + Durations.format(lag)
                            + " is out of range (expected 0 to disable, or 1s or more)");
        }
        Duration age = a == null || a.maxSnapshotAge() == null
                ? AgentConfig.Alerts.defaultMaxSnapshotAge(every)
                : a.maxSnapshotAge();
        if (!age.isZero() && !every.isZero() && age.compareTo(every) <= 0) {
            throw new PitrException(
                    ErrorCode.CONFIG_INVALID,
                    file + ": alerts.maxSnapshotAge " + Durations.format(age) + " is not above snapshots.every "
                            + Durations.format(every) + ": it would fire before every scheduled snapshot",
                    "set alerts.maxSnapshotAge above snapshots.every (by default it is at least 1.5 times it), or 0 to disable;"
                            + " every key is described in docs/reference/config.md");
        }
        return new AgentConfig.Alerts(lag, age);
    }

    private static AgentConfig.Reconnect reconnect(Path file, AgentYaml.Reconnect r) {
        Duration initial = r == null || r.initialBackoff() == null ? Duration.ofSeconds(1) : r.initialBackoff();
        Duration max = r == null || r.maxBackoff() == null ? Duration.ofSeconds(30) : r.maxBackoff();
        Duration heartbeat = r == null || r.heartbeat() == null ? Duration.ofSeconds(5) : r.heartbeat();
        if (initial.isZero() || max.compareTo(initial) < 0) {
            throw invalid(
                    file,
                    "reconnect.initialBackoff " + Durations.format(initial) + " must be above 0 and at most "
                            + "reconnect.maxBackoff " + Durations.format(max));
        }
        if (heartbeat.compareTo(Duration.ofMillis(100)) < 0 || heartbeat.compareTo(Duration.ofMinutes(5)) > 0) {
            throw invalid(
                    file, "reconnect.heartbeat " + Durations.format(heartbeat) + " is out of range (100ms to 5m)");
        }
        return new AgentConfig.Reconnect(initial, max, heartbeat);
    }
}
