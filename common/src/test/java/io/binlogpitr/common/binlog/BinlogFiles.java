package io.binlogpitr.common.binlog;

import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.journal.JournalEntry;
import io.binlogpitr.common.journal.TransactionHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Reads binlog files (the events a replica receives, byte for byte) into journal-like transactions: each GTID
 * event starts one, with the FORMAT_DESCRIPTION event of its file.
 */
final class BinlogFiles {
    private static final byte[] MAGIC = {(byte) 0xfe, 'b', 'i', 'n'};

    /** A transaction read from a file, shaped like a journal entry. */
    record FileEntry(TransactionHeader header, byte[] formatDescription, List<byte[]> eventList)
            implements JournalEntry {
        @Override
        public long index() {
            return header.startPosition();
        }

        @Override
        public Iterator<byte[]> events() {
            return eventList.iterator();
        }
    }

    private BinlogFiles() {}

    static List<FileEntry> read(List<Path> files) throws IOException {
        List<FileEntry> out = new ArrayList<>();
        for (Path file : files) {
            readFile(file, out);
        }
        return out;
    }

    private static void readFile(Path file, List<FileEntry> out) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < 4 || !Arrays.equals(Arrays.copyOf(all, 4), MAGIC)) {
            throw new IOException(file + " is not a binlog file");
        }
        byte[] fde = null;
        FormatDescription fd = null;
        List<byte[]> current = null;
        long start = 0;
        GtidEventInfo info = null;
        int at = 4;
        while (at + 19 <= all.length) {
            int size = (int) Bytes.u32(all, at + 9);
            if (size < 19 || at + size > all.length) {
                break; // a partly written event at the end of the active file
            }
            byte[] e = Arrays.copyOfRange(all, at, at + size);
            int type = e[4] & 0xFF;
            if (type == EventTypes.FORMAT_DESCRIPTION) {
                fde = e;
                fd = FormatDescription.parse(e);
            } else if (type == EventTypes.GTID) {
                flush(out, file, fde, current, start, at, info);
                current = new ArrayList<>();
                current.add(e);
                start = at;
                info = GtidEventInfo.parse(e, fd);
            } else if (type == EventTypes.PREVIOUS_GTIDS || type == EventTypes.ROTATE || type == EventTypes.STOP) {
                flush(out, file, fde, current, start, at, info);
                current = null;
            } else if (current != null) {
                current.add(e);
            }
            at += size;
        }
        flush(out, file, fde, current, start, at, info);
    }

    private static void flush(
            List<FileEntry> out, Path file, byte[] fde, List<byte[]> events, long start, long end, GtidEventInfo info) {
        if (events == null) {
            return;
        }
        long bytes = events.stream().mapToLong(e -> e.length).sum();
        Gtid gtid = info.gtid();
        TransactionHeader h = new TransactionHeader(
                gtid,
                info.originalCommitMicros(),
                info.immediateCommitMicros(),
                file.getFileName().toString(),
                start,
                end,
                events.size(),
                bytes);
        out.add(new FileEntry(h, fde, List.copyOf(events)));
    }
}
