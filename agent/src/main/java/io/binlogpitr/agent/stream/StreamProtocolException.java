package io.binlogpitr.agent.stream;

/** The replication stream broke a rule the agent relies on; the connection is dropped and nothing partial is kept. */
final class StreamProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StreamProtocolException(String message) {
        super(message);
    }
}
