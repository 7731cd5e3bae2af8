package io.binlogpitr.common.snapshot;

import io.binlogpitr.common.error.PitrException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every chunk of a snapshot back and checks it against the manifest: the file exists and has the recorded
 * size, decodes, its rows and CRC32C of the uncompressed content match, and each table's chunks add up to its
 * row count. Reads everything, so it takes about as long as reading the snapshot from disk.
 */
public final class SnapshotVerifier {
    private SnapshotVerifier() {}

    /** What was checked and every problem found (empty when the snapshot is whole). */
    public record Result(String id, int chunks, long rows, long bytes, List<String> findings) {
        public boolean ok() {
            return findings.isEmpty();
        }
    }

    public static Result verify(SnapshotCatalog.Entry entry) {
        List<String> findings = new ArrayList<>();
        if (!entry.readable()) {
            findings.add("snapshot " + entry.id() + ": " + entry.problem());
            return new Result(entry.id(), 0, 0, 0, findings);
        }
        SnapshotManifest m = entry.manifest();
        int chunks = 0;
        long rows = 0;
        long bytes = 0;
        for (SnapshotManifest.Database db : m.databases()) {
            for (SnapshotManifest.Table t : db.tables()) {
                long tableRows = 0;
                for (SnapshotManifest.Chunk c : t.chunks()) {
                    chunks++;
                    String where = "snapshot " + m.id() + ", " + db.name() + "." + t.name() + ", " + c.file();
                    Path file = entry.dir().resolve(c.file()).normalize();
                    if (!file.startsWith(entry.dir())) {
                        findings.add(where + ": the path leaves the snapshot directory");
                        continue;
                    }
                    try {
                        long size = Files.size(file);
                        if (size != c.bytes()) {
                            findings.add(where + ": " + size + " bytes on disk, the manifest says " + c.bytes());
                            continue;
                        }
                        ChunkInfo info = ChunkReader.verify(file, c.crc32cValue());
                        if (info.rows() != c.rows()) {
                            findings.add(where + ": " + info.rows() + " rows, the manifest says " + c.rows());
                        }
                        tableRows += info.rows();
                        rows += info.rows();
                        bytes += size;
                    } catch (NoSuchFileException e) {
                        findings.add(where + ": missing");
                    } catch (PitrException e) {
                        findings.add(where + ": " + e.getMessage());
                    } catch (IOException | RuntimeException e) {
                        findings.add(where + ": unreadable (" + e + ")");
                    }
                }
                if (tableRows != t.rows() && findings.isEmpty()) {
                    findings.add("snapshot " + m.id() + ", " + db.name() + "." + t.name() + ": chunks hold " + tableRows
                            + " rows, the manifest says " + t.rows());
                }
            }
        }
        return new Result(m.id(), chunks, rows, bytes, findings);
    }
}
