package io.binlogpitr.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs {@code mydumper} against the source's {@code sbtest} database, appending its command lines (password
 * masked) and output to {@code mydumper.log} in the work directory. Keeps the running process so that
 * {@link #killAll} can stop it from a shutdown hook.
 */
final class MydumperRunner {
    /**
     * A table data file: {@code db.table.sql}, or {@code db.table.00001.sql} with {@code -r}; {@code .gz} with
     * {@code -c}. Schema files ({@code db.table-schema.sql}, {@code db-schema-create.sql}) also match the shape.
     */
    private static final Pattern DATA_FILE = Pattern.compile("[^.]+\\.[^.]+(\\.\\d+)?\\.sql(\\.gz)?");

    private final String executable;
    private final Path log;
    private final Set<Process> children = ConcurrentHashMap.newKeySet();

    MydumperRunner(String executable, Path work) {
        this.executable = executable;
        this.log = work.resolve("mydumper.log");
    }

    /** {@code mydumper --version}'s version, e.g. {@code 0.10.0}; the whole line if it has another shape. */
    String version() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(executable, "--version")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        String[] words = out.split("\\s+");
        return words.length >= 2 && words[0].equals("mydumper") ? words[1].replaceAll(",$", "") : out;
    }

    /**
     * Dumps {@code sbtest} into the new, empty directory {@code out} with {@code -t threads -r rows} (and
     * {@code -c} when {@code compress}); an exit other than 0 fails with the log's last lines.
     */
    void dump(BenchSource source, String user, String password, int threads, long rows, boolean compress, Path out)
            throws IOException, InterruptedException {
        List<String> cmd = command(source.host(), source.port(), user, password, threads, rows, compress, out);
        Files.writeString(
                log,
                "$ " + String.join(" ", cmd).replace(" " + password + " ", " *** ") + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        children.add(p);
        try {
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                throw new IOException("mydumper did not finish within 30 minutes");
            }
            if (p.exitValue() != 0) {
                List<String> lines = Files.readAllLines(log);
                throw new IOException("mydumper exited with " + p.exitValue() + ":\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            children.remove(p);
        }
    }

    /** The command line of one dump. */
    List<String> command(
            String host, int port, String user, String password, int threads, long rows, boolean compress, Path out) {
        List<String> cmd = new ArrayList<>(List.of(
                executable,
                "--host",
                host,
                "--port",
                String.valueOf(port),
                "--user",
                user,
                "--password",
                password,
                "--database",
                "sbtest",
                "--threads",
                String.valueOf(threads),
                "--rows",
                String.valueOf(rows),
                "--outputdir",
                out.toString(),
                "--verbose",
                "2"));
        if (compress) {
            cmd.add("--compress");
        }
        return cmd;
    }

    /** Whether a file name of mydumper's output is table data (not a schema file or {@code metadata}). */
    static boolean isDataFile(String name) {
        return DATA_FILE.matcher(name).matches() && !name.contains("-schema");
    }

    /** Kills the mydumper process still running. */
    void killAll() {
        for (Process p : children) {
            p.destroyForcibly();
        }
    }
}
