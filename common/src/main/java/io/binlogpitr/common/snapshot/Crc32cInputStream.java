package io.binlogpitr.common.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/**
 * Buffers a stream and keeps the CRC32C and count of exactly the bytes consumed from it (not of what was read ahead).
 * Not synchronized, and the CRC is updated a buffer at a time, when a refill or {@link #crc()} needs it: a chunk is
 * read a varint and a value at a time, and byte-wise CRC updates under a synchronized {@code BufferedInputStream} were
 * most of the reading cost.
 */
final class Crc32cInputStream extends InputStream {
    private final InputStream in;
    private final byte[] buffer;
    private final CRC32C crc = new CRC32C();
    private int position;
    private int limit;
    /** Bytes of the buffer before this index are in {@link #crc}. */
    private int checked;
    /** Bytes consumed before the buffer's content. */
    private long before;

    Crc32cInputStream(InputStream in, int bufferSize) {
        this.in = in;
        this.buffer = new byte[bufferSize];
    }

    @Override
    public int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position == limit) {
            if (len >= buffer.length) {
                // a large value: straight into the caller's array, checksummed there
                settle();
                int n = in.read(b, off, len);
                if (n > 0) {
                    crc.update(b, off, n);
                    before += n;
                }
                return n;
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(buffer, position, b, off, n);
        position += n;
        return n;
    }

    /** Checksums what was consumed of the buffer and empties it. */
    private void settle() {
        crc.update(buffer, checked, position - checked);
        before += position;
        position = 0;
        limit = 0;
        checked = 0;
    }

    private boolean fill() throws IOException {
        settle();
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        limit = n;
        return true;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip would bypass the checksum");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The CRC32C of every byte consumed so far. */
    long crc() {
        crc.update(buffer, checked, position - checked);
        checked = position;
        return crc.getValue();
    }

    /** Bytes consumed so far. */
    long count() {
        return before + position;
    }
}
