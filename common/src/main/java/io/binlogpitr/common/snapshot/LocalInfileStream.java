package io.binlogpitr.common.snapshot;

import io.binlogpitr.common.sql.SqlColumn;
import io.binlogpitr.common.sql.SqlLiteral;
import io.binlogpitr.common.sql.ValueKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A chunk's rows in the text form of {@code LOAD DATA ... CHARACTER SET binary FIELDS TERMINATED BY '\t'
 * ESCAPED BY '\\' LINES TERMINATED BY '\n'} (nothing enclosed): one line per row, NULL as {@code \N}, and in every
 * value the bytes backslash, tab and newline escaped ({@code \\}, {@code \t}, {@code \n}); every other byte goes as
 * it is, so character data reaches the column in its own character set with no conversion. Numbers, decimals and
 * temporal values go as the text the chunk holds; FLOAT and DOUBLE as the exact approximate literal of
 * {@link SqlLiteral} ({@code 16777216E0}), which the server's string-to-double conversion reads exactly as its SQL
 * parser does; a zero YEAR as {@code 0000} (the string {@code 0} would be 2000). JSON is not carried: its doubles
 * need {@code JSON_SET} (see {@link SqlLiteral}), so chunks with JSON are loaded by INSERT.
 *
 * <p>A failure to read the chunk (damage) ends the stream early and is kept for {@link #failure()}: the driver
 * must see a clean end of data, and the caller rolls back and throws it. Closing the stream does not close the
 * reader, which belongs to the caller.
 */
final class LocalInfileStream extends InputStream {
    private static final byte[] NULL = {'\\', 'N'};
    private static final byte[] ZERO_YEAR = {'0', '0', '0', '0'};
    /** The bytes written with a backslash before them: backslash, tab (as {@code \\t}) and newline ({@code \\n}). */
    private static final boolean[] ESCAPED = new boolean[256];

    static {
        ESCAPED['\\'] = true;
        ESCAPED['\t'] = true;
        ESCAPED['\n'] = true;
    }

    private final ChunkReader reader;
    private final List<SqlColumn> columns;
    private byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private boolean ended;
    private long rows;
    private Exception failure;

    LocalInfileStream(ChunkReader reader) {
        this.reader = reader;
        this.columns = reader.header().columns();
        for (SqlColumn c : columns) {
            if (!carries(c.kind())) {
                throw new IllegalArgumentException("column " + c.name() + " (" + c.kind() + ") cannot go by LOAD DATA");
            }
        }
    }

    /** Whether values of {@code kind} can be loaded exactly through this stream. */
    static boolean carries(ValueKind kind) {
        return kind != ValueKind.JSON;
    }

    /** Rows put into the stream so far. */
    long rows() {
        return rows;
    }

    /** What ended the stream early, or null. */
    Exception failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        while (position == limit) {
            if (ended) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(buffer, position, b, off, n);
        position += n;
        return n;
    }

    /** Renders rows until about half the buffer is used, or the chunk ends. */
    private void fill() {
        position = 0;
        limit = 0;
        try {
            while (limit < buffer.length / 2) {
                byte[][] row = reader.next();
                if (row == null) {
                    ended = true;
                    return;
                }
                appendRow(row);
                rows++;
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
            ended = true;
            limit = 0; // never send part of a row
        }
    }

    private void appendRow(byte[][] row) {
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                put((byte) '\t');
            }
            byte[] value = row[i];
            if (value == null) {
                putRaw(NULL);
                continue;
            }
            switch (columns.get(i).kind()) {
                case FLOAT -> putRaw(
                        approximate(columns.get(i), ByteBuffer.wrap(value).getFloat()));
                case DOUBLE -> putRaw(
                        approximate(columns.get(i), ByteBuffer.wrap(value).getDouble()));
                case YEAR -> putEscaped(allZeros(value) ? ZERO_YEAR : value);
                default -> putEscaped(value);
            }
        }
        put((byte) '\n');
    }

    private static byte[] approximate(SqlColumn column, Object value) {
        return SqlLiteral.render(column, value).getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean allZeros(byte[] value) {
        for (byte b : value) {
            if (b != '0') {
                return false;
            }
        }
        return value.length > 0;
    }

    /** Copies {@code value} as it is up to the first byte to escape (most values have none), then byte by byte. */
    private void putEscaped(byte[] value) {
        int clean = 0;
        while (clean < value.length && !ESCAPED[value[clean] & 0xFF]) {
            clean++;
        }
        ensure(clean + (value.length - clean) * 2);
        System.arraycopy(value, 0, buffer, limit, clean);
        int at = limit + clean;
        byte[] buf = buffer;
        for (int i = clean; i < value.length; i++) {
            byte b = value[i];
            if (ESCAPED[b & 0xFF]) {
                buf[at++] = '\\';
                buf[at++] = b == '\t' ? (byte) 't' : b == '\n' ? (byte) 'n' : (byte) '\\';
            } else {
                buf[at++] = b;
            }
        }
        limit = at;
    }

    private void putRaw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, limit, bytes.length);
        limit += bytes.length;
    }

    private void put(byte b) {
        ensure(1);
        buffer[limit++] = b;
    }

    private void ensure(int more) {
        if (limit + more > buffer.length) {
            byte[] bigger = new byte[Math.max(buffer.length * 2, limit + more)];
            System.arraycopy(buffer, 0, bigger, 0, limit);
            buffer = bigger;
        }
    }

    @Override
    public void close() {
        // the reader is the caller's
    }
}
