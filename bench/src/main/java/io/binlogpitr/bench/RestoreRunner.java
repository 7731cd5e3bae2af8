package io.binlogpitr.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs {@code bin/pitr-restore restore} as a user would, its password in a file, and records each line of its
 * output (stdout and stderr, merged) with the time it arrived, into {@code restore.log} in the work directory. The
 * restore's own milestones (INFO log lines with timestamps, and its summary) are what the phases are read from.
 */
final class RestoreRunner {
    private final Path launcher;
    private final Path log;
    private final Set<Process> children = ConcurrentHashMap.newKeySet();

    /** @param home the project directory, whose {@code bin/pitr-restore} is run */
    RestoreRunner(Path home, Path work) {
        this.launcher = home.resolve("bin/pitr-restore");
        this.log = work.resolve("restore.log");
    }

    /**
     * The command line: {@code restore --repo REPO --target HOST:PORT --target-user U --target-password-file F
     * --to-gtid GTID --threads T}: T connections load and T replay, as myloader -t T and T replica workers.
     */
    List<String> command(Path repo, String host, int port, String user, Path passwordFile, String toGtid, int threads) {
        return List.of(
                launcher.toString(),
                "restore",
                "--repo",
                repo.toString(),
                "--target",
                host + ":" + port,
                "--target-user",
                user,
                "--target-password-file",
                passwordFile.toString(),
                "--to-gtid",
                toGtid,
                "--threads",
                String.valueOf(threads));
    }

    /**
     * Runs the command to its end; the run's exit code, wall time and timed output lines, and the CPU time of the
     * restore's JVM and of the target's mysqld ({@code serverPid}), split where the replay starts.
     */
    RestoreRun run(List<String> cmd, long serverPid) throws IOException, InterruptedException {
        Files.writeString(
                log,
                "$ PITR_LOG_LEVEL=INFO " + String.join(" ", cmd) + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("PITR_LOG_LEVEL", "INFO");
        double server0 = CpuSampler.seconds(serverPid);
        long start = System.nanoTime();
        Process p = pb.start();
        children.add(p);
        List<RestoreRun.Line> lines = new ArrayList<>();
        double toolAtSplit = Double.NaN;
        double serverAtSplit = Double.NaN;
        long splitAt = -1;
        try (CpuSampler tool = CpuSampler.start(p.pid());
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            String line;
            while ((line = out.readLine()) != null) {
                long at = System.nanoTime() - start;
                lines.add(new RestoreRun.Line(at, line));
                if (Double.isNaN(toolAtSplit) && RestorePhases.isReplayStart(line)) {
                    toolAtSplit = tool.last();
                    splitAt = at;
                    serverAtSplit = CpuSampler.seconds(serverPid) - server0;
                }
                w.write(String.format(Locale.ROOT, "[+%8.3f s] %s%n", at / 1e9, line));
            }
            int exit = p.waitFor();
            long wall = System.nanoTime() - start;
            w.write(String.format(Locale.ROOT, "[+%8.3f s] (exit %d)%n", wall / 1e9, exit));
            RestoreRun.Cpu cpu = new RestoreRun.Cpu(
                    splitAt, toolAtSplit, serverAtSplit, tool.last(), CpuSampler.seconds(serverPid) - server0);
            return new RestoreRun(exit, wall, lines, cpu);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            children.remove(p);
        }
    }

    /** Kills the restore still running. */
    void killAll() {
        for (Process p : children) {
            p.destroyForcibly();
        }
    }
}
