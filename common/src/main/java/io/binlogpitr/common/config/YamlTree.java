package io.binlogpitr.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed, path-aware access to a parsed YAML document. Every failure is a {@link PitrException} whose message
 * names the file, the dotted key and the bad value, so a typo in agent.yml is a one-line fix.
 */
final class YamlTree {
    private final Path file;
    private final String hint;

    YamlTree(Path file, String hint) {
        this.file = file;
        this.hint = hint;
    }

    JsonNode requireObject(JsonNode parent, String key, String path) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            throw missing(path);
        }
        if (!node.isObject()) {
            throw invalid(path, node, "a mapping of keys");
        }
        return node;
    }

    Optional<JsonNode> optionalObject(JsonNode parent, String key, String path) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw invalid(path, node, "a mapping of keys");
        }
        return Optional.of(node);
    }

    String requireText(JsonNode parent, String key, String path) {
        return optionalText(parent, key, path).orElseThrow(() -> missing(path));
    }

    Optional<String> optionalText(JsonNode parent, String key, String path) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isValueNode() || node.isBoolean()) {
            throw invalid(path, node, "a string");
        }
        String text = node.asText().trim();
        if (text.isEmpty()) {
            throw invalid(path, node, "a non-empty string");
        }
        return Optional.of(text);
    }

    long requireLong(JsonNode parent, String key, String path, long min, long max) {
        return optionalLong(parent, key, path, min, max).orElseThrow(() -> missing(path));
    }

    Optional<Long> optionalLong(JsonNode parent, String key, String path, long min, long max) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        long value;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            value = node.asLong();
        } else if (node.isTextual() && node.asText().trim().matches("-?\\d{1,18}")) {
            value = Long.parseLong(node.asText().trim());
        } else {
            throw invalid(path, node, "a whole number from " + min + " to " + max);
        }
        if (value < min || value > max) {
            throw invalid(path, node, "a whole number from " + min + " to " + max);
        }
        return Optional.of(value);
    }

    Optional<Duration> optionalDuration(JsonNode parent, String key, String path) {
        return optionalText(parent, key, path).map(text -> parse(path, text, Durations::parse));
    }

    <T> T parse(String path, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new PitrException(
                    ErrorCode.CONFIG_INVALID, file + ": " + path + ": " + lowerFirst(e.getMessage()), hint, e);
        }
    }

    /** Refuses keys this version does not know: a misspelt key must not silently fall back to a default. */
    void rejectUnknown(JsonNode node, String path, Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                String where = path.isEmpty() ? name : path + "." + name;
                throw new PitrException(
                        ErrorCode.CONFIG_INVALID,
                        file + ": unknown key '" + where + "' (known here: " + String.join(", ", known) + ")",
                        hint);
            }
        }
    }

    PitrException missing(String path) {
        return new PitrException(ErrorCode.CONFIG_MISSING_KEY, file + ": missing required key '" + path + "'", hint);
    }

    PitrException invalid(String path, JsonNode node, String expected) {
        String actual = node.getNodeType() == JsonNodeType.OBJECT
                ? "a mapping"
                : node.getNodeType() == JsonNodeType.ARRAY ? "a list" : "'" + node.asText() + "'";
        return new PitrException(
                ErrorCode.CONFIG_INVALID, file + ": " + path + " is " + actual + ", expected " + expected, hint);
    }

    private static String lowerFirst(String s) {
        return s == null || s.isEmpty() ? "invalid value" : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
