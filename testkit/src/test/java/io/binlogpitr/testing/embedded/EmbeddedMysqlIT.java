package io.binlogpitr.testing.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMysqlIT {
    @TempDir
    Path dir;

    @Test
    void aMysqldLeftByADeadJvmIsKilledByTheNextStart() throws Exception {
        MysqlSettings settings = MysqlSettings.pitrSource().withInstanceDir(dir.resolve("instance"));
        EmbeddedMysql first = EmbeddedMysql.start(settings);
        long orphan = first.pid();
        String uuid = first.serverUuid();
        // pretend the JVM that started it died: the owner file names a process that is gone
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(settings.instanceDir().resolve(InstanceDirs.OWNER), gone.pid() + " 1");

        try (EmbeddedMysql second = EmbeddedMysql.start(settings)) {
            assertThat(isAlive(orphan)).as("the leftover mysqld was killed").isFalse();
            assertThat(second.serverUuid()).as("the data directory is reused").isEqualTo(uuid);
            assertThat(second.isRunning()).isTrue();
        } finally {
            first.kill();
        }
        assertThat(Files.exists(settings.instanceDir()))
                .as("an explicit instance dir is kept")
                .isTrue();
    }

    @Test
    void aStartFailureCarriesTheErrorLogTail() {
        MysqlSettings settings = MysqlSettings.defaults().withFlag("binlog_format", "NONSENSE");

        assertThatThrownBy(() -> EmbeddedMysql.start(settings))
                .isInstanceOfSatisfying(
                        EmbeddedMysqlException.class, e -> assertThat(e.hint()).contains("own words"))
                .hasMessageContaining("mysqld exited while starting")
                .hasMessageContaining("--- last lines of")
                .hasMessageContaining("NONSENSE");
    }

    @Test
    void closeDeletesATemporaryInstance() {
        EmbeddedMysql mysql = EmbeddedMysql.start(MysqlSettings.defaults().withTimeZone("+05:30"));
        long pid = mysql.pid();
        Path instance = mysql.instanceDir();
        assertThat(mysql.port()).isPositive();

        mysql.close();

        assertThat(isAlive(pid)).isFalse();
        assertThat(Files.exists(instance)).isFalse();
    }

    private static boolean isAlive(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isPresent() && process.get().isAlive();
    }
}
