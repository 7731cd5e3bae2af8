package io.binlogpitr.common.snapshot;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/** Passes bytes through, keeping their CRC32C and count. */
final class Crc32cOutputStream extends FilterOutputStream {
    private final CRC32C crc = new CRC32C();
    private long count;

    Crc32cOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        crc.update(b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        crc.update(b, off, len);
        count += len;
    }

    long crc() {
        return crc.getValue();
    }

    long count() {
        return count;
    }
}
