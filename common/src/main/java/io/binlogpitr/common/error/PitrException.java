package io.binlogpitr.common.error;

/**
 * The one exception type the tools report to users: a stable {@link ErrorCode}, a one-line message in
 * lower case with actual and expected values, and a hint that says what to do.
 */
public final class PitrException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String hint;

    public PitrException(ErrorCode code, String message, String hint) {
        this(code, message, hint, null);
    }

    public PitrException(ErrorCode code, String message, String hint, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.hint = hint;
    }

    public ErrorCode code() {
        return code;
    }

    /** What the user should do; may be null. */
    public String hint() {
        return hint;
    }

    public int exitCode() {
        return code.exitCode();
    }

    /** The form the command-line tools print: {@code error[CODE]: message} and, if any, {@code HINT: ...}. */
    public String render() {
        String line = "error[" + code.name() + "]: " + getMessage();
        return hint == null ? line : line + System.lineSeparator() + "HINT: " + hint;
    }
}
