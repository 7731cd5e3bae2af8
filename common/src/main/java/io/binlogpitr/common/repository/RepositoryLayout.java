package io.binlogpitr.common.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The repository directory: {@code repository.json} (format version), {@code journal/} and {@code snapshots/}.
 * The format file is written atomically, last, so a directory without it is never mistaken for a repository.
 */
public final class RepositoryLayout {
    /** Bumped when a reader of an older version could misread the repository. */
    public static final int FORMAT_VERSION = 1;

    static final String FORMAT_FILE = "repository.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    private RepositoryLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path journal() {
        return root.resolve("journal");
    }

    public Path snapshots() {
        return root.resolve("snapshots");
    }

    public Path lockFile() {
        return root.resolve("agent.lock");
    }

    /** Held while a snapshot is being taken; inside {@code snapshots/}, beside the snapshot directories. */
    public Path snapshotLockFile() {
        return snapshots().resolve(".snapshot.lock");
    }

    /** Opens the repository at {@code root}, creating it when the directory is absent or empty. */
    public static RepositoryLayout createOrOpen(Path root) {
        RepositoryLayout layout = new RepositoryLayout(root);
        Path format = layout.root.resolve(FORMAT_FILE);
        try {
            if (Files.exists(format)) {
                layout.checkFormat();
                return layout;
            }
            if (Files.isDirectory(layout.root) && !isEmptyExceptLock(layout)) {
                throw new PitrException(
                        ErrorCode.REPOSITORY_INVALID,
                        "directory " + layout.root + " is not empty and holds no " + FORMAT_FILE
                                + ", so it is not a binlog-pitr repository",
                        "point 'repository:' at an empty or new directory, or at an existing repository");
            }
            Files.createDirectories(layout.journal());
            Files.createDirectories(layout.snapshots());
            ObjectNode node = JSON.createObjectNode();
            node.put("format", FORMAT_VERSION);
            node.put("createdAt", Instant.now().toString());
            AtomicFiles.write(format, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
            return layout;
        } catch (IOException e) {
            throw new PitrException(
                    ErrorCode.IO,
                    "cannot create repository " + layout.root + ": " + e,
                    "check that the parent directory exists, is writable and the disk is not full",
                    e);
        }
    }

    /** Opens an existing repository for reading; refuses anything else. */
    public static RepositoryLayout openExisting(Path root) {
        RepositoryLayout layout = new RepositoryLayout(root);
        if (!Files.isDirectory(layout.root)) {
            throw new PitrException(
                    ErrorCode.REPOSITORY_INVALID,
                    "repository " + layout.root + " does not exist",
                    "check 'repository:' in agent.yml (pitr-agent) or --repo (pitr-restore)");
        }
        if (!Files.exists(layout.root.resolve(FORMAT_FILE))) {
            throw new PitrException(
                    ErrorCode.REPOSITORY_INVALID,
                    layout.root + " is not a binlog-pitr repository (no " + FORMAT_FILE + ")",
                    "check 'repository:' in agent.yml (pitr-agent) or --repo (pitr-restore)");
        }
        layout.checkFormat();
        return layout;
    }

    private void checkFormat() {
        Path format = root.resolve(FORMAT_FILE);
        JsonNode node;
        try {
            node = JSON.readTree(Files.readAllBytes(format));
        } catch (IOException e) {
            throw new PitrException(
                    ErrorCode.REPOSITORY_INVALID,
                    "cannot read " + format + ": " + e.getMessage(),
                    "restore the file from a backup of the repository, or check its permissions",
                    e);
        }
        int version = node == null ? -1 : node.path("format").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new PitrException(
                    ErrorCode.REPOSITORY_INVALID,
                    "repository " + root + " has format version " + version + ", this build reads version "
                            + FORMAT_VERSION,
                    "use the binlog-pitr release that wrote this repository");
        }
    }

    private static boolean isEmptyExceptLock(RepositoryLayout layout) throws IOException {
        try (var entries = Files.list(layout.root)) {
            return entries.allMatch(p -> p.equals(layout.lockFile()));
        }
    }
}
