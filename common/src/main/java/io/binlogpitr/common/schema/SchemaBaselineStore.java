package io.binlogpitr.common.schema;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.repository.AtomicFiles;
import io.binlogpitr.common.repository.RepositoryLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema baselines of a repository, one file each under {@code schema/}: {@code baseline-<id>.json} holding
 * {@code {"format": 1, "sha256": "<hex of the compact baseline JSON>", "baseline": {...}}}, written atomically
 * (temp file, fsync, rename). A file whose checksum does not match, or of another format, is refused: the reader
 * then knows less, never something wrong. See docs/design/schema-history.md.
 */
public final class SchemaBaselineStore {
    public static final int FORMAT = 1;
    /** A derived baseline (see {@link SchemaBaseline.Derivation}): a build that reads only format 1 leaves it out. */
    public static final int DERIVED_FORMAT = 2;

    static final String DIRECTORY = "schema";
    private static final Logger LOG = LoggerFactory.getLogger(SchemaBaselineStore.class);
    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SchemaBaselineStore() {}

    public static Path directory(RepositoryLayout repo) {
        return repo.root().resolve(DIRECTORY);
    }

    /** Writes {@code b} as {@code schema/baseline-<id>.json}; visible whole or not at all. */
    public static Path write(RepositoryLayout repo, SchemaBaseline b) throws IOException {
        JsonNode body = JSON.valueToTree(b);
        ObjectNode file = JSON.createObjectNode();
        file.put("format", b.derived() == null ? FORMAT : DERIVED_FORMAT);
        file.put("sha256", sha256(JSON.writeValueAsBytes(body)));
        file.set("baseline", body);
        Path target = directory(repo).resolve("baseline-" + b.id() + ".json");
        AtomicFiles.write(target, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(file));
        return target;
    }

    /** A baseline as the repository stores it: its file and what it holds. */
    public record Stored(Path file, SchemaBaseline baseline) {}

    /**
     * Every readable baseline of the repository, in file-name order. A damaged one is left out with a warning:
     * the history then replays the journal's DDL from an earlier baseline, or knows less — never something wrong.
     */
    public static List<SchemaBaseline> readAll(RepositoryLayout repo) {
        return list(repo).stream().map(Stored::baseline).toList();
    }

    /** Like {@link #readAll}, with the file of each (retention deletes the ones no reader needs). */
    public static List<Stored> list(RepositoryLayout repo) {
        Path dir = directory(repo);
        List<Stored> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.startsWith("baseline-") && n.endsWith(".json");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new PitrException(ErrorCode.IO, "cannot list " + dir + ": " + e.getMessage(), null, e);
        }
        for (Path f : files) {
            try {
                out.add(new Stored(f, read(f)));
            } catch (PitrException e) {
                LOG.warn("{}; HINT: {}", e.getMessage(), e.hint());
            }
        }
        return out;
    }

    static SchemaBaseline read(Path file) {
        try {
            JsonNode node = JSON.readTree(Files.readAllBytes(file));
            int format = node == null ? -1 : node.path("format").asInt(-1);
            if (format != FORMAT && format != DERIVED_FORMAT) {
                throw damaged(file, "has format " + format + ", this build reads " + FORMAT + " and " + DERIVED_FORMAT);
            }
            JsonNode body = node.get("baseline");
            String expected = node.path("sha256").asText("");
            String actual = body == null ? "" : sha256(JSON.writeValueAsBytes(body));
            if (body == null || !actual.equals(expected)) {
                throw damaged(file, "has checksum " + actual + ", its header says " + expected);
            }
            return JSON.treeToValue(body, SchemaBaseline.class);
        } catch (IOException e) {
            throw damaged(file, "cannot be read: " + e.getMessage());
        }
    }

    private static PitrException damaged(Path file, String what) {
        return new PitrException(
                ErrorCode.REPOSITORY_INVALID,
                "schema baseline " + file + " " + what,
                "move the file out of " + file.getParent() + " (the agent records a new baseline at its next start;"
                        + " changes before it are then refused as SCHEMA_UNKNOWN on a MINIMAL source)");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
