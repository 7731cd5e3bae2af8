package io.binlogpitr.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.binlogpitr.common.error.PitrException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every key AgentConfigReader accepts is in docs/reference/config.md. The keys are not listed here: they are asked
 * of the real reader, which refuses an unknown key with "(known here: a, b)" at every level, so a key added to the
 * reader is checked without touching this test.
 */
class ConfigReferenceTest {
    private static final String PROBE = "zzNotAKey";
    private static final Pattern KNOWN = Pattern.compile("unknown key '([^']+)' \\(known here: ([^)]*)\\)");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path tmp;

    private static ObjectNode minimal() {
        ObjectNode root = YAML.createObjectNode();
        root.putObject("source").put("host", "h").put("user", "u").put("serverId", 1);
        root.put("repository", "/tmp/repo");
        return root;
    }

    /** The keys the reader knows inside {@code parent} of a document, or null if the probe was not refused. */
    private Set<String> knownKeys(ObjectNode document, ObjectNode parent, String path) throws IOException {
        parent.put(PROBE, 1);
        Path file = Files.writeString(tmp.resolve("agent.yml"), YAML.writeValueAsString(document));
        try {
            AgentConfigReader.read(file);
            throw new AssertionError("the reader accepted the unknown key " + path + PROBE);
        } catch (PitrException e) {
            Matcher m = KNOWN.matcher(e.getMessage());
            if (!m.find() || !m.group(1).equals(path + PROBE)) {
                return null; // refused for another reason: the key holds a value, not a mapping
            }
            Set<String> keys = new TreeSet<>();
            for (String k : m.group(2).split(",")) {
                keys.add(k.trim());
            }
            return keys;
        }
    }

    /** Every dotted key, mappings ("source") and values ("source.host") alike. */
    private List<String> acceptedKeys() throws IOException {
        List<String> keys = new ArrayList<>();
        walk("", keys);
        return keys;
    }

    private void walk(String path, List<String> out) throws IOException {
        ObjectNode document = minimal();
        ObjectNode parent = document;
        for (String part : path.isEmpty() ? new String[0] : path.split("\\.")) {
            // a scalar of the minimal document (repository, source.host) is replaced by the mapping that probes it
            parent = parent.get(part) instanceof ObjectNode o ? o : parent.putObject(part);
        }
        Set<String> keys = knownKeys(document, parent, path.isEmpty() ? "" : path + ".");
        if (keys == null) {
            return;
        }
        for (String key : keys) {
            String child = path.isEmpty() ? key : path + "." + key;
            out.add(child);
            walk(child, out);
        }
    }

    @Test
    void theReaderIsAskedForItsKeys() throws IOException {
        List<String> keys = acceptedKeys();
        assertThat(keys)
                .contains("source", "source.host", "source.passwordFile", "repository", "journal.sync", "http.bind")
                .doesNotContain("source.host." + PROBE);
        assertThatThrownBy(() -> knownKeys(minimal(), minimal(), ""))
                .as("a probe the reader does not refuse fails the walk")
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void everyKeyIsInTheReference() throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "reference", "config.md"));
        List<String> missing = new ArrayList<>();
        List<String> keys = acceptedKeys();
        for (String key : keys) {
            boolean mapping = keys.stream().anyMatch(k -> k.startsWith(key + "."));
            boolean documented = mapping
                    ? docs.contains("\n### " + key + "\n") || docs.contains("\n### " + key + " ")
                    : docs.contains("| `" + key + "` |");
            if (!documented) {
                missing.add(key + (mapping ? " (a '### " + key + "' section)" : " (a '| `" + key + "` |' table row)"));
            }
        }
        assertThat(missing)
                .as("keys of agent.yml missing from docs/reference/config.md")
                .isEmpty();
    }
}
