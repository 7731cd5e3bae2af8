package io.binlogpitr.agent.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * How Jackson binds agent.yml: every record of {@link AgentYaml} must be a mapping of its own keys only, and every
 * refusal is an exception thrown while the parser is still on the bad key or value ({@link BadValue}, {@link
 * UnknownKey}), which {@link AgentConfigReader} turns into a message with the line, column and key path.
 */
final class YamlMappings {
    private YamlMappings() {}

    /** The deserializers for the value types of {@link AgentYaml}; every record of it must be a mapping. */
    static SimpleModule module() {
        SimpleModule module = new SimpleModule("agent.yml");
        module.addDeserializer(String.class, new YamlValues.Text());
        module.addDeserializer(Long.class, new YamlValues.WholeNumber(null));
        module.addDeserializer(Duration.class, new YamlValues.DurationValue());
        module.addDeserializer(Path.class, new YamlValues.PathValue());
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(
                    DeserializationConfig config, BeanDescription description, JsonDeserializer<?> deserializer) {
                return description.getBeanClass().isRecord()
                        ? new MappingOnly(deserializer, description.getBeanClass())
                        : deserializer;
            }
        });
        return module;
    }

    /**
     * A value of the wrong form, thrown while the parser is on it. Jackson adds the key path as it unwinds; {@link
     * #render} puts the path before the detail.
     */
    static final class BadValue extends JsonMappingException {
        private static final long serialVersionUID = 1L;
        private final String detail;
        private final String suffix;

        private BadValue(JsonParser p, String detail, String suffix) {
            super(p, detail);
            this.detail = detail;
            this.suffix = suffix;
        }

        /** "{key} is {value}, expected {expected}". */
        static BadValue invalid(JsonParser p, String expected) {
            return new BadValue(p, " is " + actual(p) + ", expected " + expected, "");
        }

        /** "{key}: {problem}", for a value whose problem needs its own sentence. */
        static BadValue problem(JsonParser p, String problem) {
            return new BadValue(p, ": " + problem, "");
        }

        /** "{key}[index] is {value}, expected {expected}", for an item of a list. */
        static BadValue invalidItem(JsonParser p, int index, String expected) {
            return new BadValue(p, " is " + actual(p) + ", expected " + expected, "[" + index + "]");
        }

        String render(String path) {
            return path + suffix + detail;
        }

        private static String actual(JsonParser p) {
            JsonToken t = p.currentToken();
            if (t == JsonToken.START_OBJECT) {
                return "a mapping";
            }
            if (t == JsonToken.START_ARRAY) {
                return "a list";
            }
            try {
                return "'" + YamlValues.printable(p.getText()) + "'";
            } catch (IOException e) {
                return "a value";
            }
        }
    }

    /**
     * A key of a mapping that its record does not have. Thrown while the parser is on the key: Jackson's own check
     * comes only after it has buffered the rest of the mapping, past the key.
     */
    static final class UnknownKey extends JsonMappingException {
        private static final long serialVersionUID = 1L;
        private final String key;
        private final String known;

        UnknownKey(JsonParser p, String key, String known) {
            super(p, "unknown key " + key);
            this.key = key;
            this.known = known;
        }

        String render(String path) {
            return "unknown key '" + (path.isEmpty() ? key : path + "." + key) + "' (known here: " + known + ")";
        }
    }

    /**
     * Every record of {@link AgentYaml} is a YAML mapping: a scalar or a list there is refused with its value, and a
     * key the record does not have is refused where it stands.
     */
    static final class MappingOnly extends DelegatingDeserializer {
        private static final long serialVersionUID = 1L;
        private final Class<?> record;

        MappingOnly(JsonDeserializer<?> delegate, Class<?> record) {
            super(delegate);
            this.record = record;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new MappingOnly(delegate, record);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NULL) {
                return getNullValue(ctxt);
            }
            if (t != JsonToken.START_OBJECT && t != JsonToken.FIELD_NAME && t != JsonToken.END_OBJECT) {
                throw BadValue.invalid(p, "a mapping of keys");
            }
            return super.deserialize(new KnownKeysOnly(p, record), ctxt);
        }
    }

    /** Passes the tokens of one mapping on, refusing a key of it that {@code record} has no component for. */
    static final class KnownKeysOnly extends JsonParserDelegate {
        private final Set<String> keys = new LinkedHashSet<>();
        private JsonStreamContext mapping;

        KnownKeysOnly(JsonParser p, Class<?> record) throws IOException {
            super(p);
            for (RecordComponent c : record.getRecordComponents()) {
                keys.add(c.getName());
            }
            if (p.currentToken() == JsonToken.FIELD_NAME) {
                mapping = p.getParsingContext();
                check();
            }
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken t = super.nextToken();
            if (mapping == null) {
                mapping = delegate.getParsingContext();
            }
            if (t == JsonToken.FIELD_NAME && delegate.getParsingContext() == mapping) {
                check();
            }
            return t;
        }

        @Override
        public JsonToken nextValue() throws IOException {
            JsonToken t = nextToken();
            return t == JsonToken.FIELD_NAME ? nextToken() : t;
        }

        private void check() throws IOException {
            String key = delegate.currentName();
            if (!keys.contains(key)) {
                throw new UnknownKey(delegate, key, String.join(", ", keys));
            }
        }
    }
}
