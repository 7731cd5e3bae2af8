package io.binlogpitr.common.cli;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Runs a picocli command tree with the exit-code contract of docs/reference/errors.md: 0 ok, 1 operational failure, 2 bad
 * usage or input. Errors are printed as one line ({@code error[CODE]: ...}) plus a {@code HINT:} line; the stack
 * trace only with {@code --verbose}.
 */
public final class ToolRunner {
    private ToolRunner() {}

    public static int execute(Object command, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error[" + ErrorCode.USAGE.name() + "]: " + lowerFirst(ex.getMessage()));
            err.println("HINT: see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
            err.flush();
            return ErrorCode.USAGE.exitCode();
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, commandLine.getErr(), verbose));
        try {
            return cl.execute(args);
        } catch (InternalError e) {
            // picocli hands only Exceptions to the handler; a mapped-file fault (full disk) arrives as this Error
            return report(
                    PitrException.mappedFileFault(
                            e, "free disk space on the repository's file system, then run the command again"),
                    cl.getErr(),
                    verbose);
        }
    }

    /** Prints a failure the way every command does and returns its exit code. */
    public static int report(Throwable ex, PrintWriter err, boolean verbose) {
        if (ex instanceof PitrException p) {
            err.println(p.render());
            if (verbose) {
                ex.printStackTrace(err);
            }
            err.flush();
            return p.exitCode();
        }
        if (ex instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            err.println("error[" + ErrorCode.INTERNAL.name() + "]: interrupted");
            err.flush();
            return ErrorCode.INTERNAL.exitCode();
        }
        err.println("error[" + ErrorCode.INTERNAL.name() + "]: unexpected "
                + ex.getClass().getSimpleName() + ": " + ex.getMessage());
        err.println("HINT: this is a bug; run again with --verbose and report the stack trace");
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ErrorCode.INTERNAL.exitCode();
    }

    private static String lowerFirst(String s) {
        return s == null || s.isEmpty() ? "invalid usage" : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
