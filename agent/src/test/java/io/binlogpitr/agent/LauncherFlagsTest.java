package io.binlogpitr.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The JVM flags Chronicle needs, and the switch that keeps analytics off, are written in two places: the build
 * (tests) and the launchers (every script of bin/ that starts a JVM). They must be the same in both, and analytics
 * must be off in each. The Docker image runs bin/pitr-agent and writes no flag of its own: see DockerFilesTest.
 */
class LauncherFlagsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern FLAG =
            Pattern.compile("(--add-(?:opens|exports)=\\S+?=ALL-UNNAMED|-Dchronicle\\.[a-z.]+=true)");

    private static Set<String> flags(Path file) throws IOException {
        Set<String> found = new TreeSet<>();
        Matcher m = FLAG.matcher(Files.readString(file));
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void buildAndLaunchersAgree() throws IOException {
        Set<String> pom = flags(ROOT.resolve("pom.xml"));
        assertThat(pom).contains("-Dchronicle.analytics.disable=true", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
        assertThat(flags(ROOT.resolve("bin/lib/java-flags.sh"))).isEqualTo(pom);
    }

    /** Every script in bin/ that starts a JVM. */
    private static List<Path> javaLaunchers() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("bin"))) {
            List<Path> launchers = new ArrayList<>();
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                if (Files.isRegularFile(f) && Files.readString(f).contains("$(pitr_java)")) {
                    launchers.add(f);
                }
            }
            return launchers;
        }
    }

    @Test
    void everyLauncherUsesTheSharedFlags() throws IOException {
        List<Path> launchers = javaLaunchers();
        assertThat(launchers.stream().map(p -> p.getFileName().toString()))
                .contains(
                        "pitr-agent",
                        "pitr-restore",
                        "pitr-quickstart",
                        "pitr-bench-ingest",
                        "pitr-bench-snapshot",
                        "pitr-bench-restore",
                        "pitr-bench-flashback");
        for (Path launcher : launchers) {
            String script = Files.readString(launcher);
            assertThat(script)
                    .as(launcher.getFileName().toString())
                    .contains("lib/java-flags.sh")
                    .contains("exec ")
                    .contains("\"$java\" \"${PITR_CHRONICLE_FLAGS[@]}\"")
                    .doesNotContain("${JAVA:-java}"); // only pitr_java picks the java: it checks it is 17+
        }
    }
}
