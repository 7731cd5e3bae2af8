package io.binlogpitr.common.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/** How a chunk file is compressed; the reader recognizes it from the file's first bytes. */
public enum ChunkCompression {
    /** zstd level 3 with frame checksums: the default, fast both ways. */
    ZSTD(".zst"),
    /** gzip: slower, for sites that can only read gzip. */
    GZIP(".gz"),
    /** Uncompressed: for tests and for looking inside. */
    NONE("");

    private static final int ZSTD_LEVEL = 3;

    private final String suffix;

    ChunkCompression(String suffix) {
        this.suffix = suffix;
    }

    /** What chunk file names end with, after {@code .chunk}: {@code .zst}, {@code .gz} or nothing. */
    public String suffix() {
        return suffix;
    }

    OutputStream compress(OutputStream out) throws IOException {
        return switch (this) {
            case ZSTD -> new ZstdCompressorOutputStream(out, ZSTD_LEVEL, false, true);
            case GZIP -> new GzipCompressorOutputStream(out);
            case NONE -> out;
        };
    }

    InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case ZSTD -> new ZstdCompressorInputStream(in);
            case GZIP -> new GzipCompressorInputStream(in);
            case NONE -> in;
        };
    }

    /** The compression whose magic number starts {@code head}; NONE if neither zstd's nor gzip's. */
    static ChunkCompression recognize(byte[] head, int length) {
        if (length >= 4
                && (head[0] & 0xFF) == 0x28
                && (head[1] & 0xFF) == 0xB5
                && (head[2] & 0xFF) == 0x2F
                && (head[3] & 0xFF) == 0xFD) {
            return ZSTD;
        }
        if (length >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
            return GZIP;
        }
        return NONE;
    }
}
