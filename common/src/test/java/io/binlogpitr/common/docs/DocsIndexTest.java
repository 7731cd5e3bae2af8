package io.binlogpitr.common.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/README.md is the table of contents: every page of docs/ is linked from it. */
class DocsIndexTest {
    private static final Path DOCS = Path.of("..", "docs");

    @Test
    void everyPageIsListed() throws IOException {
        String index = Files.readString(DOCS.resolve("README.md"));
        List<String> pages;
        try (Stream<Path> files = Files.walk(DOCS)) {
            pages = files.filter(f -> f.toString().endsWith(".md"))
                    .map(f -> DOCS.relativize(f).toString().replace('\\', '/'))
                    .filter(p -> !p.equals("README.md"))
                    .sorted()
                    .toList();
        }
        assertThat(pages).contains("install.md", "docker.md", "upgrade.md", "reference/cli.md");
        assertThat(pages)
                .allSatisfy(
                        p -> assertThat(index).as("docs/README.md links %s", p).contains("](" + p + ")"));
    }
}
