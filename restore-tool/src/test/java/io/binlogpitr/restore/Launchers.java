package io.binlogpitr.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The launchers as users run them ({@code bin/pitr-agent}, {@code bin/pitr-restore}), each in its own JVM. */
final class Launchers {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private Launchers() {}

    /** A started command; its output goes to a log file. */
    record Started(Process process, Path log) {
        String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(cannot read " + log + ": " + e + ")";
            }
        }

        Result await() throws InterruptedException {
            assertThat(process.waitFor(300, TimeUnit.SECONDS))
                    .as("command finished: %s", output())
                    .isTrue();
            return new Result(process.exitValue(), output());
        }
    }

    /** A finished command. */
    record Result(int exitCode, String output) {}

    static Started start(Path dir, Map<String, String> env, String launcher, String... args) throws IOException {
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

    static Result run(Path dir, Map<String, String> env, String launcher, String... args)
            throws IOException, InterruptedException {
        return start(dir, env, launcher, args).await();
    }
}
