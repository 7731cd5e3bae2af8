package io.binlogpitr.common.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.repository.RepositoryLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Baseline files: what is written is read back; a damaged or foreign one is left out, never half-believed. */
class SchemaBaselineStoreTest {
    @TempDir
    Path dir;

    @Test
    void writtenBaselinesReadBackInTimeOrderAndDamagedOnesAreLeftOut() throws Exception {
        RepositoryLayout repo = RepositoryLayout.createOrOpen(dir.resolve("repo"));
        SchemaBaseline first = baseline("20261203T100000.000Z", "CREATE TABLE `t` (`a` int, `é` text)");
        SchemaBaseline second = baseline("20261203T110000.000Z", "CREATE TABLE `t` (`b` int)");
        SchemaBaseline third = baseline("20261203T120000.000Z", "CREATE TABLE `t` (`c` int)");
        SchemaBaselineStore.write(repo, second);
        Path firstFile = SchemaBaselineStore.write(repo, first);
        Path thirdFile = SchemaBaselineStore.write(repo, third);
        assertThat(SchemaBaselineStore.readAll(repo)).containsExactly(first, second, third);
        try (var files = Files.list(SchemaBaselineStore.directory(repo))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }

        // one changed byte in a definition: the checksum no longer matches
        String text = Files.readString(firstFile, StandardCharsets.UTF_8);
        Files.writeString(firstFile, text.replace("`a` int", "`x` int"), StandardCharsets.UTF_8);
        // a format this build does not read
        Files.writeString(thirdFile, Files.readString(thirdFile).replace("\"format\" : 1", "\"format\" : 3"));
        assertThat(SchemaBaselineStore.readAll(repo)).containsExactly(second);
    }

    @Test
    void aRepositoryWithoutBaselinesHasNone() {
        RepositoryLayout repo = RepositoryLayout.createOrOpen(dir.resolve("empty"));
        assertThat(SchemaBaselineStore.readAll(repo)).isEmpty();
    }

    private static SchemaBaseline baseline(String id, String create) {
        return new SchemaBaseline(
                id,
                "3e11fa47-71ca-11e1-9e33-c80aa9429562",
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5",
                "2026-12-03T10:00:00Z",
                true,
                List.of(new SchemaBaseline.Database("shop", List.of(new SchemaBaseline.Table("t", create)))));
    }
}
