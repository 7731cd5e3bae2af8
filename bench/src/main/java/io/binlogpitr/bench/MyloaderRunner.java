package io.binlogpitr.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code myloader} to load a mydumper dump into a target, appending its command line (password masked) and
 * output to {@code myloader.log} in the work directory. Keeps the running process so that {@link #killAll} can stop
 * it from a shutdown hook. myloader 0.10 loads with {@code SET SQL_LOG_BIN=0} unless given {@code --enable-binlog}:
 * its load writes no binlog and makes no GTIDs, which is what a user of its defaults gets.
 */
final class MyloaderRunner {
    private final String executable;
    private final Path log;
    private final Set<Process> children = ConcurrentHashMap.newKeySet();

    MyloaderRunner(String executable, Path work) {
        this.executable = executable;
        this.log = work.resolve("myloader.log");
    }

    /**
     * Loads the dump in {@code dir} with {@code threads} threads; an exit other than 0 fails with the log's tail.
     * Returns the CPU seconds myloader used (sampled every 100 ms).
     */
    double load(String host, int port, String user, String password, int threads, Path dir)
            throws IOException, InterruptedException {
        List<String> cmd = command(host, port, user, password, threads, dir);
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
        try (CpuSampler cpu = CpuSampler.start(p.pid())) {
            if (!p.waitFor(60, TimeUnit.MINUTES)) {
                throw new IOException("myloader did not finish within 60 minutes");
            }
            if (p.exitValue() != 0) {
                List<String> lines = Files.readAllLines(log);
                throw new IOException("myloader exited with " + p.exitValue() + ":\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
            return cpu.last();
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            children.remove(p);
        }
    }

    /** The command line of one load. */
    List<String> command(String host, int port, String user, String password, int threads, Path dir) {
        return List.of(
                executable,
                "--host",
                host,
                "--port",
                String.valueOf(port),
                "--user",
                user,
                "--password",
                password,
                "--directory",
                dir.toString(),
                "--threads",
                String.valueOf(threads),
                "--verbose",
                "2");
    }

    /** Kills the myloader process still running. */
    void killAll() {
        for (Process p : children) {
            p.destroyForcibly();
        }
    }
}
