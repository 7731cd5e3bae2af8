package io.binlogpitr.agent.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.binlogpitr.agent.config.YamlMappings.BadValue;
import io.binlogpitr.common.config.Durations;
import io.binlogpitr.common.snapshot.ChunkCompression;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The value types of agent.yml as Jackson deserializers. Each reads the token the parser is on and either returns
 * the value or throws {@link BadValue} while the parser still points at the bad value, so the reader can name the
 * key, the value, what was expected, and where it is. Jackson's own coercions are never used: {@code "abc"}, {@code
 * 1.5} or {@code true} for a whole number, a list for a string, a boolean for a duration are all refused here.
 */
final class YamlValues {
    private YamlValues() {}

    /** The range of a whole number of agent.yml; every {@code Long} of {@link AgentYaml} has one. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
    @interface Range {
        long min();

        long max();
    }
    /** The text, with control characters (a NUL, a tab) shown as escapes so the message stays one readable line. */
    static String printable(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** A scalar's text (a string or a number as written; never a boolean, a list or a mapping), trimmed, not empty. */
    static String text(JsonParser p, String expected) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw BadValue.invalid(p, expected);
        }
        String text = p.getText().trim();
        if (text.isEmpty()) {
            throw BadValue.invalid(p, "a non-empty string");
        }
        return text;
    }

    /**
     * A value of agent.yml. An empty value ({@code key:}, {@code ~}, {@code null}) is an absent key: {@code null}
     * here, a default or a missing required key in {@link AgentConfigReader}.
     */
    abstract static class Value<T> extends StdDeserializer<T> {
        Value(Class<?> type) {
            super(type);
        }

        @Override
        public final T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return p.currentToken() == JsonToken.VALUE_NULL ? null : read(p);
        }

        abstract T read(JsonParser p) throws IOException;
    }

    /** Any non-empty scalar. */
    static final class Text extends Value<String> {
        Text() {
            super(String.class);
        }

        @Override
        String read(JsonParser p) throws IOException {
            return text(p, "a string");
        }
    }

    /** A file path; a string the file system cannot take as a path (a NUL in it) is refused here. */
    static final class PathValue extends Value<Path> {
        PathValue() {
            super(Path.class);
        }

        @Override
        Path read(JsonParser p) throws IOException {
            String text = text(p, "a string");
            try {
                return Path.of(text);
            } catch (InvalidPathException e) {
                throw BadValue.invalid(p, "a file path (" + e.getReason().toLowerCase(Locale.ROOT) + ")");
            }
        }
    }

    /** A YAML integer or a string of digits, in the {@link Range} of its key. */
    static final class WholeNumber extends Value<Long> implements ContextualDeserializer {
        private final Range range;

        WholeNumber(Range range) {
            super(Long.class);
            this.range = range;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            Range r = property == null ? null : property.getAnnotation(Range.class);
            if (r == null) {
                throw new IllegalStateException("a whole number of agent.yml has no @Range: " + property);
            }
            return new WholeNumber(r);
        }

        @Override
        Long read(JsonParser p) throws IOException {
            String expected = "a whole number from " + range.min() + " to " + range.max();
            long value;
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT
                    && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                value = p.getLongValue();
            } else if (p.currentToken() == JsonToken.VALUE_STRING
                    && p.getText().trim().matches("-?\\d{1,18}")) {
                value = Long.parseLong(p.getText().trim());
            } else {
                throw BadValue.invalid(p, expected);
            }
            if (value < range.min() || value > range.max()) {
                throw BadValue.invalid(p, expected);
            }
            return value;
        }
    }

    /** A duration in the form of {@link Durations#parse}. */
    static class DurationValue extends Value<Duration> {
        static final String EXPECTED = "a duration such as 200ms or 24h";

        DurationValue() {
            super(Duration.class);
        }

        @Override
        Duration read(JsonParser p) throws IOException {
            String text = text(p, EXPECTED);
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw BadValue.problem(p, e.getMessage());
            }
        }
    }

    /** snapshots.lockWaitTimeout: 1s to 365d. */
    static final class LockWait extends DurationValue {
        @Override
        Duration read(JsonParser p) throws IOException {
            Duration d = super.read(p);
            if (d.isZero() || d.toSeconds() > 31_536_000) {
                throw BadValue.invalid(p, "a duration from 1s to 365d");
            }
            return d;
        }
    }

    /** journal.sync: {@code every-transaction} or a group-commit interval of 1ms to 60s. */
    static final class Sync extends Value<AgentConfig.Journal> {
        private static final String EXPECTED = "every-transaction or an interval such as 200ms";

        Sync() {
            super(AgentConfig.Journal.class);
        }

        @Override
        AgentConfig.Journal read(JsonParser p) throws IOException {
            String text = text(p, EXPECTED);
            if (text.equalsIgnoreCase("every-transaction")) {
                return new AgentConfig.Journal(true, Duration.ZERO);
            }
            Duration d;
            try {
                d = Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw BadValue.problem(
                        p, "'" + printable(text) + "' is neither every-transaction nor an interval such as 200ms");
            }
            if (d.isZero() || d.compareTo(Duration.ofSeconds(60)) > 0) {
                throw BadValue.problem(
                        p, "interval " + text + " is out of range (expected 1ms to 60s, or every-transaction)");
            }
            return new AgentConfig.Journal(false, d);
        }
    }

    /** One of a few words, case-insensitive. */
    abstract static class Choice<T> extends Value<T> {
        private final Map<String, T> values;
        private final String expected;

        Choice(Class<T> type, Map<String, T> values, String expected) {
            super(type);
            this.values = values;
            this.expected = expected;
        }

        @Override
        T read(JsonParser p) throws IOException {
            String text = text(p, expected);
            T value = values.get(text.toLowerCase(Locale.ROOT));
            if (value == null) {
                throw refused(p, text, expected);
            }
            return value;
        }

        BadValue refused(JsonParser p, String text, String expected) {
            return BadValue.invalid(p, expected);
        }
    }

    static final class Start extends Choice<AgentConfig.StartFrom> {
        Start() {
            super(
                    AgentConfig.StartFrom.class,
                    Map.of("current", AgentConfig.StartFrom.CURRENT, "earliest", AgentConfig.StartFrom.EARLIEST),
                    "current or earliest");
        }

        @Override
        BadValue refused(JsonParser p, String text, String expected) {
            return BadValue.problem(p, "'" + printable(text) + "' is not a start position (expected " + expected + ")");
        }
    }

    static final class Compression extends Choice<ChunkCompression> {
        Compression() {
            super(
                    ChunkCompression.class,
                    Map.of("zstd", ChunkCompression.ZSTD, "gzip", ChunkCompression.GZIP, "none", ChunkCompression.NONE),
                    "zstd, gzip or none");
        }
    }

    static final class Format extends Choice<AgentConfig.LogFormat> {
        Format() {
            super(
                    AgentConfig.LogFormat.class,
                    Map.of("text", AgentConfig.LogFormat.TEXT, "json", AgentConfig.LogFormat.JSON),
                    "text or json");
        }
    }

    /** http.bind: {@code host:port}, {@code [v6]:port}, or {@code off} (a bare YAML off/false too). */
    static final class Bind extends Value<AgentConfig.Http> {
        private static final String EXPECTED = "host:port, e.g. 127.0.0.1:9405, or off";

        Bind() {
            super(AgentConfig.Http.class);
        }

        @Override
        AgentConfig.Http read(JsonParser p) throws IOException {
            // YAML 1.1 reads a bare off (or false, no) as a boolean
            if (p.currentToken() == JsonToken.VALUE_FALSE) {
                return AgentConfig.Http.off();
            }
            String text = text(p, EXPECTED);
            if (text.equalsIgnoreCase("off")) {
                return AgentConfig.Http.off();
            }
            try {
                return hostPort(text);
            } catch (IllegalArgumentException e) {
                throw BadValue.problem(p, e.getMessage());
            }
        }

        static AgentConfig.Http hostPort(String bind) {
            int colon = bind.lastIndexOf(':');
            String expected = "expected " + EXPECTED;
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
    }

    /** snapshots.include/exclude: a list of database or db.table names, each a non-empty string. */
    static final class Names extends Value<List<String>> {
        Names() {
            super(List.class);
        }

        @Override
        List<String> read(JsonParser p) throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw BadValue.invalid(p, "a list of database names or db.table names, e.g. [shop, crm.audit]");
            }
            List<String> names = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.VALUE_STRING || p.getText().isBlank()) {
                    throw BadValue.invalidItem(p, names.size(), "a database name or db.table name");
                }
                names.add(p.getText());
            }
            return List.copyOf(names);
        }
    }
}
