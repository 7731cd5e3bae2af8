package io.binlogpitr.common.snapshot;

import io.binlogpitr.common.sql.JsonDocument;
import io.binlogpitr.common.sql.SqlColumn;
import io.binlogpitr.common.sql.ValueKind;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Writes one chunk file: the header, then rows of raw column values, then a trailer with the row count
 * and a checksum. {@link #finish()} makes the file durable and returns what the manifest records; a
 * writer closed without finishing deletes its file.
 */
public final class ChunkWriter implements AutoCloseable {
    private static final int BUFFER = 256 * 1024;

    private final Path file;
    private final FileChannel channel;
    private final Crc32cOutputStream crc;
    private final DataOutputStream out;
    private final int columns;
    /** The indexes of the JSON columns, whose typed scalars follow each row's values. */
    private final int[] jsonColumns;

    private long rows;
    private boolean finished;

    private ChunkWriter(
            Path file, FileChannel channel, Crc32cOutputStream crc, DataOutputStream out, List<SqlColumn> columns) {
        this.file = file;
        this.channel = channel;
        this.crc = crc;
        this.out = out;
        this.columns = columns.size();
        this.jsonColumns = IntStream.range(0, columns.size())
                .filter(i -> columns.get(i).kind() == ValueKind.JSON)
                .toArray();
    }

    /** Creates {@code file} (which must not exist) and writes the header. */
    public static ChunkWriter create(Path file, ChunkCompression compression, ChunkHeader header) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            OutputStream compressed =
                    compression.compress(new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER));
            Crc32cOutputStream crc = new Crc32cOutputStream(compressed);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(crc, BUFFER));
            ChunkWriter writer = new ChunkWriter(file, channel, crc, out, header.columns());
            writer.writeHeader(header);
            return writer;
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private void writeHeader(ChunkHeader header) throws IOException {
        out.write(ChunkFormat.MAGIC);
        out.writeByte(ChunkFormat.VERSION);
        out.writeUTF(header.schema());
        out.writeUTF(header.table());
        ChunkFormat.writeVarint(out, header.columns().size());
        for (SqlColumn c : header.columns()) {
            out.writeUTF(c.name());
            out.writeUTF(c.kind().name());
            out.writeUTF(c.charset() == null ? "" : c.charset());
        }
    }

    /** Appends one row: one entry per header column, null for SQL NULL; no typed JSON scalars. */
    public void writeRow(byte[][] values) throws IOException {
        writeRow(values, null);
    }

    /**
     * Appends one row: one entry per header column, null for SQL NULL, and per column the typed scalars of its JSON
     * text ({@code typed} null, or an entry null or empty, for none).
     */
    public void writeRow(byte[][] values, List<JsonDocument.Scalar>[] typed) throws IOException {
        if (values.length != columns) {
            throw new IllegalArgumentException("row has " + values.length + " values, the chunk " + columns);
        }
        out.writeByte(ChunkFormat.ROW);
        for (byte[] v : values) {
            if (v == null) {
                out.writeByte(0);
            } else {
                ChunkFormat.writeVarint(out, v.length + 1L);
                out.write(v);
            }
        }
        for (int c : jsonColumns) {
            List<JsonDocument.Scalar> t = typed == null ? null : typed[c];
            if (t != null && !t.isEmpty() && values[c] == null) {
                throw new IllegalArgumentException("typed JSON scalars for the NULL of column " + c);
            }
            ChunkFormat.writeTyped(out, t == null ? List.of() : t);
        }
        rows++;
    }

    /** Writes the trailer, flushes and fsyncs the file, and returns its figures. */
    public ChunkInfo finish() throws IOException {
        out.writeByte(ChunkFormat.END);
        out.writeLong(rows);
        out.flush();
        out.writeInt((int) crc.crc());
        out.close(); // ends the compressed frame and closes the file
        finished = true;
        try (FileChannel sync = FileChannel.open(file, StandardOpenOption.WRITE)) {
            sync.force(true);
            return new ChunkInfo(rows, sync.size(), crc.count(), crc.crc());
        }
    }

    /** Without {@link #finish()}: closes and deletes the partial file. */
    @Override
    public void close() throws IOException {
        if (finished) {
            return;
        }
        try {
            out.close(); // frees the compressor; what it writes goes with the file
        } finally {
            channel.close();
            Files.deleteIfExists(file);
        }
    }
}
