package io.binlogpitr.testing.embedded;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading why {@code mysqld} did not start from its error log and its own output. */
final class StartFailures {
    /** Where {@code mysqld}'s stdout and stderr go; the dynamic loader writes missing libraries there. */
    static final String OUTPUT = "mysqld.out";

    private static final int TAIL_LINES = 25;
    private static final Pattern MISSING_LIBRARY =
            Pattern.compile("error while loading shared libraries: ([^:\\s]+): cannot open shared object file");
    /** Debian packages that provide the libraries the 8.0.31 generic-linux mysqld links against. */
    private static final Map<String, String> PACKAGES = Map.of("libaio.so.1", "libaio1", "libnuma.so.1", "libnuma1");

    private StartFailures() {}

    static Optional<String> missingLibrary(Path instanceDir) {
        Path output = instanceDir.resolve(OUTPUT);
        try {
            if (Files.exists(output)) {
                Matcher matcher = MISSING_LIBRARY.matcher(Files.readString(output, StandardCharsets.UTF_8));
                if (matcher.find()) {
                    return Optional.of(matcher.group(1));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** E.g. {@code libaio.so.1 is missing: install it with 'apt-get install libaio1'}. */
    static String missingLibraryMessage(String library) {
        String pkg = PACKAGES.get(library);
        return pkg == null
                ? library + " is missing: install the package that provides it"
                : library + " is missing: install it with 'apt-get install " + pkg + "'";
    }

    static boolean readyLogged(Path errorLog, long offset) {
        return since(errorLog, offset).contains("ready for connections");
    }

    static boolean portTaken(Path errorLog, long offset) {
        String text = since(errorLog, offset);
        return text.contains("Address already in use") || text.contains("another mysqld server running on port");
    }

    /** The last lines of the error log and of the process output, for an error message. */
    static String logTails(Path instanceDir) {
        StringBuilder text = new StringBuilder();
        appendTail(text, instanceDir.resolve("error.log"));
        appendTail(text, instanceDir.resolve(OUTPUT));
        return text.toString();
    }

    private static void appendTail(StringBuilder text, Path file) {
        try {
            if (!Files.exists(file) || Files.size(file) == 0) {
                return;
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            text.append(System.lineSeparator())
                    .append("--- last lines of ")
                    .append(file)
                    .append(" ---");
            for (String line : lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())) {
                text.append(System.lineSeparator()).append(line);
            }
        } catch (IOException e) {
            text.append(System.lineSeparator())
                    .append("(cannot read ")
                    .append(file)
                    .append(": ")
                    .append(e);
        }
    }

    private static String since(Path file, long offset) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length <= offset) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(length - offset, 1 << 20)];
            in.seek(offset);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** mysqld failed; {@link EmbeddedMysql} adds the log tails to the message. */
    static class MysqldFailure extends IOException {
        private static final long serialVersionUID = 1L;

        MysqldFailure(String message) {
            super(message);
        }
    }
}
