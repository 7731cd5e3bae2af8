package io.binlogpitr.common.snapshot;

/**
 * What the manifest records about one chunk file: rows, size on disk, size uncompressed, and the CRC32C
 * of the uncompressed content (all of it, header and trailer included).
 */
public record ChunkInfo(long rows, long bytes, long uncompressedBytes, long crc32c) {
    public ChunkInfo {
        if (rows < 0 || bytes < 0 || uncompressedBytes < 0 || crc32c < 0 || crc32c > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("bad chunk info: rows " + rows + ", bytes " + bytes + ", uncompressed "
                    + uncompressedBytes + ", crc32c " + crc32c);
        }
    }

    /** The CRC32C as eight hex digits, the form the manifest shows. */
    public String crc32cHex() {
        return String.format("%08x", crc32c);
    }
}
