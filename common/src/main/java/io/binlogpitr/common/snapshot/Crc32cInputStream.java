package io.binlogpitr.common.snapshot;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/** Passes bytes through, keeping the CRC32C and count of what was read. */
final class Crc32cInputStream extends FilterInputStream {
    private final CRC32C crc = new CRC32C();
    private long count;

    Crc32cInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            crc.update(b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            crc.update(b, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip would bypass the checksum");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    long crc() {
        return crc.getValue();
    }

    long count() {
        return count;
    }
}
