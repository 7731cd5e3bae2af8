package io.binlogpitr.common.snapshot;

import io.binlogpitr.common.io.FileTrees;
import io.binlogpitr.common.repository.AtomicFiles;
import io.binlogpitr.common.repository.RepositoryLayout;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The snapshots of a repository: {@code snapshots/<id>/} directories, each complete (a snapshot is built in
 * {@code snapshots/.tmp-<id>/} and renamed into place only after every file and its manifest are durable) or
 * on its way out ({@code .deleting-<id>}, renamed before its files are removed). Names starting with a dot are
 * never snapshots.
 */
public final class SnapshotCatalog {
    static final String STAGING_PREFIX = ".tmp-";
    static final String DELETING_PREFIX = ".deleting-";

    private SnapshotCatalog() {}

    /**
     * A snapshot directory and its manifest, or the reason the manifest could not be read.
     *
     * @param manifest null when {@code problem} is set
     * @param problem null for a readable snapshot
     */
    public record Entry(String id, Path dir, SnapshotManifest manifest, String problem) {
        public boolean readable() {
            return manifest != null;
        }
    }

    /** Every snapshot directory, oldest first (ids are UTC times, so name order is time order). */
    public static List<Entry> list(RepositoryLayout layout) throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(layout.snapshots())) {
            return entries;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(layout.snapshots())) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (name.startsWith(".") || !Files.isDirectory(dir)) {
                    continue;
                }
                entries.add(read(name, dir));
            }
        }
        entries.sort(Comparator.comparing(Entry::id, ID_ORDER));
        return entries;
    }

    /**
     * Snapshot ids in time order: {@code <UTC second>} then {@code <UTC second>-2}, {@code -3} ... {@code -10}
     * for snapshots started within the same second (numerically, so {@code -10} follows {@code -9}).
     */
    public static final Comparator<String> ID_ORDER =
            Comparator.comparing(SnapshotCatalog::idSecond).thenComparingLong(SnapshotCatalog::idSequence);

    /**
     * The id for a snapshot started in the second {@code base} ({@code yyyyMMdd'T'HHmmss'Z'}): one that sorts
     * after every snapshot the repository holds or is building or deleting, even when an earlier one of the same
     * second was deleted meanwhile or the clock went back, so that id order stays the order snapshots were
     * taken in (retention keeps the newest by it).
     */
    public static String nextId(RepositoryLayout layout, String base) throws IOException {
        String latest = null;
        if (Files.isDirectory(layout.snapshots())) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(layout.snapshots())) {
                for (Path dir : dirs) {
                    String id = withoutPrefix(dir.getFileName().toString());
                    if (latest == null || ID_ORDER.compare(id, latest) > 0) {
                        latest = id;
                    }
                }
            }
        }
        if (latest == null || idSecond(latest).compareTo(base) < 0) {
            return base;
        }
        return idSecond(latest) + "-" + Math.max(2, idSequence(latest) + 1);
    }

    private static String withoutPrefix(String name) {
        for (String prefix : List.of(STAGING_PREFIX, DELETING_PREFIX)) {
            if (name.startsWith(prefix)) {
                return name.substring(prefix.length());
            }
        }
        return name;
    }

    private static String idSecond(String id) {
        int dash = id.lastIndexOf('-');
        return dash < 0 || !isDigits(id.substring(dash + 1)) ? id : id.substring(0, dash);
    }

    private static long idSequence(String id) {
        int dash = id.lastIndexOf('-');
        if (dash < 0 || !isDigits(id.substring(dash + 1))) {
            return 1;
        }
        String digits = id.substring(dash + 1);
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    private static boolean isDigits(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The readable snapshots only, oldest first. */
    public static List<SnapshotManifest> manifests(RepositoryLayout layout) throws IOException {
        return list(layout).stream()
                .filter(Entry::readable)
                .map(Entry::manifest)
                .toList();
    }

    private static Entry read(String id, Path dir) {
        Path file = dir.resolve(SnapshotManifest.FILE_NAME);
        try {
            SnapshotManifest manifest = SnapshotManifest.fromJson(Files.readAllBytes(file));
            if (manifest.format() != SnapshotManifest.FORMAT) {
                return new Entry(
                        id,
                        dir,
                        null,
                        "manifest format " + manifest.format() + ", this build reads " + SnapshotManifest.FORMAT);
            }
            if (!id.equals(manifest.id())) {
                return new Entry(id, dir, null, "manifest names snapshot " + manifest.id() + ", not " + id);
            }
            return new Entry(id, dir, manifest, null);
        } catch (NoSuchFileException e) {
            return new Entry(id, dir, null, "no " + SnapshotManifest.FILE_NAME);
        } catch (IOException | RuntimeException e) {
            return new Entry(id, dir, null, "unreadable " + SnapshotManifest.FILE_NAME + ": " + e.getMessage());
        }
    }

    /** Where a snapshot with {@code id} is built before it is published. */
    public static Path stagingDir(RepositoryLayout layout, String id) {
        return layout.snapshots().resolve(STAGING_PREFIX + id);
    }

    /** Where a published snapshot lives. */
    public static Path snapshotDir(RepositoryLayout layout, String id) {
        return layout.snapshots().resolve(id);
    }

    /**
     * Writes the manifest into the staging directory, makes every directory durable, and renames the staging
     * directory to its final name: from here on the snapshot exists. The chunk files must already be synced.
     */
    public static Path publish(RepositoryLayout layout, SnapshotManifest manifest) throws IOException {
        Path staging = stagingDir(layout, manifest.id());
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(staging, Files::isDirectory)) {
            for (Path dir : dirs) {
                AtomicFiles.syncDirectory(dir);
            }
        }
        AtomicFiles.write(staging.resolve(SnapshotManifest.FILE_NAME), manifest.toJson());
        Path target = snapshotDir(layout, manifest.id());
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.syncDirectory(layout.snapshots());
        return target;
    }

    /**
     * Deletes a published snapshot: renamed first (one atomic step after which it is no longer listed), then
     * its files removed.
     */
    public static void delete(RepositoryLayout layout, String id) throws IOException {
        Path doomed = layout.snapshots().resolve(DELETING_PREFIX + id);
        Files.move(snapshotDir(layout, id), doomed, StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.syncDirectory(layout.snapshots());
        FileTrees.delete(doomed);
    }

    /** Deletes a staging directory (a failed or abandoned snapshot); nothing if it is absent. */
    public static void discard(Path staging) throws IOException {
        if (Files.exists(staging)) {
            FileTrees.delete(staging);
        }
    }

    /**
     * Removes what an interrupted snapshot or deletion left behind ({@code .tmp-*}, {@code .deleting-*}).
     * Call only while holding the snapshot lock. Returns the names removed.
     */
    public static List<String> removeIncomplete(RepositoryLayout layout) throws IOException {
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(layout.snapshots())) {
            return removed;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(layout.snapshots())) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if ((name.startsWith(STAGING_PREFIX) || name.startsWith(DELETING_PREFIX)) && Files.isDirectory(dir)) {
                    FileTrees.delete(dir);
                    removed.add(name);
                }
            }
        }
        return removed;
    }
}
