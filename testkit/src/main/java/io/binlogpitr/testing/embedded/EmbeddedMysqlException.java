package io.binlogpitr.testing.embedded;

/**
 * The embedded server could not be unpacked, initialised or started. Carries a hint (what to do) like the product's
 * errors; the quick start turns it into its {@code EMBEDDED_MYSQL} error, tests let it fail the test.
 */
public final class EmbeddedMysqlException extends RuntimeException {
    private final String hint;

    public EmbeddedMysqlException(String message, String hint) {
        this(message, hint, null);
    }

    public EmbeddedMysqlException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    /** What the user can do about it. */
    public String hint() {
        return hint;
    }
}
