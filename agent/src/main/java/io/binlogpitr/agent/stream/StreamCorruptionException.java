package io.binlogpitr.agent.stream;

/** An event arrived damaged (bad length or checksum); the connection is dropped and the transaction re-read. */
final class StreamCorruptionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StreamCorruptionException(String message) {
        super(message);
    }
}
