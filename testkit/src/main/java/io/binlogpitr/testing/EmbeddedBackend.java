package io.binlogpitr.testing;

import io.binlogpitr.testing.embedded.EmbeddedMysql;
import io.binlogpitr.testing.embedded.MysqlDistribution;
import io.binlogpitr.testing.embedded.MysqlSettings;

/** The default backend: a real MySQL 8.0.31 {@code mysqld} from the test class path's tarball. */
final class EmbeddedBackend implements MysqlBackend {
    private final EmbeddedMysql mysql;

    EmbeddedBackend(MysqlOptions options, int serverId) {
        this.mysql = EmbeddedMysql.start(
                MysqlSettings.defaults().withServerId(serverId).withFlags(options.flags()));
    }

    @Override
    public String host() {
        return mysql.host();
    }

    @Override
    public int port() {
        return mysql.port();
    }

    @Override
    public String rootPassword() {
        return "";
    }

    @Override
    public long pid() {
        return mysql.pid();
    }

    @Override
    public void start() {
        mysql.start();
    }

    @Override
    public void stop() {
        mysql.stop();
    }

    @Override
    public void kill() {
        mysql.kill();
    }

    @Override
    public void restart() {
        mysql.restart();
    }

    @Override
    public void close() {
        mysql.close();
    }

    @Override
    public String description() {
        return "embedded mysqld " + MysqlDistribution.VERSION + " in " + mysql.instanceDir();
    }
}
