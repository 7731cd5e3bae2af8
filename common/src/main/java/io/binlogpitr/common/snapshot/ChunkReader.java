package io.binlogpitr.common.snapshot;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.sql.JsonDocument;
import io.binlogpitr.common.sql.SqlColumn;
import io.binlogpitr.common.sql.ValueKind;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a chunk file row by row; the compression is recognized from the file. A damaged or truncated
 * file, or one whose trailer checksum or row count does not match, fails with
 * {@link ErrorCode#SNAPSHOT_CORRUPT} — at the latest when the last row has been read, so callers that
 * must not act on a damaged file call {@link #verify} first.
 */
public final class ChunkReader implements AutoCloseable {
    private static final int BUFFER = 256 * 1024;

    private final Path file;
    private final DataInputStream in;
    private final Crc32cInputStream crc;
    private final ChunkHeader header;
    private int version;
    /** Per column, the typed JSON scalars of the row last read (empty for none). */
    private List<JsonDocument.Scalar>[] typed;

    private long rows;
    private boolean ended;

    private ChunkReader(Path file, DataInputStream in, Crc32cInputStream crc) throws IOException {
        this.file = file;
        this.in = in;
        this.crc = crc;
        this.header = readHeader();
    }

    /** Opens {@code file} and reads its header. */
    public static ChunkReader open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        try {
            raw.mark(8);
            byte[] head = new byte[4];
            int n = raw.readNBytes(head, 0, head.length);
            raw.reset();
            InputStream plain = ChunkCompression.recognize(head, n).decompress(raw);
            // no buffer above the CRC stream: the trailer check needs the CRC of exactly what was consumed (it buffers
            // itself, and checksums only what was consumed)
            Crc32cInputStream crc = new Crc32cInputStream(plain, BUFFER);
            return new ChunkReader(file, new DataInputStream(crc), crc);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw corrupt(file, e.getMessage(), e);
        }
    }

    /**
     * Reads the whole file and checks it: decodable, trailer consistent, and (if {@code expectedCrc32c} is
     * not negative) the CRC32C the manifest recorded.
     *
     * @return the file's figures
     * @throws PitrException SNAPSHOT_CORRUPT if any check fails
     */
    public static ChunkInfo verify(Path file, long expectedCrc32c) throws IOException {
        try (ChunkReader reader = open(file)) {
            while (reader.next() != null) {
                // reading is the check
            }
            ChunkInfo info = new ChunkInfo(reader.rows, Files.size(file), reader.crc.count(), reader.crc.crc());
            if (expectedCrc32c >= 0 && info.crc32c() != expectedCrc32c) {
                throw corrupt(
                        file,
                        "crc32c " + info.crc32cHex() + " differs from the recorded "
                                + String.format("%08x", expectedCrc32c),
                        null);
            }
            return info;
        }
    }

    public ChunkHeader header() {
        return header;
    }

    /** The next row (one entry per column, null for SQL NULL), or null after the last. */
    public byte[][] next() throws IOException {
        if (ended) {
            return null;
        }
        try {
            int marker = in.readUnsignedByte();
            if (marker == ChunkFormat.END) {
                readTrailer();
                ended = true;
                return null;
            }
            if (marker != ChunkFormat.ROW) {
                throw new IOException("bad row marker " + marker + " after row " + rows);
            }
            byte[][] values = new byte[header.columns().size()][];
            for (int i = 0; i < values.length; i++) {
                values[i] = readValue();
            }
            if (version >= 2) {
                for (int i = 0; i < values.length; i++) {
                    if (header.columns().get(i).kind() == ValueKind.JSON) {
                        typed[i] = ChunkFormat.readTyped(in);
                        if (!typed[i].isEmpty() && values[i] == null) {
                            throw new IOException("typed JSON scalars for a NULL in column " + i);
                        }
                    }
                }
            }
            rows++;
            return values;
        } catch (IOException | RuntimeException e) {
            throw corrupt(file, e.getMessage() + " (after row " + rows + ")", e);
        }
    }

    /**
     * The typed scalars of column {@code column} in the row {@link #next()} returned last: those whose type its JSON
     * text does not say (empty for none, for other columns, and in version 1 chunks, which did not keep them).
     */
    public List<JsonDocument.Scalar> typed(int column) {
        return typed[column];
    }

    /** The chunk format version of the file: 1 kept JSON as text only, 2 keeps its typed scalars. */
    public int version() {
        return version;
    }

    private byte[] readValue() throws IOException {
        long n = ChunkFormat.readVarint(in);
        if (n == 0) {
            return null;
        }
        if (n - 1 > ChunkFormat.MAX_VALUE_BYTES) {
            throw new IOException("value length " + (n - 1) + " exceeds " + ChunkFormat.MAX_VALUE_BYTES);
        }
        byte[] value = new byte[(int) (n - 1)];
        in.readFully(value);
        return value;
    }

    /** The CRC32C of the whole uncompressed content (trailer included); valid once {@link #next()} returned null. */
    public long contentCrc32c() {
        return crc.crc();
    }

    private void readTrailer() throws IOException {
        long count = in.readLong();
        long expected = crc.crc();
        // the trailer CRC covers everything before it
        long recorded = Integer.toUnsignedLong(in.readInt());
        if (count != rows) {
            throw new IOException("trailer says " + count + " rows, the file holds " + rows);
        }
        if (in.read() != -1) {
            throw new IOException("bytes after the trailer");
        }
        if (recorded != expected) {
            throw new IOException("trailer crc32c " + Long.toHexString(recorded) + " differs from the content's "
                    + Long.toHexString(expected));
        }
    }

    private ChunkHeader readHeader() throws IOException {
        byte[] magic = new byte[ChunkFormat.MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, ChunkFormat.MAGIC)) {
            throw new IOException("not a chunk file (no PITRCHNK magic)");
        }
        version = in.readUnsignedByte();
        if (version < ChunkFormat.VERSION_TEXT_JSON || version > ChunkFormat.VERSION) {
            throw new IOException("chunk format version " + version + ", this build reads "
                    + ChunkFormat.VERSION_TEXT_JSON + " to " + ChunkFormat.VERSION);
        }
        String schema = in.readUTF();
        String table = in.readUTF();
        long n = ChunkFormat.readVarint(in);
        if (n < 1 || n > 4096) {
            throw new IOException("bad column count " + n);
        }
        List<SqlColumn> columns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            ValueKind kind = ValueKind.valueOf(in.readUTF());
            String charset = in.readUTF();
            columns.add(new SqlColumn(name, kind, charset.isEmpty() ? null : charset));
        }
        @SuppressWarnings("unchecked")
        List<JsonDocument.Scalar>[] none = new List[columns.size()];
        Arrays.fill(none, List.of());
        typed = none;
        return new ChunkHeader(schema, table, columns);
    }

    static PitrException corrupt(Path file, String what, Throwable cause) {
        return new PitrException(
                ErrorCode.SNAPSHOT_CORRUPT,
                "chunk file " + file + " is damaged: " + what,
                "take a new snapshot, or restore from an older one ('pitr-restore list' shows them)",
                cause);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
