package io.binlogpitr.bench;

import java.io.PrintStream;

/**
 * Where the benchmark tells what it is doing while it runs: progress lines ({@code [bench] ...}) and warnings, on
 * the diagnostic stream the command hands in (stderr), so that stdout carries only the table.
 */
final class ProgressWriter {
    private final PrintStream err;

    ProgressWriter(PrintStream err) {
        this.err = err;
    }

    /** A milestone of the run, prefixed with {@code [bench]}. */
    void progress(String message) {
        err.println("[bench] " + message);
    }

    /** A line as it is: a warning or a failure of a helper. */
    void line(String message) {
        err.println(message);
    }
}
