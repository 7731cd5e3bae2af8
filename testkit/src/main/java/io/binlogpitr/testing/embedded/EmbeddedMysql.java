package io.binlogpitr.testing.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MySQL 8.0.31 {@code mysqld} run from the unpacked {@link MysqlDistribution}, listening on 127.0.0.1, with the
 * binlog on and an empty root password. Used by the quick start and by integration tests.
 *
 * <pre>{@code
 * try (EmbeddedMysql mysql = EmbeddedMysql.start(MysqlSettings.pitrSource().withTimeZone("+05:30"))) {
 *     String url = "jdbc:mysql://" + mysql.host() + ":" + mysql.port() + "/";
 * }
 * }</pre>
 *
 * <p>Readiness is checked without a JDBC driver: the error log must say "ready for connections" and the port must
 * send a protocol-10 greeting. Every server still running when the JVM exits is shut down by a shutdown hook; one
 * left by a JVM killed with {@code kill -9} is killed by the next start that sees its directory.
 */
public final class EmbeddedMysql implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMysql.class);
    private static final Set<EmbeddedMysql> RUNNING = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean SWEPT = new AtomicBoolean();
    private static final long STOP_TIMEOUT_SECONDS = 60;
    /** Flags {@code mysqld --initialize} must see too, because they are fixed when the data directory is made. */
    private static final Set<String> INIT_FLAGS =
            Set.of("lower_case_table_names", "innodb_page_size", "innodb_data_file_path", "character_set_server");

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedMysql::stopAllAtExit, "embedded-mysql-shutdown"));
    }

    private final MysqlSettings settings;
    private final MysqlDistribution distribution;
    private final Path instanceDir;
    private final boolean temporary;
    private int port;
    private Process process;

    private EmbeddedMysql(MysqlSettings settings, MysqlDistribution distribution, Path instanceDir, boolean temporary) {
        this.settings = settings;
        this.distribution = distribution;
        this.instanceDir = instanceDir;
        this.temporary = temporary;
        this.port = settings.port();
    }

    /** Unpacks the distribution if needed and claims an instance directory; the server is not started yet. */
    public static EmbeddedMysql create(MysqlSettings settings) {
        MysqlDistribution.requireLinuxAmd64();
        MysqlDistribution distribution = MysqlDistribution.installed();
        if (SWEPT.compareAndSet(false, true)) {
            InstanceDirs.sweepTemporary();
        }
        try {
            if (settings.instanceDir() == null) {
                return new EmbeddedMysql(settings, distribution, InstanceDirs.createTemporary(), true);
            }
            Path dir = settings.instanceDir().toAbsolutePath();
            InstanceDirs.claim(dir);
            return new EmbeddedMysql(settings, distribution, dir, false);
        } catch (IOException e) {
            throw new EmbeddedMysqlException(
                    "cannot prepare an instance directory: " + e.getMessage(),
                    "check free space and permissions, or set -Dpitr.mysql.instances=DIR",
                    e);
        }
    }

    /** {@link #create} then {@link #start()}. */
    public static EmbeddedMysql start(MysqlSettings settings) {
        EmbeddedMysql mysql = create(settings);
        try {
            mysql.start();
            return mysql;
        } catch (RuntimeException e) {
            mysql.close();
            throw e;
        }
    }

    /** Starts the server (initializing the data directory on first use) and waits until it accepts connections. */
    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException("mysqld is already running with pid " + process.pid());
        }
        long started = System.nanoTime();
        try {
            Files.createDirectories(instanceDir.resolve("tmp"));
            if (!Files.exists(dataDir().resolve("mysql.ibd"))) {
                Map<String, String> initFlags = new TreeMap<>(settings.flags());
                initFlags.keySet().retainAll(INIT_FLAGS);
                DataDirInitializer.initialize(distribution, instanceDir, dataDir(), initFlags, settings.startTimeout());
            }
            boolean pickPort = port == 0;
            for (int attempt = 1; ; attempt++) {
                if (pickPort) {
                    port = freePort();
                }
                try {
                    launch();
                    break;
                } catch (PortTakenException e) {
                    if (!pickPort || attempt == 3) {
                        throw failure("port " + port + " is taken by another process", e);
                    }
                    log.debug("port {} was taken before mysqld bound it; trying another", port);
                }
            }
        } catch (IOException e) {
            throw failure("cannot start mysqld in " + instanceDir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw failure("interrupted while starting mysqld in " + instanceDir, e);
        }
        log.info(
                "mysql {} ready on {}:{} (pid {}, server_uuid {}, dir {}) in {} ms",
                MysqlDistribution.VERSION,
                HOST,
                port,
                process.pid(),
                serverUuid(),
                instanceDir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** A clean shutdown (SIGTERM); after {@value #STOP_TIMEOUT_SECONDS} s the process is killed. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        awaitExit(STOP_TIMEOUT_SECONDS);
        log.info("mysqld on port {} stopped", port);
    }

    /** Kills the server with SIGKILL, as a crash would; {@link #start()} then runs InnoDB crash recovery. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        awaitExit(STOP_TIMEOUT_SECONDS);
        log.info("mysqld on port {} killed", port);
    }

    /** Stops cleanly and starts again on the same data directory and port. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Stops the server; deletes the instance directory if it was a temporary one. */
    @Override
    public synchronized void close() {
        stop();
        if (temporary) {
            FileTrees.deleteQuietly(instanceDir);
        }
    }

    public String host() {
        return HOST;
    }

    /** The TCP port; 0 before the first start if none was configured. */
    public synchronized int port() {
        return port;
    }

    /** The pid of the running {@code mysqld}. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("mysqld is not running");
        }
        return process.pid();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The server's {@code server_uuid}, read from {@code auto.cnf} in the data directory. */
    public String serverUuid() {
        try {
            for (String line : Files.readAllLines(dataDir().resolve("auto.cnf"), StandardCharsets.UTF_8)) {
                if (line.startsWith("server-uuid=")) {
                    return line.substring("server-uuid=".length()).strip();
                }
            }
            throw new IllegalStateException("no server-uuid in " + dataDir().resolve("auto.cnf"));
        } catch (IOException e) {
            throw new UncheckedIOException("server_uuid is not known before the first start", e);
        }
    }

    public MysqlSettings settings() {
        return settings;
    }

    public Path instanceDir() {
        return instanceDir;
    }

    public Path dataDir() {
        return instanceDir.resolve("data");
    }

    public Path errorLog() {
        return instanceDir.resolve("error.log");
    }

    private void launch() throws IOException, InterruptedException {
        List<String> command = MysqldCommand.base(distribution, instanceDir, dataDir());
        command.add("--mysqlx=OFF");
        command.add("--bind-address=" + HOST);
        command.add("--port=" + port);
        command.add("--socket=" + socketPath());
        command.add("--pid-file=" + instanceDir.resolve(InstanceDirs.PID_FILE));
        command.add("--log-bin=binlog");
        if (!settings.flags().containsKey("server_id")) {
            command.add("--server-id=" + settings.serverId());
        }
        settings.flags().forEach((name, value) -> command.add(MysqldCommand.flag(name, value)));
        long logOffset = Files.exists(errorLog()) ? Files.size(errorLog()) : 0;
        process = MysqldCommand.processBuilder(instanceDir, command).start();
        Files.writeString(instanceDir.resolve(InstanceDirs.PID_FILE), Long.toString(process.pid()));
        RUNNING.add(this);
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                process.waitFor();
                RUNNING.remove(this);
                process = null;
                if (StartFailures.portTaken(errorLog(), logOffset)) {
                    throw new PortTakenException();
                }
                throw new StartFailures.MysqldFailure("mysqld exited while starting");
            }
            if (StartFailures.readyLogged(errorLog(), logOffset) && acceptsConnections()) {
                return;
            }
            Thread.sleep(50);
        }
        kill();
        throw new StartFailures.MysqldFailure("mysqld did not accept connections on port " + port + " within "
                + settings.startTimeout().toSeconds() + " s");
    }

    private String socketPath() {
        Path socket = instanceDir.resolve("mysql.sock");
        if (socket.toString().length() < 100) {
            return socket.toString();
        }
        String tmp = System.getProperty("java.io.tmpdir");
        return Path.of(tmp, "pitr-mysql-" + Integer.toHexString(instanceDir.hashCode()) + ".sock")
                .toString();
    }

    private boolean acceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 1000);
            socket.setSoTimeout(2000);
            InputStream in = socket.getInputStream();
            byte[] header = in.readNBytes(4);
            return header.length == 4 && in.read() == 10; // a protocol-10 greeting, not an error packet
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitExit(long timeoutSeconds) {
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                log.warn("mysqld (pid {}) did not stop in {} s; killing it", process.pid(), timeoutSeconds);
                process.destroyForcibly();
                process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            RUNNING.remove(this);
            process = null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(HOST, 0));
            return socket.getLocalPort();
        }
    }

    private static void stopAllAtExit() {
        List<EmbeddedMysql> all = List.copyOf(RUNNING);
        for (EmbeddedMysql mysql : all) {
            Process p = mysql.process;
            if (p != null) {
                p.destroy();
            }
        }
        for (EmbeddedMysql mysql : all) {
            mysql.close();
        }
    }

    private EmbeddedMysqlException failure(String message, Throwable cause) {
        return StartFailures.missingLibrary(instanceDir)
                .map(library -> new EmbeddedMysqlException(
                        StartFailures.missingLibraryMessage(library),
                        "bin/lib/ensure-mysql-deps.sh installs what the embedded mysqld needs",
                        cause))
                .orElseGet(() -> new EmbeddedMysqlException(
                        message + StartFailures.logTails(instanceDir),
                        "the server's own words are in " + errorLog(),
                        cause));
    }

    private static final class PortTakenException extends StartFailures.MysqldFailure {
        private static final long serialVersionUID = 1L;

        PortTakenException() {
            super("the port is taken");
        }
    }
}
