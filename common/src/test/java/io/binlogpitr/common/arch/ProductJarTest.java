package io.binlogpitr.common.arch;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The product-jar check catches each kind of entry that must not ship. */
class ProductJarTest {
    @TempDir
    Path dir;

    @Test
    void aJarOfProductClassesPasses() throws IOException {
        Path jar = jar(Map.of("io/binlogpitr/agent/AgentDaemon.class", "cafebabe run"));
        assertThatCode(() -> ProductJar.check(jar)).doesNotThrowAnyException();
    }

    @Test
    void aTestKitClassFails() throws IOException {
        Path jar = jar(Map.of("io/binlogpitr/testing/embedded/EmbeddedMysql.class", "x"));
        assertThatThrownBy(() -> ProductJar.check(jar)).hasMessageContaining("EmbeddedMysql.class");
    }

    @Test
    void aBenchOrQuickstartClassOrTheTarballFails() throws IOException {
        Path jar = jar(Map.of(
                "io/binlogpitr/bench/IngestBenchmark.class", "x",
                "io/binlogpitr/quickstart/QuickstartMain.class", "x",
                "mysql-Linux-amd64.tar.gz", "x"));
        assertThatThrownBy(() -> ProductJar.check(jar))
                .hasMessageContaining("IngestBenchmark")
                .hasMessageContaining("QuickstartMain")
                .hasMessageContaining("tar.gz");
    }

    @Test
    void aProductClassThatLooksIntoTheMavenRepositoryFails() throws IOException {
        Path jar = jar(Map.of("io/binlogpitr/agent/Finder.class", "user.home/.m2/repository"));
        assertThatThrownBy(() -> ProductJar.check(jar)).hasMessageContaining("Finder.class (mentions .m2");
    }

    private Path jar(Map<String, String> entries) throws IOException {
        Path jar = Files.createTempFile(dir, "product", ".jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                j.putNextEntry(new JarEntry(e.getKey()));
                j.write(e.getValue().getBytes(StandardCharsets.ISO_8859_1));
                j.closeEntry();
            }
        }
        return jar;
    }
}
