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
 * {@code writingDocument}). Chronicle's 4-byte excerpt header has bit 31 "not complete" and bit 30 "metadata";
 * {@code 0xC0000000} is its end-of-cycle marker, 0 is unwritten space. Such an excerpt is invisible to readers
 * and is overwritten by the next append (measured with 2026.4, see ChronicleQueues); we only report it.
 */
final class TornTail {
    private static final Logger LOG = LoggerFactory.getLogger(TornTail.class);
    private static final int NOT_COMPLETE = 0x80000000;
    private static final int END_OF_CYCLE = 0xC0000000;

    private TornTail() {}

    /** Returns the header found after the last complete excerpt if it marks an incomplete one, else 0. */
    static int report(Path dir, ResumeScan scan) {
        if (scan.lastFile == null || scan.lastEndOffset < 0) {
            return 0;
        }
        Path file = scan.lastFile.toPath();
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            long at = (scan.lastEndOffset + 3) & ~3L;
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            if (c.read(b, at) < 4) {
                return 0;
            }
            int header = b.getInt(0);
            if ((header & NOT_COMPLETE) != 0 && header != END_OF_CYCLE) {
                LOG.info(
                        "journal {}: cut an excerpt left incomplete by a writer that died, in {} at offset {} after"
                                + " index {} (header 0x{}, {} bytes declared); it was never visible and the next"
                                + " append overwrites it",
                        dir,
                        file.getFileName(),
                        at,
                        RecordFormat.hex(scan.lastIndex),
                        Integer.toHexString(header),
                        header & 0x3fffffff);
                return header;
            }
            return 0;
        } catch (IOException e) {
            LOG.warn("journal {}: could not inspect the tail of {}: {}", dir, file, e.toString());
            return 0;
        }
    }
}
