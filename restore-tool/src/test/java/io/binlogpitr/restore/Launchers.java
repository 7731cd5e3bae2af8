package io.binlogpitr.restore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The launchers as users run them ({@code bin/pitr-agent}, {@code bin/pitr-restore}), each in its own JVM. */
public final class Launchers {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private Launchers() {}

    /** A started command; its output goes to a log file. */
    public record Started(Process process, Path log) {
        public String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(cannot read " + log + ": " + e + ")";
            }
        }

        public Result await() throws InterruptedException {
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                String threads = threadDump(process.pid());
                process.destroyForcibly();
                throw new AssertionError("command did not finish in 300 s: " + output() + "\nthreads:\n" + threads);
            }
            return new Result(process.exitValue(), output());
        }
    }

    /** What the JVM's threads are doing ({@code jstack} of every Java process under {@code pid}). */
    static String threadDump(long pid) {
        StringBuilder out = new StringBuilder();
        ProcessHandle.of(pid)
                .ifPresent(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants())
                        .forEach(h -> {
                            try {
                                Process j = new ProcessBuilder("jstack", Long.toString(h.pid()))
                                        .redirectErrorStream(true)
                                        .start();
                                out.append(new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                                j.waitFor(30, TimeUnit.SECONDS);
                            } catch (IOException | InterruptedException e) {
                                out.append("(jstack ")
                                        .append(h.pid())
                                        .append(": ")
                                        .append(e)
                                        .append(")\n");
                            }
                        }));
        return out.toString();
    }

    /** A finished command. */
    public record Result(int exitCode, String output) {}

    public static Started start(Path dir, Map<String, String> env, String launcher, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("bin").resolve(launcher).toString());
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, launcher + "-", ".log");
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("PITR_SOURCE_PASSWORD");
        pb.environment().remove("PITR_TARGET_PASSWORD");
        pb.environment().put("PITR_JAVA_OPTS", "-Xmx384m");
        pb.environment().putAll(env);
        return new Started(pb.start(), log);
    }

    public static Result run(Path dir, Map<String, String> env, String launcher, String... args)
            throws IOException, InterruptedException {
        return start(dir, env, launcher, args).await();
    }
}
