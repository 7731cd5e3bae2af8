package io.binlogpitr.restore.fuzz;

import io.binlogpitr.testing.MysqlServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code pt-online-schema-change} (percona-toolkit) altering a table while the writers run: it creates
 * {@code _t_new}, triggers that copy every write, copies the rows in chunks and swaps the tables with one RENAME.
 */
final class OnlineSchemaChange {
    private OnlineSchemaChange() {}

    static void run(MysqlServer source, Path dir, String db, String table, String alter)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "pt-osc-", ".log");
        Process p = new ProcessBuilder(List.of(
                        "pt-online-schema-change",
                        "--alter",
                        alter,
                        "--execute",
                        "--recursion-method=none",
                        "--no-check-replication-filters",
                        "--chunk-size=100",
                        "--set-vars=lock_wait_timeout=10",
                        "h=" + source.host() + ",P=" + source.port() + ",u=" + source.rootUser() + ",D=" + db + ",t="
                                + table))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("pt-online-schema-change did not finish in 120 s: " + read(log));
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("pt-online-schema-change exited " + p.exitValue() + ": " + read(log));
        }
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
