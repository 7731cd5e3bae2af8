package io.binlogpitr.common.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.repository.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * {@code journal/retention.json}: what retention deleted from the front of the journal. Written atomically
 * before any cycle file is deleted, so it is the single source of truth: cycles before {@link #firstKeptCycle}
 * are dead whether or not their files are still there (a crash between the write and the deletion leaves them;
 * every reader skips them, and the next writer open or retention run deletes them).
 *
 * @param firstKeptCycle the Chronicle cycle readers start at
 * @param firstKeptFile its file name, for people
 * @param base the base the journal now starts after: the old base and every GTID deleted
 * @param sourceUuid the source UUID of the deleted BASE records (null if none was known)
 * @param format the FORMAT_DESCRIPTION event in force at the first kept record (null if none)
 */
record RetentionMarker(int firstKeptCycle, String firstKeptFile, GtidSet base, String sourceUuid, byte[] format) {
    static final String FILE_NAME = "retention.json";
    static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The marker of the journal in {@code dir}, or empty when retention never ran there. */
    static Optional<RetentionMarker> read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new PitrException(
                    ErrorCode.IO,
                    "cannot read " + file + ": " + e.getMessage(),
                    "check the repository's permissions",
                    e);
        }
        try {
            JsonNode n = JSON.readTree(bytes);
            int version = n.path("version").asInt(-1);
            if (version != VERSION) {
                throw bad(file, "version " + version + ", expected " + VERSION);
            }
            ObjectNode body = ((ObjectNode) n.deepCopy()).without("crc32c");
            String crc = crc(JSON.writeValueAsBytes(body));
            if (!crc.equals(n.path("crc32c").asText())) {
                throw bad(file, "checksum " + n.path("crc32c").asText() + " does not match its content (" + crc + ")");
            }
            String uuid = n.path("sourceUuid").asText("");
            String format = n.path("format").asText("");
            return Optional.of(new RetentionMarker(
                    n.path("firstKeptCycle").asInt(),
                    n.path("firstKeptFile").asText(),
                    GtidSet.parse(n.path("base").asText("")),
                    uuid.isEmpty() ? null : uuid,
                    format.isEmpty() ? null : Base64.getDecoder().decode(format)));
        } catch (IOException | RuntimeException e) {
            if (e instanceof PitrException p) {
                throw p;
            }
            throw bad(file, e.toString());
        }
    }

    /** Writes the marker atomically (temp file, fsync, rename, fsync of the directory). */
    void write(Path dir) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("version", VERSION);
        n.put("firstKeptCycle", firstKeptCycle);
        n.put("firstKeptFile", firstKeptFile);
        n.put("base", base.toString());
        n.put("sourceUuid", sourceUuid == null ? "" : sourceUuid);
        n.put("format", format == null ? "" : Base64.getEncoder().encodeToString(format));
        n.put("crc32c", crc(JSON.writeValueAsBytes(n)));
        AtomicFiles.write(dir.resolve(FILE_NAME), JSON.writeValueAsBytes(n));
    }

    private static String crc(byte[] bytes) {
        CRC32C c = new CRC32C();
        c.update(bytes);
        return String.format("%08x", c.getValue());
    }

    private static PitrException bad(Path file, String what) {
        return new PitrException(
                ErrorCode.JOURNAL_CORRUPT,
                "journal retention marker " + file + " is unreadable: " + what,
                "it records what retention deleted from the journal; restore it from a backup of the repository");
    }
}
