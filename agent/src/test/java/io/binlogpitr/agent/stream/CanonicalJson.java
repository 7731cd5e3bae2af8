package io.binlogpitr.agent.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary;
import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonFormatter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Iterator;
import java.util.TreeMap;

/**
 * One canonical text for a JSON value, from MySQL's binary JSON (binlog) or from its text (SQL): keys
 * sorted, integers and doubles kept apart ({@code i:10000000} vs {@code d:1.0E7}), doubles exact.
 * The binary side is walked with {@link JsonBinary#parse} into a Jackson tree, not through the
 * connector's {@code JsonStringFormatter}, which prints whole doubles of 1e7 and more as integers.
 */
final class CanonicalJson {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private CanonicalJson() {}

    static String fromText(String text) throws JsonProcessingException {
        return canonical(MAPPER.readTree(text));
    }

    static String fromBinary(byte[] binary) throws IOException {
        TreeBuilder builder = new TreeBuilder();
        JsonBinary.parse(binary, builder);
        return canonical(builder.root);
    }

    static String canonical(JsonNode n) throws JsonProcessingException {
        if (n.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            n.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
            StringBuilder sb = new StringBuilder("{");
            for (var e : sorted.entrySet()) {
                sb.append(sb.length() > 1 ? "," : "")
                        .append(MAPPER.writeValueAsString(e.getKey()))
                        .append(':');
                sb.append(canonical(e.getValue()));
            }
            return sb.append('}').toString();
        } else if (n.isArray()) {
            StringBuilder sb = new StringBuilder("[");
            for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
                sb.append(sb.length() > 1 ? "," : "").append(canonical(it.next()));
            }
            return sb.append(']').toString();
        } else if (n.isIntegralNumber()) {
            return "i:" + n.bigIntegerValue();
        } else if (n.isDouble() || n.isFloat()) {
            return "d:" + n.doubleValue();
        } else if (n.isBigDecimal()) {
            return "dec:" + n.decimalValue().toPlainString();
        }
        return MAPPER.writeValueAsString(n);
    }

    /** Builds a Jackson tree from the connector's binary-JSON walk. */
    private static final class TreeBuilder implements JsonFormatter {
        private final JsonNodeFactory f = JsonNodeFactory.instance;
        private final Deque<JsonNode> stack = new ArrayDeque<>();
        private final Deque<String> names = new ArrayDeque<>();
        private JsonNode root;

        private void add(JsonNode n) {
            if (stack.isEmpty()) {
                root = n;
            } else if (stack.peek() instanceof ObjectNode o) {
                o.set(names.pop(), n);
            } else {
                ((ArrayNode) stack.peek()).add(n);
            }
        }

        @Override
        public void beginObject(int numElements) {
            ObjectNode o = f.objectNode();
            add(o);
            stack.push(o);
        }

        @Override
        public void beginArray(int numElements) {
            ArrayNode a = f.arrayNode();
            add(a);
            stack.push(a);
        }

        @Override
        public void endObject() {
            stack.pop();
        }

        @Override
        public void endArray() {
            stack.pop();
        }

        @Override
        public void name(String name) {
            names.push(name);
        }

        @Override
        public void value(String value) {
            add(f.textNode(value));
        }

        @Override
        public void value(int value) {
            add(f.numberNode(BigInteger.valueOf(value)));
        }

        @Override
        public void value(long value) {
            add(f.numberNode(BigInteger.valueOf(value)));
        }

        @Override
        public void value(double value) {
            add(f.numberNode(value));
        }

        @Override
        public void value(BigInteger value) {
            add(f.numberNode(value));
        }

        @Override
        public void value(BigDecimal value) {
            add(f.numberNode(value));
        }

        @Override
        public void value(boolean value) {
            add(f.booleanNode(value));
        }

        @Override
        public void valueNull() {
            add(f.nullNode());
        }

        @Override
        public void valueYear(int year) {
            add(f.numberNode(BigInteger.valueOf(year)));
        }

        @Override
        public void valueDate(int year, int month, int day) {
            add(f.textNode(String.format("%04d-%02d-%02d", year, month, day)));
        }

        @Override
        public void valueDatetime(int year, int month, int day, int hour, int min, int sec, int micros) {
            add(f.textNode(
                    String.format("%04d-%02d-%02d %02d:%02d:%02d.%06d", year, month, day, hour, min, sec, micros)));
        }

        @Override
        public void valueTime(int hour, int min, int sec, int micros) {
            add(f.textNode(String.format("%02d:%02d:%02d.%06d", hour, min, sec, micros)));
        }

        @Override
        public void valueTimestamp(long secondsPastEpoch, int micros) {
            add(f.textNode(secondsPastEpoch + "." + micros));
        }

        @Override
        public void valueOpaque(ColumnType type, byte[] value) {
            add(f.textNode(
                    "base64:type" + type.getCode() + ":" + Base64.getEncoder().encodeToString(value)));
        }

        @Override
        public void nextEntry() {}
    }
}
