package io.binlogpitr.testing.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartFailuresTest {
    @TempDir
    Path dir;

    @Test
    void missingLibaioNamesThePackage() throws IOException {
        Files.writeString(
                dir.resolve(StartFailures.OUTPUT),
                "/root/.cache/binlog-pitr/mysql-8.0.31/bin/mysqld: error while loading shared libraries:"
                        + " libaio.so.1: cannot open shared object file: No such file or directory\n");

        assertThat(StartFailures.missingLibrary(dir)).contains("libaio.so.1");
        assertThat(StartFailures.missingLibraryMessage("libaio.so.1"))
                .isEqualTo("libaio.so.1 is missing: install it with 'apt-get install libaio1'");
        assertThat(StartFailures.missingLibraryMessage("libnuma.so.1")).endsWith("'apt-get install libnuma1'");
        assertThat(StartFailures.missingLibraryMessage("libfoo.so.9")).startsWith("libfoo.so.9 is missing");
    }

    @Test
    void noMissingLibraryInAnOrdinaryFailure() throws IOException {
        Files.writeString(dir.resolve(StartFailures.OUTPUT), "");
        Files.writeString(dir.resolve("error.log"), "[ERROR] [MY-000067] [Server] unknown variable 'x=1'.\n");

        assertThat(StartFailures.missingLibrary(dir)).isEmpty();
        assertThat(StartFailures.logTails(dir)).contains("error.log ---").contains("unknown variable 'x=1'");
    }

    @Test
    void readinessAndPortClashAreReadAfterTheOffset() throws IOException {
        Path log = dir.resolve("error.log");
        String earlier = "[Server] mysqld: ready for connections. port: 3306\n";
        Files.writeString(log, earlier + "[ERROR] Do you already have another mysqld server running on port: 4000 ?\n");

        assertThat(StartFailures.readyLogged(log, 0)).isTrue();
        assertThat(StartFailures.readyLogged(log, earlier.length())).isFalse();
        assertThat(StartFailures.portTaken(log, earlier.length())).isTrue();
        assertThat(StartFailures.portTaken(log, Files.size(log))).isFalse();
    }
}
