package io.binlogpitr.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs {@code sysbench oltp_write_only} against the source's {@code sbtest} database, appending its command lines and output to
 * {@code sysbench.log} in the work directory. Keeps the running processes so that {@link #killAll} can stop them
 * from a shutdown hook.
 */
final class SysbenchRunner {
    /** Row events per oltp_write_only transaction: index update, non-index update, delete, insert. */
    static final int ROW_EVENTS_PER_TXN = 4;

    /** The tables of the ingest benchmark. */
    static final int TABLES = 4;

    private final String executable;
    private final int tables;
    private final int tableSize;
    private final int threads;
    private final Path log;
    private final Set<Process> children = ConcurrentHashMap.newKeySet();

    /** {@code tables} tables of {@code tableSize} rows, {@code threads} client threads; logs into {@code work}. */
    SysbenchRunner(String executable, int tables, int tableSize, int threads, Path work) {
        this.executable = executable;
        this.tables = tables;
        this.tableSize = tableSize;
        this.threads = threads;
        this.log = work.resolve("sysbench.log");
    }

    /** Runs {@code sysbench ... extra command} to its end; an exit other than 0 fails with the log's last lines. */
    void run(BenchSource source, String command, List<String> extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                executable,
                "oltp_write_only",
                "--db-driver=mysql",
                "--mysql-host=" + source.host(),
                "--mysql-port=" + source.port(),
                "--mysql-user=root",
                "--mysql-db=sbtest",
                "--tables=" + tables,
                "--table-size=" + tableSize,
                "--threads=" + threads));
        cmd.addAll(extra);
        cmd.add(command);
        Files.writeString(
                log,
                "$ " + String.join(" ", cmd) + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        children.add(p);
        try {
            int exit = p.waitFor();
            if (exit != 0) {
                List<String> lines = Files.readAllLines(log);
                throw new IOException("sysbench " + command + " exited with " + exit + ":\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            children.remove(p);
        }
    }

    /** Kills the sysbench processes still running. */
    void killAll() {
        for (Process p : children) {
            p.destroyForcibly();
        }
    }
}
