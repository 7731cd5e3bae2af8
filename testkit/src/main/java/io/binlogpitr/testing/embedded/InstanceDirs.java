package io.binlogpitr.testing.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instance directories and the processes in them. Each directory records the JVM that owns it ({@value #OWNER}:
 * pid and start time) and the {@code mysqld} it runs ({@value #PID_FILE}). A directory whose owner JVM is gone, for
 * example killed with {@code kill -9}, may still have a live {@code mysqld}: that one is killed before the directory
 * is reused or swept, so no server outlives its JVM across runs.
 */
final class InstanceDirs {
    static final String OWNER = "owner";
    static final String PID_FILE = "mysqld.pid";
    private static final Duration GRACE_WITHOUT_OWNER = Duration.ofMinutes(2);
    private static final Logger log = LoggerFactory.getLogger(InstanceDirs.class);

    private InstanceDirs() {}

    /** Where temporary instance directories live: {@code pitr.mysql.instances}, else {@code $TMPDIR/binlog-pitr-mysql}. */
    static Path temporaryRoot() {
        String configured = System.getProperty("pitr.mysql.instances");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "binlog-pitr-mysql");
    }

    /** A fresh temporary instance directory owned by this JVM. */
    static Path createTemporary() throws IOException {
        Path root = temporaryRoot();
        Files.createDirectories(root);
        Path dir = Files.createTempDirectory(root, "mysqld-");
        claim(dir);
        return dir;
    }

    /** Makes this JVM the owner of {@code dir}, killing a {@code mysqld} left there by a dead JVM. */
    static void claim(Path dir) throws IOException {
        Files.createDirectories(dir);
        Optional<ProcessHandle> owner = liveOwner(dir);
        if (owner.isPresent() && owner.get().pid() != ProcessHandle.current().pid()) {
            throw new EmbeddedMysqlException(
                    "instance directory " + dir + " is in use by live process "
                            + owner.get().pid(),
                    "stop that process, or use another directory");
        }
        killLeftover(dir);
        ProcessHandle self = ProcessHandle.current();
        String stamp = self.pid() + " "
                + self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        Path tmp = dir.resolve(OWNER + ".tmp");
        Files.writeString(tmp, stamp, StandardCharsets.US_ASCII);
        Files.move(tmp, dir.resolve(OWNER), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Kills the servers of temporary instances whose owner JVM is gone, and deletes their directories. */
    static void sweepTemporary() {
        Path root = temporaryRoot();
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> dirs;
        try (Stream<Path> list = Files.list(root)) {
            dirs = list.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            log.warn("could not list {}: {}", root, e.toString());
            return;
        }
        for (Path dir : dirs) {
            try {
                if (isAbandoned(dir)) {
                    killLeftover(dir);
                    log.info("deleting instance directory {} left by a process that is gone", dir);
                    FileTrees.deleteQuietly(dir);
                }
            } catch (IOException e) {
                log.warn("could not sweep {}: {}", dir, e.toString());
            }
        }
    }

    private static boolean isAbandoned(Path dir) throws IOException {
        if (!Files.exists(dir.resolve(OWNER))) {
            Instant modified = Files.getLastModifiedTime(dir).toInstant();
            return modified.isBefore(Instant.now().minus(GRACE_WITHOUT_OWNER));
        }
        return liveOwner(dir).isEmpty();
    }

    private static Optional<ProcessHandle> liveOwner(Path dir) throws IOException {
        Path file = dir.resolve(OWNER);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String[] parts =
                Files.readString(file, StandardCharsets.US_ASCII).strip().split(" ");
        if (parts.length != 2) {
            return Optional.empty();
        }
        long startedMillis = Long.parseLong(parts[1]);
        return ProcessHandle.of(Long.parseLong(parts[0]))
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info()
                        .startInstant()
                        .map(start -> start.toEpochMilli() == startedMillis)
                        .orElse(true));
    }

    /** Kills the {@code mysqld} recorded in {@code dir} if it still runs on that directory's data. */
    static void killLeftover(Path dir) throws IOException {
        Path pidFile = dir.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        String text = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
        if (!text.matches("\\d+")) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(text))
                .filter(ProcessHandle::isAlive)
                .filter(p -> runsIn(p, dir));
        if (process.isPresent()) {
            log.warn(
                    "killing leftover mysqld (pid {}) of an earlier run in {}",
                    process.get().pid(),
                    dir);
            process.get().destroyForcibly();
            try {
                process.get().onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while killing leftover mysqld " + text, e);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IOException("leftover mysqld " + text + " in " + dir + " did not die", e);
            }
        }
        Files.deleteIfExists(pidFile);
    }

    /** Whether the process is a mysqld on this directory's data, so a recycled pid is never killed. */
    private static boolean runsIn(ProcessHandle process, Path dir) {
        Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            String args = Files.readString(cmdline, StandardCharsets.UTF_8).replace('\0', ' ');
            return args.contains("mysqld") && args.contains("--datadir=" + dir.resolve("data"));
        } catch (IOException e) {
            return false;
        }
    }
}
