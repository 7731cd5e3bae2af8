package io.binlogpitr.testing;

import java.util.ArrayList;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * MySQL in Docker through Testcontainers, chosen with {@code -Dit.mysql.image=mysql:8.4} (5.7, 8.0, 8.4, 9.x). The
 * options become {@code mysqld} arguments. A container cannot be stopped, killed or restarted in place here: those
 * tests run on the embedded backend.
 */
final class ContainerBackend implements MysqlBackend {
    private static final String ROOT_PASSWORD = "test";

    private final String image;
    private final MySQLContainer container;

    ContainerBackend(String image, MysqlOptions options, int serverId) {
        this.image = image;
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("-Dit.mysql.image=" + image
                    + " asks for MySQL in Docker, but no Docker engine answers here;"
                    + " start Docker, or drop -Dit.mysql.image to use the embedded mysqld 8.0.31");
        }
        List<String> args = new ArrayList<>();
        if (!options.flags().containsKey("server_id")) {
            args.add("--server-id=" + serverId);
        }
        args.add("--log-bin=binlog");
        options.flags().forEach((name, value) -> args.add(value.isEmpty() ? "--" + name : "--" + name + "=" + value));
        this.container = new MySQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("mysql"))
                .withPassword(ROOT_PASSWORD);
        container.withCommand(args.toArray(String[]::new));
        container.start();
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(MySQLContainer.MYSQL_PORT);
    }

    @Override
    public String rootPassword() {
        return ROOT_PASSWORD;
    }

    @Override
    public long pid() {
        throw unsupported("pid");
    }

    @Override
    public void start() {
        throw unsupported("start");
    }

    @Override
    public void stop() {
        throw unsupported("stop");
    }

    @Override
    public void kill() {
        throw unsupported("kill");
    }

    @Override
    public void restart() {
        throw unsupported("restart");
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String description() {
        return "docker " + image;
    }

    private UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException(what + " is not supported on MySQL in Docker (" + image
                + "): the container's port and data would not survive it; run this test on the embedded mysqld"
                + " (without -Dit.mysql.image)");
    }
}
