package io.binlogpitr.common.config;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a password from a file or an environment variable, never the command line. The file's content
 * is used up to its first line end, so {@code echo secret > file} works.
 */
public final class Passwords {
    private Passwords() {}

    /**
     * The password from {@code file} when given, else from {@code envVariable}, else empty.
     *
     * @param what which password, for messages ("source", "target")
     */
    public static String resolve(Optional<Path> file, String envVariable, Map<String, String> env, String what) {
        if (file.isPresent()) {
            return readFile(file.get(), what);
        }
        String fromEnv = env.get(envVariable);
        return fromEnv == null ? "" : fromEnv;
    }

    private static String readFile(Path file, String what) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PitrException(
                    ErrorCode.PASSWORD_FILE,
                    what + " password file " + file + " does not exist",
                    "create it with the password on one line, readable only by the agent's user (chmod 600)");
        } catch (IOException e) {
            throw new PitrException(
                    ErrorCode.PASSWORD_FILE,
                    "cannot read " + what + " password file " + file + ": " + e.getMessage(),
                    "make it readable by the user running the tool",
                    e);
        }
        int eol = text.indexOf('\n');
        String password = eol < 0 ? text : text.substring(0, eol);
        if (password.endsWith("\r")) {
            password = password.substring(0, password.length() - 1);
        }
        if (password.isEmpty()) {
            throw new PitrException(
                    ErrorCode.PASSWORD_FILE,
                    what + " password file " + file + " is empty",
                    "write the password on the first line of the file");
        }
        return password;
    }
}
