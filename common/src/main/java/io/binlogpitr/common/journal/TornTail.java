package io.binlogpitr.common.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks for an excerpt Chronicle left incomplete after the last complete one (a writer killed inside
 * {@code writingDocument}).
 *
 * <p>What Chronicle 2026.4 does, measured (JournalCrashTest, and a child JVM halted inside a document): the
 * excerpt's 4-byte length header stays 0 while the document is open and is written only when it closes, so the
 * bytes of a dead writer's excerpt sit after a zero header. Readers take a zero header as the end of the queue
 * and never see them; the next appender starts at the same position (the store's write position never moved
 * past it), overwrites the header and body, and zeroes the 8 bytes after its own excerpt, so leftover bytes
 * further on are never read either. We only report it: when the zero header is followed by what looks like the
 * prefix of one of our records (format version, then a known kind).
 */
final class TornTail {
    private static final Logger LOG = LoggerFactory.getLogger(TornTail.class);

    private TornTail() {}

    /** Returns the record kind of an incomplete excerpt found after the last complete one, else 0. */
    static int report(Path dir, ResumeScan scan) {
        if (scan.lastFile == null || scan.lastEndOffset < 0) {
            return 0;
        }
        Path file = scan.lastFile.toPath();
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            long at = (scan.lastEndOffset + 3) & ~3L;
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            if (c.read(b, at) < 8) {
                return 0;
            }
            int header = b.getInt(0);
            int version = b.get(4);
            int kind = b.get(5);
            if (header == 0
                    && version == RecordFormat.VERSION
                    && kind >= RecordFormat.BASE
                    && kind <= RecordFormat.LAST_KIND) {
                LOG.info(
                        "journal {}: cut an excerpt left incomplete by a writer that died ({} record) in {} at offset"
                                + " {} after index {}; it was never visible and the next append overwrites it",
                        dir,
                        RecordFormat.kindName(kind),
                        file.getFileName(),
                        at,
                        RecordFormat.hex(scan.lastIndex));
                return kind;
            }
            return 0;
        } catch (IOException e) {
            LOG.warn("journal {}: could not inspect the tail of {}: {}", dir, file, e.toString());
            return 0;
        }
    }
}
