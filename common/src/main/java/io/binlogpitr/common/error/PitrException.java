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

    /**
     * The error for a fault in a memory-mapped file. When the file system is full, a store into a map raises SIGBUS,
     * which the JVM reports as an InternalError, possibly later and elsewhere in the thread than the store itself.
     */
    public static PitrException mappedFileFault(InternalError cause, String hint) {
        return new PitrException(
                ErrorCode.IO,
                "a memory-mapped file access failed (" + cause.getMessage() + "); is the disk full?",
                hint,
                cause);
    }

    /** The first line of a (driver's, server's) message, trimmed, for one-line errors; "no detail" for null. */
    public static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int eol = message.indexOf('\n');
        return (eol < 0 ? message : message.substring(0, eol)).trim();
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
