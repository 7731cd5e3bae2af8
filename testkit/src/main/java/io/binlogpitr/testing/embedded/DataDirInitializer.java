package io.binlogpitr.testing.embedded;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a fresh data directory. {@code mysqld --initialize-insecure} takes seconds, so its result is kept once per
 * machine beside the unpacked distribution ({@code mysql-8.0.31-datadir}) and copied, without {@code auto.cnf} so
 * every copy gets its own {@code server_uuid}. Flags fixed at initialization (e.g. {@code lower_case_table_names})
 * bypass the template.
 */
final class DataDirInitializer {
    private static final Logger log = LoggerFactory.getLogger(DataDirInitializer.class);

    private DataDirInitializer() {}

    static void initialize(
            MysqlDistribution distribution,
            Path instanceDir,
            Path dataDir,
            Map<String, String> initFlags,
            Duration timeout)
            throws IOException, InterruptedException {
        FileTrees.delete(dataDir);
        if (!initFlags.isEmpty()) {
            run(distribution, instanceDir, dataDir, initFlags, timeout);
            return;
        }
        Path template = template(distribution, instanceDir, timeout);
        copy(template, dataDir);
    }

    private static synchronized Path template(MysqlDistribution distribution, Path instanceDir, Duration timeout)
            throws IOException, InterruptedException {
        Path base = distribution.baseDir();
        Path template = base.resolveSibling(base.getFileName() + "-datadir");
        if (Files.exists(template.resolve("mysql.ibd"))) {
            return template;
        }
        Path tmp = Files.createTempDirectory(base.getParent(), template.getFileName() + ".initializing-");
        try {
            run(distribution, instanceDir, tmp.resolve("data"), Map.of(), timeout);
            Files.deleteIfExists(tmp.resolve("data/auto.cnf"));
            Files.move(tmp.resolve("data"), template, StandardCopyOption.ATOMIC_MOVE);
            log.info("made the data directory template {}", template);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
            log.debug("another process made the data directory template {} first", template);
        } finally {
            FileTrees.deleteQuietly(tmp);
        }
        return template;
    }

    private static void run(
            MysqlDistribution distribution, Path instanceDir, Path dataDir, Map<String, String> flags, Duration timeout)
            throws IOException, InterruptedException {
        List<String> command = MysqldCommand.base(distribution, instanceDir, dataDir);
        command.add("--initialize-insecure");
        flags.forEach((name, value) -> command.add(MysqldCommand.flag(name, value)));
        long started = System.nanoTime();
        Process init = MysqldCommand.processBuilder(instanceDir, command).start();
        if (!init.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            init.destroyForcibly();
            throw new StartFailures.MysqldFailure("mysqld --initialize-insecure did not finish in " + timeout);
        }
        if (init.exitValue() != 0) {
            throw new StartFailures.MysqldFailure("mysqld --initialize-insecure exited with " + init.exitValue());
        }
        log.debug("initialized {} in {} ms", dataDir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
