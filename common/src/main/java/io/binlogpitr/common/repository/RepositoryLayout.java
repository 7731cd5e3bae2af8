package io.binlogpitr.common.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The repository directory: {@code repository.json} (format version), {@code journal/} and {@code snapshots/}.
 * The format file is written atomically, last, so a directory without it is never mistaken for a repository.
 */
public final class RepositoryLayout {
    /** Bumped when a reader of an older version could misread the repository. */
    public static final int FORMAT_VERSION = 1;

    static final String FORMAT_FILE = "repository.json";
    static final String CREATION_LOCK_FILE = ".create.lock";
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

    /** Taken by every process that creates a repository, so two never create one at the same time. */
    Path creationLockFile() {
        return root.resolve(CREATION_LOCK_FILE);
    }

    /**
     * Opens the repository at {@code root}, creating it when the directory is absent or empty. Creation happens
     * under an OS file lock ({@code .create.lock}): a second process (e.g. {@code pitr-agent snapshot} started
     * while {@code pitr-agent run} creates the repository) waits for the first to finish and then opens what it
     * made, instead of finding a directory that already holds {@code journal/} but not yet {@code repository.json}.
     * A creation that died half-way (empty {@code journal/} and {@code snapshots/}, no format file) is completed.
     */
    public static RepositoryLayout createOrOpen(Path root) {
        RepositoryLayout layout = new RepositoryLayout(root);
        Path format = layout.root.resolve(FORMAT_FILE);
        if (Files.exists(format)) {
            layout.checkFormat();
            return layout;
        }
        try {
            Files.createDirectories(layout.root);
            // one creator per JVM at a time (a FileLock is per process), and one process at a time
            synchronized (RepositoryLayout.class) {
                try (FileChannel ch = FileChannel.open(
                                layout.creationLockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock held = ch.lock()) {
                    return layout.createLocked(format);
                }
            }
        } catch (IOException e) {
            throw new PitrException(
                    ErrorCode.IO,
                    "cannot create repository " + layout.root + ": " + e,
                    "check that the parent directory exists, is writable and the disk is not full",
                    e);
        }
    }

    private RepositoryLayout createLocked(Path format) throws IOException {
        if (Files.exists(format)) {
            checkFormat(); // another process created it while this one waited for the creation lock
            return this;
        }
        List<String> foreign = foreignEntries();
        if (!foreign.isEmpty()) {
            throw new PitrException(
                    ErrorCode.REPOSITORY_INVALID,
                    "directory " + root + " is not empty and holds no " + FORMAT_FILE
                            + ", so it is not a binlog-pitr repository (it holds " + String.join(", ", foreign)
                            + ")",
                    "point 'repository:' at an empty or new directory, or at an existing repository");
        }
        Files.createDirectories(journal());
        Files.createDirectories(snapshots());
        ObjectNode node = JSON.createObjectNode();
        node.put("format", FORMAT_VERSION);
        node.put("createdAt", Instant.now().toString());
        AtomicFiles.write(format, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
        return this;
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

    /**
     * What in the directory a repository being created would not hold: anything but the lock files, a format
     * file's temp copy left by a crash, and empty {@code journal/} and {@code snapshots/} directories (a creation
     * that died before writing the format file). At most a few names, for the message.
     */
    private List<String> foreignEntries() throws IOException {
        List<String> foreign = new ArrayList<>();
        try (var entries = Files.list(root)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                boolean ours = p.equals(lockFile())
                        || p.equals(creationLockFile())
                        || (name.startsWith("." + FORMAT_FILE + ".") && name.endsWith(".tmp"))
                        || ((p.equals(journal()) || p.equals(snapshots())) && isEmptyDirectory(p));
                if (!ours && foreign.size() < 5) {
                    foreign.add(name);
                }
            }
        }
        return foreign;
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
